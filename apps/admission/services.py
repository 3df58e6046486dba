"""Writes on 发展党员: each step checks its rule (《中国共产党发展党员工作细则》, the article
cited where it is applied; the numbers in AdmissionPolicy), says exactly what is missing when it
refuses, and writes the step, its timeline row and the next step's 督办 deadline in one
transaction. Becoming a probationary or a full member changes the roster through orgs."""

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.errors import CoreError
from apps.core.forms import end_of_day
from apps.core.rules import clean_text
from apps.core.services import notify
from apps.core.timeline import timeline_write
from apps.learning.models import StudyRecord
from apps.meetings.choices import ATTENDED, MeetingStatus
from apps.meetings.models import Attendance
from apps.orgs.choices import MemberKind, PoliticalStatus, UnitKind
from apps.orgs.models import PartyMembership
from apps.orgs.scope import has_role, roles_of
from apps.orgs.services import party_standing_set
from apps.supervision.services import supervise, supervision_close

from . import rules
from .choices import AdmissionAction as A
from .choices import AdmissionStatus as S
from .choices import VoteKind
from .errors import AdmissionError
from .models import PARTY_ROLES, Admission, AdmissionEvent, AdmissionPolicy, Review, Vote

KIND = "admission"
NOTE_MAX = 2000
BRANCH_ROLES = (Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE, Role.PARTY_ADMIN)
# The stages a step may be taken from.
FROM = {
    A.TALK: (S.APPLICANT,),
    A.ACTIVIST: (S.APPLICANT,),
    A.REVIEW: (S.ACTIVIST, S.PROBATIONARY),
    A.CANDIDATE: (S.ACTIVIST,),
    A.POLITICAL: (S.CANDIDATE,),
    A.TRAINING: (S.CANDIDATE,),
    A.SPONSORS: (S.CANDIDATE,),
    A.PUBLICITY: (S.CANDIDATE,),
    A.VOTE: (S.CANDIDATE, S.PROBATIONARY),
    A.APPROVE: (S.ADMIT_PENDING, S.CONFIRM_PENDING),
    A.SEND_BACK: (S.ADMIT_PENDING, S.CONFIRM_PENDING),
}


# --- who may ---------------------------------------------------------------------------------


def can_run(user, admission) -> bool:
    """The branch's own steps: its secretary and committee members, and the party office."""
    return has_role(user, *BRANCH_ROLES, unit=admission.branch)


def can_approve(user, admission) -> bool:
    """The approval of a branch's resolution is the 基层党委's (细则第二十四条): a party role held
    on a 党委 above the branch, or the party office."""
    if getattr(user, "is_superuser", False):
        return True
    path = admission.branch.path
    return any(
        path.startswith(g.path)
        and g.path != path
        and (
            g.role == Role.PARTY_ADMIN
            or (g.role in PARTY_ROLES and g.kind == UnitKind.PARTY_COMMITTEE)
        )
        for g in roles_of(user)
    )


def can_apply(user, branch) -> bool:
    return branch is not None and has_role(user, *BRANCH_ROLES, unit=branch)


def _require(allowed: bool, message=None):
    if not allowed:
        raise CoreError.FORBIDDEN(message=message)


# --- checks ----------------------------------------------------------------------------------


def _from(admission, action):
    if admission.status not in FROM[action]:
        raise CoreError.BAD_TRANSITION(
            message=_("“%(action)s”不能在“%(status)s”阶段进行。")
            % {"action": A(action).label, "status": admission.get_status_display()}
        )


def _day(value, *, field: str, label, now, after: date | None = None, after_label=None):
    """A step's day: given, not in the future (the local day of `now`), not before the step it
    follows."""
    if value is None:
        raise CoreError.REQUIRED(field=field, label=label)
    if value > timezone.localdate(now):
        raise AdmissionError.FUTURE_DAY(field=field, label=label)
    if after is not None and value < after:
        raise AdmissionError.TOO_EARLY(field=field, label=label, after=after_label, day=after)
    return value


def _not_before(value: date, earliest: date, *, field: str, what, period):
    """A minimum interval: the day before `earliest` is refused, the day itself passes."""
    if value < earliest:
        raise AdmissionError.NOT_YET(
            field=field, what=what, period=period, day=earliest, typed=value
        )


def _full_members(people, *, field: str, role, admission, count: tuple[int, int]):
    """培养联系人 / 入党介绍人 are full members (细则第十条, 第十四条), never the person."""
    people = list(dict.fromkeys(people or []))
    low, high = count
    if not low <= len(people) <= high:
        if role == _("入党介绍人"):
            raise AdmissionError.SPONSORS_COUNT(field=field, n=low, got=len(people))
        raise AdmissionError.CONTACTS_COUNT(field=field, low=low, high=high)
    if any(p.pk == admission.person_id for p in people):
        raise AdmissionError.SELF_NAMED(field=field, role=role)
    full = set(
        PartyMembership.objects.filter(
            person__in=people, kind=MemberKind.FULL, person__deleted_at__isnull=True
        ).values_list("person_id", flat=True)
    )
    wrong = [p.name for p in people if p.pk not in full]
    if wrong:
        raise AdmissionError.NOT_FULL_MEMBER(field=field, names="、".join(wrong), role=role)
    return people


def _note(note, *, label=None, required=False, field="note"):
    return clean_text(
        note, field=field, label=label or _("说明"), limit=NOTE_MAX, required=required
    )


# --- writing a step --------------------------------------------------------------------------


def _locked(admission, action, *, actor, allowed=can_run, message=None) -> Admission:
    """The record, locked, for `action`: the actor may take the step and its stage admits it."""
    admission = (
        Admission.objects.select_for_update(of=("self",))
        .select_related("person", "branch")
        .get(pk=admission.pk)
    )
    _require(allowed(actor, admission), message)
    _from(admission, action)
    return admission


def _last_vote(admission):
    return admission.votes.order_by("-held_on", "-pk").first()


def _approving_unit(branch):
    """The 党委 that approves the branch's resolutions: the nearest above it (or the branch's
    parent when the tree has none)."""
    committee = branch.get_ancestors().filter(kind=UnitKind.PARTY_COMMITTEE).last()
    return committee or branch.get_parent() or branch


def _plan(admission, *, now: datetime) -> None:
    """The next step and its day, onto the record and into 督办 when it is a deadline."""
    policy = AdmissionPolicy.current()
    probation = admission.status in (S.PROBATIONARY, S.CONFIRM_PENDING)
    reviews = admission.reviews.filter(probation=probation)
    last = reviews.order_by("-reviewed_on").values_list("reviewed_on", flat=True).first()
    vote = _last_vote(admission)
    code, day = rules.next_step(
        admission, policy, last_review=last, vote_on=vote.held_on if vote else None
    )
    admission.next_step, admission.next_due = code, day
    admission.save(update_fields=["next_step", "next_due", "updated_at"])
    if code in rules.DEADLINES and day is not None:
        supervise(
            record=admission,
            kind=KIND,
            title=_("发展党员:%(name)s · %(step)s")
            % {"name": admission.person.name, "step": rules.NEXT_LABELS[code]},
            url=admission.get_absolute_url(),
            owner_unit=_approving_unit(admission.branch) if code == "approve" else admission.branch,
            due_at=end_of_day(day),
            now=now,
        )
    else:
        supervision_close(record=admission, at=now)


def _step(admission, action, source, *, actor, day, now, note="", on_time=None, data=None):
    timeline_write(
        AdmissionEvent,
        admission,
        actor=actor,
        action=action,
        from_status=source,
        to_status=admission.status,
        note=note,
        at=now,
        day=day,
        on_time=on_time,
        data=data or {},
    )
    _plan(admission, now=now)


def secretaries(branch) -> list:
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(
            role=Role.BRANCH_SECRETARY, unit=branch, user__is_active=True
        ).select_related("user")
    ]


# --- the steps -------------------------------------------------------------------------------


@transaction.atomic
def admission_apply(*, actor, person, branch, applied_on: date, now=None) -> Admission:
    """The branch receives a written application (细则第六条) from a person of at least the
    policy's age on that day (细则第五条: 年满十八岁)."""
    now = now or timezone.now()
    policy = AdmissionPolicy.current()
    if person is None:
        raise CoreError.REQUIRED(field="person", label=_("申请人"))
    if branch is None or branch.kind != UnitKind.BRANCH or branch.dissolved_at is not None:
        raise AdmissionError.NOT_BRANCH(field="branch")
    if not can_apply(actor, branch):
        raise AdmissionError.BRANCH_OUT_OF_REACH(field="branch")
    applied_on = _day(applied_on, field="applied_on", label=_("递交申请日期"), now=now)
    if person.political_status in (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY):
        raise AdmissionError.ALREADY_MEMBER(field="person", name=person.name)
    if person.birth_date is None:
        raise AdmissionError.NO_BIRTH_DATE(field="person", name=person.name, age=policy.min_age)
    adult = rules.birthday(person.birth_date, policy.min_age)
    if applied_on < adult:
        raise AdmissionError.TOO_YOUNG(
            field="applied_on", name=person.name, age=policy.min_age, day=adult
        )
    if Admission.objects.open().filter(person=person).exists():
        raise AdmissionError.ALREADY_OPEN(field="person", name=person.name)
    admission = Admission.objects.create(
        person=person, branch=branch, applied_on=applied_on, created_by=actor
    )
    _step(admission, A.APPLY, "", actor=actor, day=applied_on, now=now)
    notify(
        users=[u for u in secretaries(branch) if u.pk != actor.pk],
        title=_("新的入党申请:%(name)s") % {"name": person.name},
        body=_("请在一个月内派人谈话。"),
        url=admission.get_absolute_url(),
    )
    return admission


@transaction.atomic
def admission_talk(*, actor, admission, talked_on: date, talker=None, note="", now=None):
    """The branch talks with the applicant within the policy's days of the application
    (细则第七条: 一个月内); a later talk is recorded as late."""
    now = now or timezone.now()
    admission = _locked(admission, A.TALK, actor=actor)
    if admission.talked_on is not None:
        raise CoreError.BAD_TRANSITION(message=_("已经谈过话了。"))
    talked_on = _day(
        talked_on,
        field="talked_on",
        label=_("谈话日期"),
        now=now,
        after=admission.applied_on,
        after_label=_("递交申请日期"),
    )
    note = _note(note, label=_("谈话情况"), required=True)
    due = admission.next_due
    admission.talked_on, admission.talker = talked_on, talker
    admission.save()
    _step(
        admission,
        A.TALK,
        admission.status,
        actor=actor,
        day=talked_on,
        now=now,
        note=note,
        on_time=due is None or talked_on <= due,
    )
    return admission


@transaction.atomic
def admission_activist(*, actor, admission, decided_on: date, contacts, note="", now=None):
    """The branch committee names the applicant an activist (细则第九条) after the talk, and one
    or two full members as 培养联系人 (细则第十条)."""
    now = now or timezone.now()
    admission = _locked(admission, A.ACTIVIST, actor=actor)
    if admission.talked_on is None:
        raise AdmissionError.MISSING(items=_("谈话"))
    policy = AdmissionPolicy.current()
    decided_on = _day(
        decided_on,
        field="decided_on",
        label=_("支委会决定日期"),
        now=now,
        after=admission.talked_on,
        after_label=_("谈话日期"),
    )
    contacts = _full_members(
        contacts,
        field="contacts",
        role=_("培养联系人"),
        admission=admission,
        count=(policy.contacts_min, policy.contacts_max),
    )
    source = admission.status
    admission.status, admission.activist_on = S.ACTIVIST, decided_on
    admission.save()
    admission.contacts.set(contacts)
    _step(admission, A.ACTIVIST, source, actor=actor, day=decided_on, now=now, note=_note(note))
    return admission


@transaction.atomic
def admission_review(*, actor, admission, reviewed_on: date, note: str, now=None):
    """A half-yearly 考察 of an activist (细则第十二条) or of a probationary member in their
    year (细则第三十一条)."""
    now = now or timezone.now()
    admission = _locked(admission, A.REVIEW, actor=actor)
    probation = admission.status == S.PROBATIONARY
    start = admission.admitted_on if probation else admission.activist_on
    reviewed_on = _day(
        reviewed_on,
        field="reviewed_on",
        label=_("考察日期"),
        now=now,
        after=start,
        after_label=_("接收为预备党员日期") if probation else _("确定为积极分子日期"),
    )
    note = _note(note, label=_("考察意见"), required=True)
    due = admission.next_due if admission.next_step == "review" else None
    Review.objects.create(
        admission=admission,
        probation=probation,
        reviewed_on=reviewed_on,
        note=note,
        created_by=actor,
    )
    _step(
        admission,
        A.REVIEW,
        admission.status,
        actor=actor,
        day=reviewed_on,
        now=now,
        note=note,
        on_time=due is None or reviewed_on <= due,
    )
    return admission


def _reviews_kept(admission, *, probation: bool, since: date, until: date, policy):
    """One 考察 in every half year from `since` to `until`."""
    need = rules.months_between(since, until) // policy.review_months
    got = admission.reviews.filter(
        probation=probation, reviewed_on__gte=since, reviewed_on__lte=until
    ).count()
    if got < need:
        raise AdmissionError.REVIEWS_MISSING(since=since, need=need, got=got)


@transaction.atomic
def admission_candidate(*, actor, admission, decided_on: date, note="", now=None):
    """An activist of at least the policy's months (细则第十三条: 一年以上), reviewed every half
    year, becomes a 发展对象 by the branch committee's decision."""
    now = now or timezone.now()
    admission = _locked(admission, A.CANDIDATE, actor=actor)
    policy = AdmissionPolicy.current()
    decided_on = _day(decided_on, field="decided_on", label=_("支委会决定日期"), now=now)
    _not_before(
        decided_on,
        rules.add_months(admission.activist_on, policy.activist_months),
        field="decided_on",
        what=_("入党积极分子培养期"),
        period=_("%(n)d 个月") % {"n": policy.activist_months},
    )
    _reviews_kept(
        admission, probation=False, since=admission.activist_on, until=decided_on, policy=policy
    )
    source = admission.status
    admission.status, admission.candidate_on = S.CANDIDATE, decided_on
    admission.save()
    _step(admission, A.CANDIDATE, source, actor=actor, day=decided_on, now=now, note=_note(note))
    return admission


@transaction.atomic
def admission_political(*, actor, admission, done_on: date, passed: bool, note: str, now=None):
    """The 政治审查 of a 发展对象, with its conclusion (细则第十六条); one who fails is not
    admitted."""
    now = now or timezone.now()
    admission = _locked(admission, A.POLITICAL, actor=actor)
    done_on = _day(
        done_on,
        field="done_on",
        label=_("政治审查日期"),
        now=now,
        after=admission.candidate_on,
        after_label=_("列为发展对象日期"),
    )
    note = _note(note, label=_("政治审查结论"), required=True)
    if not passed:
        raise AdmissionError.POLITICAL_FAILED(field="passed")
    admission.political_on, admission.political_note = done_on, note
    admission.save()
    _step(admission, A.POLITICAL, admission.status, actor=actor, day=done_on, now=now, note=note)
    return admission


def learning_hours(person, start: date, end: date) -> Decimal:
    """The hours the learning area credited to the person from `start` to `end`."""
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, datetime.min.time(), tzinfo=tz)
    hi = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    total = StudyRecord.objects.filter(
        person=person, completed_at__gte=lo, completed_at__lt=hi
    ).aggregate(h=Sum("hours"))["h"]
    return total or Decimal(0)


def _hours(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        hours = Decimal(str(value))
    except InvalidOperation:
        raise AdmissionError.BAD_HOURS(field="hours") from None
    if not hours.is_finite() or not Decimal(0) <= hours <= Decimal(999):
        raise AdmissionError.BAD_HOURS(field="hours")
    return hours


@transaction.atomic
def admission_training(*, actor, admission, start: date, end: date, hours=None, now=None):
    """The 短期集中培训 of a 发展对象: at least the policy's days or hours (细则第十七条: 不少于
    三天或二十四个学时). The hours are the learning area's in those days where it has them,
    else those typed."""
    now = now or timezone.now()
    admission = _locked(admission, A.TRAINING, actor=actor)
    policy = AdmissionPolicy.current()
    start = _day(
        start,
        field="start",
        label=_("培训开始日期"),
        now=now,
        after=admission.candidate_on,
        after_label=_("列为发展对象日期"),
    )
    end = _day(end, field="end", label=_("培训结束日期"), now=now)
    if end < start:
        raise AdmissionError.TRAINING_ORDER(field="end")
    typed = _hours(hours)
    counted = learning_hours(admission.person, start, end) or typed or Decimal(0)
    days = (end - start).days + 1
    if days < policy.training_days and counted < policy.training_hours:
        raise AdmissionError.TRAINING_SHORT(
            field="end",
            days=policy.training_days,
            hours=policy.training_hours,
            got_days=days,
            got_hours=counted.normalize(),
        )
    admission.training_start, admission.training_end = start, end
    admission.training_hours = counted
    admission.save()
    _step(
        admission,
        A.TRAINING,
        admission.status,
        actor=actor,
        day=end,
        now=now,
        data={"days": days, "hours": str(counted)},
    )
    return admission


@transaction.atomic
def admission_sponsors(*, actor, admission, sponsors, note="", now=None):
    """Two full members as 入党介绍人 (细则第十四条); a probationary member cannot be one."""
    now = now or timezone.now()
    admission = _locked(admission, A.SPONSORS, actor=actor)
    policy = AdmissionPolicy.current()
    sponsors = _full_members(
        sponsors,
        field="sponsors",
        role=_("入党介绍人"),
        admission=admission,
        count=(policy.sponsors, policy.sponsors),
    )
    admission.sponsored_on = timezone.localdate(now)
    admission.save()
    admission.sponsors.set(sponsors)
    _step(
        admission,
        A.SPONSORS,
        admission.status,
        actor=actor,
        day=admission.sponsored_on,
        now=now,
        note=_note(note),
        data={"sponsors": [p.name for p in sponsors]},
    )
    return admission


def _missing_before_publicity(admission) -> list[str]:
    return [
        str(label)
        for label, done in (
            (_("政治审查"), admission.political_on),
            (_("集中培训"), admission.training_end),
            (_("入党介绍人"), admission.sponsored_on),
        )
        if not done
    ]


@transaction.atomic
def admission_publicity(*, actor, admission, start: date, now=None):
    """The 公示 of a 发展对象 once reviewed, trained and sponsored, for the policy's working days
    (the Party committees' 发展党员公示制; the 细则 sets no length, five working days is the
    common rule)."""
    now = now or timezone.now()
    admission = _locked(admission, A.PUBLICITY, actor=actor)
    missing = _missing_before_publicity(admission)
    if missing:
        raise AdmissionError.MISSING(items="、".join(missing))
    if start is None:
        raise CoreError.REQUIRED(field="start", label=_("公示开始日期"))
    if start < admission.training_end:
        raise AdmissionError.TOO_EARLY(
            field="start",
            label=_("公示开始日期"),
            after=_("培训结束日期"),
            day=admission.training_end,
        )
    policy = AdmissionPolicy.current()
    admission.publicity_start = start
    admission.publicity_end = rules.publicity_end(start, policy.publicity_workdays)
    admission.save()
    _step(admission, A.PUBLICITY, admission.status, actor=actor, day=start, now=now)
    return admission


def vote_count(*, branch, meeting, voters) -> dict:
    """The quorum and the voters of a branch general meeting (细则第二十条): those entitled are
    the branch's full members; present, those of them the meeting's attendance shows."""
    entitled = set(
        PartyMembership.objects.filter(
            branch=branch, kind=MemberKind.FULL, person__deleted_at__isnull=True
        ).values_list("person_id", flat=True)
    )
    present = set(
        Attendance.objects.filter(
            meeting=meeting, status__in=ATTENDED, person_id__in=entitled
        ).values_list("person_id", flat=True)
    )
    return {"entitled": len(entitled), "present": len(present), "ids": (entitled, present)}


def _count(value, field) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AdmissionError.BAD_COUNT(field=field)
    return value


@transaction.atomic
def admission_vote(
    *, actor, admission, meeting, voters, favour: int, against: int, abstain: int, now=None
):
    """The branch general meeting votes on receiving a 发展对象 (after the 公示 ends) or on the
    转正 of a probationary member (when the probation is over, 细则第三十三条). More than half of
    the entitled full members must be present (细则第二十条), and the resolution passes when more
    than half of ALL those entitled, not of those present, are in favour (细则第二十一条). A vote
    without quorum is refused; a vote held is recorded, passed or not."""
    now = now or timezone.now()
    admission = _locked(admission, A.VOTE, actor=actor)
    confirm = admission.status == S.PROBATIONARY
    if meeting is None:
        raise CoreError.REQUIRED(field="meeting", label=_("支部党员大会"))
    if meeting.unit_id != admission.branch_id or meeting.kind.code != "general_meeting":
        raise AdmissionError.MEETING_UNIT(field="meeting")
    if meeting.status != MeetingStatus.CLOSED:
        raise AdmissionError.MEETING_NOT_HELD(field="meeting")
    held_on = timezone.localdate(meeting.starts_at)
    if confirm:
        _not_before(
            held_on,
            admission.probation_end,
            field="meeting",
            what=_("预备期"),
            period=_("%(n)d 个月") % {"n": AdmissionPolicy.current().probation_months},
        )
    else:
        missing = _missing_before_publicity(admission)
        if not admission.publicity_end:
            missing.append(str(_("公示")))
        if missing:
            raise AdmissionError.MISSING(items="、".join(missing))
        if held_on <= admission.publicity_end:
            raise AdmissionError.TOO_EARLY(
                field="meeting",
                label=_("表决日期"),
                after=_("公示期满的次日"),
                day=admission.publicity_end + timedelta(days=1),
            )
    counted = vote_count(branch=admission.branch, meeting=meeting, voters=voters)
    entitled, present = counted["ids"]
    need = counted["entitled"] // 2 + 1
    if counted["present"] < need:
        raise AdmissionError.NO_QUORUM(
            field="meeting", entitled=counted["entitled"], present=counted["present"], need=need
        )
    voters = list(dict.fromkeys(voters or []))
    outsiders = [p.name for p in voters if p.pk not in entitled]
    if outsiders:
        raise AdmissionError.VOTER_NOT_ENTITLED(field="voters", names="、".join(outsiders))
    absent = [p.name for p in voters if p.pk not in present]
    if absent:
        raise AdmissionError.VOTER_ABSENT(field="voters", names="、".join(absent))
    favour = _count(favour, "favour")
    against = _count(against, "against")
    abstain = _count(abstain, "abstain")
    if favour + against + abstain != len(voters):
        raise AdmissionError.VOTE_SUM(
            field="favour", sum=favour + against + abstain, voters=len(voters)
        )
    passed = favour * 2 > counted["entitled"]
    vote = Vote.objects.create(
        admission=admission,
        kind=VoteKind.CONFIRM if confirm else VoteKind.ADMIT,
        meeting=meeting,
        held_on=held_on,
        entitled=counted["entitled"],
        present=counted["present"],
        favour=favour,
        against=against,
        abstain=abstain,
        passed=passed,
        created_by=actor,
    )
    vote.voters.set(voters)
    source = admission.status
    if passed:
        admission.status = S.CONFIRM_PENDING if confirm else S.ADMIT_PENDING
        admission.save()
    note = _("应到 %(e)d 人,实到 %(p)d 人;赞成 %(f)d,反对 %(a)d,弃权 %(b)d;%(r)s") % {
        "e": vote.entitled,
        "p": vote.present,
        "f": favour,
        "a": against,
        "b": abstain,
        "r": _("通过") if passed else _("赞成未超过应到会有表决权正式党员的半数,未通过"),
    }
    on_time = None
    if confirm:
        on_time = held_on <= admission.probation_end + timedelta(days=31)
    _step(admission, A.VOTE, source, actor=actor, day=held_on, now=now, note=note, on_time=on_time)
    return vote


def _pending_vote(admission) -> Vote:
    return admission.votes.filter(passed=True, decided_on__isnull=True).latest("held_on", "pk")


@transaction.atomic
def admission_approve(*, actor, admission, talked_on: date, decided_on: date, note="", now=None):
    """The higher committee talks with the person (细则第二十三条) and approves the branch's
    resolution, within the policy's months (细则第二十四条: 三个月内; later is recorded as late).
    Receiving makes a probationary member from the day of the branch's vote, for the policy's
    probation (党章第七条: 预备期一年); 转正 makes a full member from the day the probation ends
    (党章第七条)."""
    now = now or timezone.now()
    admission = _locked(
        admission, A.APPROVE, actor=actor, allowed=can_approve, message=_("只有上级党委可以审批。")
    )
    vote = _pending_vote(admission)
    talked_on = _day(
        talked_on,
        field="talked_on",
        label=_("党委谈话日期"),
        now=now,
        after=vote.held_on,
        after_label=_("支部大会表决日期"),
    )
    decided_on = _day(
        decided_on,
        field="decided_on",
        label=_("党委审批日期"),
        now=now,
        after=talked_on,
        after_label=_("党委谈话日期"),
    )
    note = _note(note)
    policy = AdmissionPolicy.current()
    due = rules.add_months(vote.held_on, policy.approval_months)
    vote.higher_talk_on, vote.decided_on, vote.approved = talked_on, decided_on, True
    vote.save()
    source = admission.status
    if source == S.ADMIT_PENDING:
        admission.status, admission.admitted_on = S.PROBATIONARY, vote.held_on
        admission.probation_end = rules.add_months(vote.held_on, policy.probation_months)
        admission.save()
        party_standing_set(
            actor=actor,
            person=admission.person,
            branch=admission.branch,
            kind=MemberKind.PROBATIONARY,
            joined_on=vote.held_on,
        )
    else:
        admission.status, admission.full_on = S.FULL, admission.probation_end
        admission.save()
        party_standing_set(
            actor=actor,
            person=admission.person,
            branch=admission.branch,
            kind=MemberKind.FULL,
            confirmed_on=admission.probation_end,
        )
    _step(
        admission,
        A.APPROVE,
        source,
        actor=actor,
        day=decided_on,
        now=now,
        note=note,
        on_time=decided_on <= due,
    )
    notify(
        users=secretaries(admission.branch),
        title=_("党委已批准:%(name)s,%(status)s")
        % {"name": admission.person.name, "status": admission.get_status_display()},
        url=admission.get_absolute_url(),
    )
    return admission


@transaction.atomic
def admission_send_back(*, actor, admission, decided_on: date, reason: str, now=None):
    """The higher committee sends the branch's resolution back with its reason: the person is
    where they were before the vote, and a new vote is needed. Both the vote and the reason stay
    on the record."""
    now = now or timezone.now()
    admission = _locked(
        admission,
        A.SEND_BACK,
        actor=actor,
        allowed=can_approve,
        message=_("只有上级党委可以退回。"),
    )
    vote = _pending_vote(admission)
    decided_on = _day(
        decided_on,
        field="decided_on",
        label=_("退回日期"),
        now=now,
        after=vote.held_on,
        after_label=_("支部大会表决日期"),
    )
    reason = _note(reason, label=_("退回理由"), required=True, field="reason")
    vote.decided_on, vote.approved, vote.reason = decided_on, False, reason
    vote.save()
    source = admission.status
    admission.status = S.CANDIDATE if source == S.ADMIT_PENDING else S.PROBATIONARY
    admission.save()
    _step(admission, A.SEND_BACK, source, actor=actor, day=decided_on, now=now, note=reason)
    notify(
        users=secretaries(admission.branch),
        title=_("党委退回:%(name)s") % {"name": admission.person.name},
        body=reason[:200],
        url=admission.get_absolute_url(),
    )
    return admission


POLICY_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)


def can_set_policy(user) -> bool:
    return has_role(user, *POLICY_ROLES)


@transaction.atomic
def policy_save(*, actor, **numbers) -> AdmissionPolicy:
    """The party office sets the numbers of the rules (audited); each is at least 1, and the
    fewest 培养联系人 are not more than the most."""
    _require(can_set_policy(actor), _("只有党群管理员或系统管理员可以修改发展党员设置。"))
    for field, value in numbers.items():
        if value is None or value < 1:
            raise CoreError.INVALID(field=field, message=_("须为不小于 1 的整数。"))
    if numbers["contacts_min"] > numbers["contacts_max"]:
        raise AdmissionError.CONTACTS_COUNT(
            field="contacts_min", low=numbers["contacts_min"], high=numbers["contacts_max"]
        )
    policy = AdmissionPolicy.objects.select_for_update().order_by("pk").first() or AdmissionPolicy()
    for field, value in numbers.items():
        setattr(policy, field, value)
    policy.save()
    return policy
