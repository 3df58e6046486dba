"""Demo meetings: a year of 三会一课, 主题党日 and 专题学习会 for every branch and party group.

Most required meetings are held, some are missed (so the compliance view shows gaps); invitees
are the members; ~92 % attend, some are on leave or absent with 补学 done or pending. Every
department's staff are invited to two or three 专题学习会 a year, so theory-education coverage
comes out high but not 100 %. `seed(...)` is deterministic for a given `rng`; attendance rows
are bulk-inserted (no signals, no audit rows: this is seed data). Each party group's members are
recorded; the level above has reviewed the branches' records older than a month.
"""

from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from apps.core import bulk
from apps.orgs.choices import EmploymentStatus, UnitKind
from apps.orgs.models import OrgUnit, PartyMembership

from .choices import (
    AttendanceStatus,
    MakeupStatus,
    MeetingStatus,
    RecordReviewStatus,
    SignMethod,
)
from .models import Attendance, Meeting, MeetingKind, PartyGroupMember, RecordReview
from .permissions import REVIEWED_UNIT_KINDS
from .services import kinds_ensure_defaults

BATCH = 5000
S = AttendanceStatus
TOPICS = {
    "general_meeting": (
        "审议支部年度工作计划",
        "讨论发展预备党员",
        "开展民主评议党员",
        "通报支部上半年工作",
        "组织生活会征求意见",
    ),
    "committee": (
        "研究本月党建重点工作",
        "研究扭亏脱困攻坚任务分解",
        "讨论入党积极分子培养",
        "研究党员先锋岗设置",
        "部署安全生产党员责任区",
    ),
    "group_meeting": (
        "学习习近平总书记重要讲话精神",
        "交流岗位建功体会",
        "讨论班组降本增效措施",
        "党员谈心谈话",
    ),
    "party_lecture": (
        "书记讲党课:传承红色基因 助力扭亏脱困",
        "党课:学习新修订的《中国共产党纪律处分条例》",
        "党课:以高质量党建引领高质量发展",
        "党课:弘扬劳模精神和工匠精神",
    ),
    "theme_day": (
        "重温入党誓词",
        "参观红色教育基地",
        "党员志愿服务进社区",
        "安全生产党员示范岗行动",
        "学习先进典型事迹",
        "“我为群众办实事”实践活动",
    ),
    "study_session": (
        "学习贯彻党的二十届三中全会精神专题学习会",
        "习近平新时代中国特色社会主义思想专题学习",
        "扭亏脱困形势任务教育专题学习会",
        "安全生产法律法规专题学习会",
        "党纪学习教育专题学习会",
        "国企改革深化提升行动专题学习",
    ),
}
PLACES = ("党员活动室", "三楼会议室", "职工之家", "车间会议室", "党建活动中心")
# (kind code, months between meetings, chance the required meeting is held)
PLAN = (
    ("committee", 1, 0.97),
    ("general_meeting", 3, 0.95),
    ("party_lecture", 3, 0.95),
    ("theme_day", 1, 0.96),
)
GROUP_HELD = 0.93
SESSION_SHARE = 0.78


def _months(now, n=12) -> list:
    first = timezone.localtime(now).date().replace(day=1)
    out = [first]
    for _i in range(n - 1):
        out.append((out[-1] - timedelta(days=1)).replace(day=1))
    return list(reversed(out))


def _slots(months, step) -> list[list]:
    """The months grouped by calendar month (step 1) or calendar quarter (step 3)."""
    out: dict[tuple, list] = {}
    for m in months:
        out.setdefault((m.year, (m.month - 1) // step), []).append(m)
    return list(out.values())


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(*, rng, company_root, people, units, now, count: int) -> dict:
    """A year of meetings under `company_root` (see the module docstring)."""
    kinds_ensure_defaults()
    kinds = {k.code: k for k in MeetingKind.objects.all()}
    under = [u for u in units if u.path.startswith(company_root.path)]
    branches = sorted((u for u in under if u.kind == UnitKind.BRANCH), key=lambda u: u.path)
    if not branches:
        return {"meetings": 0, "attendance": 0}
    groups: dict[str, list] = {}
    for u in sorted(under, key=lambda u: u.path):
        if u.kind == UnitKind.PARTY_GROUP:
            groups.setdefault(u.path[:-4], []).append(u)
    active = {p.pk: p for p in people if p.status == EmploymentStatus.ACTIVE}
    members: dict[int, list[int]] = {}
    posts: dict[int, list[int]] = {}
    for branch_id, person_id, post in (
        PartyMembership.objects.filter(branch__in=[b.pk for b in branches])
        .values_list("branch_id", "person_id", "party_post")
        .order_by("person_id")
    ):
        if person_id in active:
            members.setdefault(branch_id, []).append(person_id)
            if post:
                posts.setdefault(branch_id, []).append(person_id)
    months = _months(now)
    planned: list[tuple[Meeting, list[int]]] = []

    def add(unit, code, day, invitees, host):
        if not invitees:
            return
        if day.weekday() >= 5:  # meetings fall on working days
            day -= timedelta(days=day.weekday() - 4)
        hour = rng.choice((9, 14, 14, 15, 16))
        start = _at(day, hour, rng.choice((0, 30)))
        meeting = Meeting(
            unit=unit,
            kind=kinds[code],
            topic=rng.choice(TOPICS[code]),
            starts_at=start,
            ends_at=start + timedelta(minutes=rng.choice((60, 90, 120))),
            place=rng.choice(PLACES),
            host_id=host,
            recorder_id=rng.choice(invitees),
            agenda="1. 学习有关文件\n2. 讨论交流\n3. 布置下一步工作",
        )
        planned.append((meeting, invitees))

    # The org tree is entered at seed time, but the history below is a year long: the party
    # units were set up before it, or compliance would require nothing of the year shown.
    first = _at(months[0], 0)
    party_units = [*branches, *(g for gs in groups.values() for g in gs)]
    OrgUnit.objects.filter(pk__in=[u.pk for u in party_units], created_at__gt=first).update(
        created_at=first
    )
    group_rows: list[PartyGroupMember] = []

    for branch in branches:
        roll = members.get(branch.pk, [])
        if not roll:
            continue
        host = branch.head_id if branch.head_id in active else roll[0]
        committee = sorted({host, *posts.get(branch.pk, [])[:4]})
        for code, step, chance in PLAN:
            for slot in _slots(months, step):
                if rng.random() <= chance:
                    day = rng.choice(slot) + timedelta(days=rng.randint(3, 25))
                    add(branch, code, day, committee if code == "committee" else roll, host)
        for g, group in enumerate(groups.get(branch.path, [])):
            share = roll[g :: len(groups[branch.path])]
            group_rows += [PartyGroupMember(group=group, person_id=pk) for pk in share]
            for month in months:
                if rng.random() <= GROUP_HELD:
                    day = month + timedelta(days=rng.randint(3, 25))
                    add(group, "group_meeting", day, share, share[0])

    # 专题学习会: each department's staff, two or three times a year, held by its branch.
    served = {b.serves_id: b for b in branches if b.serves_id}
    staff: dict[int, list[int]] = {}
    dept_path = {u.pk: u.path for u in under if u.kind == UnitKind.DEPARTMENT}
    for person in active.values():
        staff.setdefault(person.department_id, []).append(person.pk)
    for dept_id in sorted(staff):
        branch = served.get(dept_id)
        if branch is None:
            # A team-level department without its own branch: the branch of its parent.
            path = dept_path.get(dept_id, "")
            branch = next(
                (served[d] for d, p in dept_path.items() if d in served and path.startswith(p)),
                branches[0],
            )
        host = branch.head_id if branch.head_id in active else members.get(branch.pk, [None])[0]
        if host is None:
            continue
        for _i in range(rng.choice((2, 2, 3))):
            # Shift workers on duty are not called away: each session invites about 4 in 5.
            invitees = [p for p in staff[dept_id] if rng.random() < SESSION_SHARE]
            day = rng.choice(months[:-1]) + timedelta(days=rng.randint(3, 25))
            add(branch, "study_session", day, invitees, host)

    # A few upcoming meetings in the next two weeks, planned and not yet signed in.
    today = timezone.localtime(now).date()
    for branch in branches[: max(3, len(branches) // 10)]:
        roll = members.get(branch.pk, [])
        if roll:
            host = branch.head_id if branch.head_id in active else roll[0]
            add(branch, "theme_day", today + timedelta(days=rng.randint(1, 14)), roll, host)

    with transaction.atomic():
        for meeting, _invitees in planned:
            if meeting.ends_at < now:
                meeting.status, meeting.closed_at = MeetingStatus.CLOSED, meeting.ends_at
                meeting.minutes = "<p>会议按议程进行,与会党员围绕主题逐一发言,形成一致意见。</p>"
                meeting.resolutions = "按会议要求抓好落实。"
        bulk.insert([m for m, _ in planned])
        bulk.insert(group_rows)
        # The level above has reviewed the records older than a month; the newer ones wait.
        recent = now - timedelta(days=30)
        bulk.insert(
            [
                RecordReview(
                    meeting=m,
                    status=RecordReviewStatus.PENDING
                    if m.starts_at >= recent
                    else RecordReviewStatus.APPROVED,
                    reviewed_at=None if m.starts_at >= recent else m.ends_at + timedelta(days=7),
                )
                for m, _ in planned
                if m.status == MeetingStatus.CLOSED and m.unit.kind in REVIEWED_UNIT_KINDS
            ]
        )
        # The attendance rows are the bulk of the data: tuples made as they are written, no
        # model instances.
        stamp = connection.ops.adapt_datetimefield_value
        made_rows = bulk.insert_rows(
            Attendance,
            COLUMNS,
            (
                _attendance(rng, meeting, person_id, meeting.status == MeetingStatus.CLOSED, stamp)
                for meeting, invitees in planned
                for person_id in invitees
            ),
        )
    return {"meetings": len(planned), "attendance": made_rows}


COLUMNS = (
    "meeting_id", "person_id", "status", "signed_in_at", "sign_method", "leave_reason",
    "makeup_status", "makeup_done_at", "makeup_note",
)  # fmt: skip


def _attendance(rng, meeting, person_id, closed, stamp) -> tuple:
    """One row of COLUMNS: ~88 % on time, 4 % late, 4 % on leave, 4 % absent; seven in ten of
    those who missed it have done their 补学."""
    if not closed:
        return (meeting.pk, person_id, S.INVITED, None, "", "", "", None, "")
    r = rng.random()
    start = meeting.starts_at
    if r < 0.88:
        method = SignMethod.QR if rng.random() < 0.9 else SignMethod.MANUAL
        at = stamp(start - timedelta(minutes=rng.randint(0, 20)))
        return (meeting.pk, person_id, S.PRESENT, at, method, "", "", None, "")
    if r < 0.92:
        at = stamp(start + timedelta(minutes=rng.randint(6, 30)))
        return (meeting.pk, person_id, S.LATE, at, SignMethod.QR, "", "", None, "")
    leave = r < 0.96
    done = rng.random() < 0.7
    return (
        meeting.pk,
        person_id,
        S.LEAVE if leave else S.ABSENT,
        None,
        "",
        "出差" if leave else "",
        MakeupStatus.DONE if done else MakeupStatus.PENDING,
        stamp(meeting.ends_at + timedelta(days=rng.randint(1, 10))) if done else None,
        "",
    )
