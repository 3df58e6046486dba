"""Demo joint meetings: the company's 党群工作联席会议 (convened by the 党委) and one per
general branch, meeting monthly for the past three years, with agendas, attendance, minutes,
resolutions and action items in realistic states, and their rows in the 督办 index.

Deterministic for a given `rng`; everything is bulk-inserted (no signals, no audit rows: this is
seed data), so the large company's few hundred sessions take seconds.
"""

import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core import bulk
from apps.orgs.choices import UnitKind
from apps.supervision.models import SupervisedItem

from .choices import ActionEventKind, ActionStatus, Cadence, Line, Presence, SessionStatus
from .models import (
    ActionEvent,
    ActionItem,
    AgendaTopic,
    Attendance,
    JointMeeting,
    JointMember,
    JointSession,
    Resolution,
)

BATCH = 2000
MONTHS = 36
TOPICS = {
    Line.POLITICAL: (
        "学习贯彻党的二十届三中全会精神",
        "深化“党建+生产经营”融合",
        "基层党支部标准化规范化建设",
        "党员先锋岗、责任区创建",
        "开展形势任务教育",
    ),
    Line.ADMINISTRATION: (
        "扭亏脱困三年行动阶段推进",
        "降本增效专项行动",
        "年度经营目标分解落实",
        "“两金”压降工作",
    ),
    Line.UNION: (
        "职工急难愁盼问题解决情况",
        "职工职业技能竞赛组织",
        "夏季“送清凉”活动",
        "困难职工帮扶救助",
        "合理化建议征集与落实",
    ),
    Line.LEAGUE: (
        "青年创新创效活动",
        "青年安全生产示范岗创建",
        "青年突击队攻坚任务",
        "青年职工成长座谈",
    ),
    Line.PRODUCTION: (
        "月度生产计划完成情况及下月安排",
        "重点订单交付保障",
        "设备检修计划协调",
    ),
    Line.TECHNOLOGY: ("关键工艺技术攻关", "技术创新项目立项", "产品质量提升攻关"),
    Line.SAFETY: (
        "安全生产百日攻坚",
        "隐患排查治理情况通报",
        "冬季“四防”工作部署",
        "“安全生产月”活动安排",
    ),
}
STEPS = (
    ("制定实施方案并印发", "方案印发,任务分解到车间班组"),
    ("建立工作台账,按月报送进展", "台账完整,每月进展按时报送"),
    ("组织专题推进会,协调解决难点问题", "难点问题形成清单并逐项销号"),
    ("开展专项检查并通报结果", "检查覆盖全部单位,问题整改率100%"),
    ("总结经验做法,形成典型案例", "形成可推广的典型案例1篇以上"),
    ("组织职工培训和宣传动员", "参训职工覆盖率达到90%以上"),
)
PLACES = ("公司办公楼三楼会议室", "党员活动室", "职工之家会议室", "综合楼一楼会议室")
PROGRESS = (
    "已召开专题会议研究部署,明确了责任人和时间节点。",
    "已完成阶段性任务,正在推进剩余工作。",
    "已与相关部门对接,难点问题已协调解决。",
)
RESULTS = (
    "已按要求完成,达到预期成效,相关材料已归档。",
    "任务全部完成,问题清单已全部销号。",
)


def line_of(unit) -> str:
    name = unit.name
    for mark, line in (
        ("党群", Line.POLITICAL),
        ("工会", Line.UNION),
        ("团", Line.LEAGUE),
        ("安全", Line.SAFETY),
        ("技术", Line.TECHNOLOGY),
        ("生产", Line.PRODUCTION),
        ("车间", Line.PRODUCTION),
    ):
        if mark in name:
            return line
    if unit.kind == UnitKind.UNION_COMMITTEE or unit.kind == UnitKind.UNION_BRANCH:
        return Line.UNION
    if unit.kind in (UnitKind.LEAGUE_COMMITTEE, UnitKind.LEAGUE_BRANCH):
        return Line.LEAGUE
    return Line.ADMINISTRATION


def _bodies(company_root, units) -> list[tuple[str, object, list]]:
    """(name, convener, member units): the company's body and one per general branch."""
    by_name = {u.name: u for u in units}
    party = next((u for u in units if u.kind == UnitKind.PARTY_COMMITTEE), None)
    if party is None:
        return []
    union = next((u for u in units if u.kind == UnitKind.UNION_COMMITTEE), None)
    league = next((u for u in units if u.kind == UnitKind.LEAGUE_COMMITTEE), None)
    wanted = ("党群工作部", "综合办公室", "行政办公室", "生产部", "技术部", "安全环保部", "安全部")
    members = [by_name[n] for n in wanted if n in by_name]
    members[2:2] = [u for u in (union, league) if u is not None]
    bodies = [("党群工作联席会议", party, members or [company_root])]
    served = {u.pk: u for u in units}
    for gb in (u for u in units if u.kind == UnitKind.GENERAL_BRANCH):
        kids = [
            served[u.serves_id]
            for u in units
            if u.kind == UnitKind.BRANCH
            and u.path.startswith(gb.path)
            and getattr(u, "serves_id", None) in served
        ]
        home = served.get(getattr(gb, "serves_id", None))
        mass = [
            u
            for u in units
            if home is not None
            and u.kind in (UnitKind.UNION_BRANCH, UnitKind.LEAGUE_BRANCH)
            and getattr(u, "serves_id", None) == home.pk
        ]
        # Departments that speak for a line (党群, 工会, 安全 …) first, then workshops; a general
        # branch with no plant of its own hears the company's union and league.
        kids.sort(key=lambda u: line_of(u) in (Line.ADMINISTRATION, Line.PRODUCTION))
        mass = mass or [u for u in (union, league) if u is not None]
        chosen = ([home] if home else []) + kids[:4] + mass
        if chosen:
            bodies.append((f"{gb.name}党群工作联席会议", gb, chosen))
    return bodies


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    """Three years of monthly sessions per body; items of recent sessions still open (some
    overdue), nearly all older ones closed, most on time."""
    bodies = _bodies(company_root, units)
    if not bodies or not people:
        return {"meetings": 0, "sessions": 0, "actions": 0}
    by_unit: dict[int, list] = {}
    for p in people:
        for unit_id in (p.department_id, p.team_id):
            if unit_id:
                by_unit.setdefault(unit_id, []).append(p)
    person_of = {p.pk: p for p in people}

    def person_for(unit):
        head = person_of.get(getattr(unit, "head_id", None))
        return head or rng.choice(by_unit.get(unit.pk) or people)

    with transaction.atomic():
        meetings, members = [], []
        for name, convener, units_in in bodies:
            meeting = JointMeeting(
                name=name,
                convener=convener,
                cadence=Cadence.MONTHLY,
                description="定期召集政工、行政、工会、共青团以及生产、技术、安全等部门负责人,"
                "共同研究部署重点工作。",
                created_at=now - timedelta(days=MONTHS * 31 + 20),
            )
            meetings.append(meeting)
            members.append(
                [
                    JointMember(
                        unit=u, line=line_of(u), person=person_for(u), sort=i, meeting=meeting
                    )
                    for i, u in enumerate(units_in, start=1)
                ]
            )
        bulk.insert(meetings)
        for meeting, rows in zip(meetings, members, strict=True):
            for m in rows:
                m.meeting = meeting
        bulk.insert([m for rows in members for m in rows])

        sessions, plans = [], []
        local_now = timezone.localtime(now)
        for meeting, rows in zip(meetings, members, strict=True):
            place = rng.choice(PLACES)
            for n, back in enumerate(range(MONTHS, -2, -1), start=1):
                year, month0 = divmod(local_now.year * 12 + local_now.month - 1 - back, 12)
                month = local_now.replace(year=year, month=month0 + 1, day=1)
                held = month.replace(day=rng.randint(8, 22), hour=14, minute=30, second=0)
                held = held.replace(microsecond=0)
                past = held < now
                session = JointSession(
                    meeting=meeting,
                    number=n,
                    held_at=held,
                    place=place,
                    topic_deadline=held - timedelta(days=3),
                    status=SessionStatus.PUBLISHED if past else SessionStatus.PLANNED,
                    minutes_published_at=held + timedelta(days=2) if past else None,
                    created_at=held - timedelta(days=10),
                )
                sessions.append(session)
                plans.append((session, rows, past))
        bulk.insert(sessions)

        topics, marks, resolutions, res_plan = [], [], [], []
        for session, rows, past in plans:
            speakers = rng.sample(rows, min(len(rows), rng.randint(3, 5)))
            chosen = []
            for order, m in enumerate(speakers, start=1):
                title = rng.choice(TOPICS[m.line] if m.line in TOPICS else TOPICS[Line.POLITICAL])
                chosen.append((m, title))
                topics.append(
                    AgendaTopic(
                        session=session,
                        unit_id=m.unit_id,
                        title=title,
                        description=f"{m.unit.name}汇报有关情况并提出下一步建议。",
                        order=order,
                        submitted_at=session.topic_deadline - timedelta(days=rng.randint(1, 5)),
                    )
                )
            if not past:
                continue
            for m in rows:
                roll = rng.random()
                presence = (
                    Presence.PRESENT
                    if roll < 0.84
                    else Presence.STAND_IN
                    if roll < 0.95
                    else Presence.ABSENT
                )
                stand_in = ""
                if presence == Presence.STAND_IN:
                    stand_in = rng.choice(by_unit.get(m.unit_id) or people).name
                marks.append(
                    Attendance(session=session, member=m, presence=presence, stand_in=stand_in)
                )
            items_html = "".join(f"<li>{m.unit.name}:{t}</li>" for m, t in chosen)
            session.minutes = (
                f"<p>{session.held_at:%Y年%m月%d日},{session.meeting.name}在{session.place}召开,"
                f"各成员单位负责人参加会议。</p><p><strong>会议听取了以下汇报:</strong></p>"
                f"<ol>{items_html}</ol><p>会议研究确定了议定事项,明确责任单位和完成时限,"
                f"纳入督办。</p>"
            )
            for number, (m, title) in enumerate(chosen[: rng.randint(2, 3)], start=1):
                resolutions.append(
                    Resolution(
                        session=session,
                        number=number,
                        text=f"围绕“{title}”,由{m.unit.name}牵头抓好落实,相关单位配合。",
                        created_at=session.held_at,
                    )
                )
                res_plan.append((m, title, rows))
        bulk.insert(topics)
        bulk.insert(marks)
        bulk.insert(resolutions)
        bulk.update(JointSession, [s for s, _r, past in plans if past], ["minutes"])

        items, steps = [], []
        for resolution, (lead, title, rows) in zip(resolutions, res_plan, strict=True):
            session = resolution.session
            for k in range(rng.choice((1, 1, 2))):
                m = lead if k == 0 else rng.choice(rows)
                step, expected = rng.choice(STEPS)
                owner = m.person or person_for(m.unit)
                start = session.held_at + timedelta(hours=2)
                due = (start + timedelta(days=rng.randint(20, 60))).replace(hour=18, minute=0)
                item = ActionItem(
                    meeting_id=session.meeting_id,
                    session=session,
                    resolution=resolution,
                    title=f"{title}:{step}"[:200],
                    expected_result=expected,
                    owner_unit_id=m.unit_id,
                    owner_person=owner,
                    due_at=due,
                    created_at=start,
                )
                span = (due - start).total_seconds()
                late = rng.random() < 0.12
                finish = start + timedelta(
                    seconds=span * (rng.uniform(1.05, 1.6) if late else rng.uniform(0.3, 0.95))
                )
                plan = [(ActionEventKind.CREATE, start, expected, due)]
                plan.append((ActionEventKind.PROGRESS, start + (finish - start) / 2, "", None))
                if finish < now and rng.random() < 0.97:
                    accepted = finish + timedelta(hours=rng.randint(4, 72))
                    plan.append((ActionEventKind.REQUEST, finish, rng.choice(RESULTS), None))
                    if accepted < now:
                        item.status, item.closed_at = ActionStatus.CLOSED, accepted
                        plan.append((ActionEventKind.ACCEPT, accepted, "同意办结。", None))
                    else:
                        item.status, item.requested_at = ActionStatus.REQUESTED, finish
                plan = [p for p in plan if p[1] < now]
                items.append(item)
                steps.append((owner, plan))
        bulk.insert(items)

        events, supervised = [], []
        ct = ContentType.objects.get_for_model(ActionItem)
        url = reverse("collab:action_detail", args=[0]).replace("/0/", "/%d/")
        for item, (owner, plan) in zip(items, steps, strict=True):
            for kind, at, note, due in plan:
                by_owner = kind in (ActionEventKind.PROGRESS, ActionEventKind.REQUEST)
                events.append(
                    ActionEvent(
                        item=item,
                        action=kind,
                        actor_name=owner.name if by_owner else "联席会议办公室",
                        at=at,
                        note=note or rng.choice(PROGRESS),
                        due_at=due,
                    )
                )
            supervised.append(
                SupervisedItem(
                    kind="action_item",
                    content_type=ct,
                    object_id=item.pk,
                    title=f"联席会议督办:{item.title}"[:200],
                    url=url % item.pk,
                    owner_unit_id=item.owner_unit_id,
                    owner_person_id=item.owner_person.pk,
                    due_at=item.due_at,
                    opened_at=item.created_at,
                    closed_at=item.closed_at,
                )
            )
        bulk.insert(events)
        bulk.insert(supervised)
    return {
        "meetings": len(meetings),
        "sessions": len(sessions),
        "actions": len(items),
        "events": len(events),
    }
