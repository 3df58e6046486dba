"""Writes of 谈心谈话: record a talk, turn a concern into an appeal or a 督办 follow-up (through
the appeals and supervision services, never their tables), and the quarterly report."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.appeals.models import Category
from apps.appeals.services import appeal_submit
from apps.core.errors import CoreError
from apps.core.rules import clean_text
from apps.core.timeline import timeline_write
from apps.orgs.models import OrgUnit, Person
from apps.orgs.scope import has_role, roles_of
from apps.supervision.services import supervise, supervision_close

from . import selectors
from .choices import PersonState, ReportStatus, TalkAction, TalkKind, TalkPlace
from .errors import TalkError
from .models import (
    POLITICAL_ROLES,
    RUBRIC,
    RUBRIC_MAX,
    Concern,
    ConcernTag,
    MoodReport,
    Talk,
    TalkEvent,
    TalkPolicy,
)
from .reports import report_figures

SUMMARY_MAX = 1000
FOLLOW_UP_MAX = 500
NOTE_MAX = 200
ANALYSIS_MIN, ANALYSIS_MAX = 50, 5000
FOLLOW_UP_DAYS = 14
ASSESSOR_ROLES = (Role.PARTY_ADMIN,)


def _choice(value, choices, *, field: str, label) -> str:
    if value not in choices.values:
        raise CoreError.BAD_CHOICE(field=field, label=label)
    return value


@transaction.atomic
def talk_record(
    *,
    actor,
    person: Person | None,
    day: date | None,
    place: str,
    kind: str,
    state: str,
    summary: str,
    follow_up: str = "",
    concerns: Sequence[tuple[ConcernTag, str]] = (),
) -> Talk:
    """A cadre of the political line records a talk with a person of the units their roles
    reach, on a day not in the future; each concern tag once, active tags only."""
    if not selectors.is_recorder(actor):
        raise TalkError.NOT_RECORDER()
    if person is None:
        raise TalkError.NO_PERSON(field="person")
    if not selectors.may_record(actor, person):
        raise TalkError.OUT_OF_SCOPE(field="person", name=person.name)
    if day is None:
        raise CoreError.REQUIRED(field="day", label=_("谈话日期"))
    if day > timezone.localdate():
        raise TalkError.FUTURE_DAY(field="day")
    talk = Talk.objects.create(
        talker=actor,
        talker_name=getattr(actor.person, "name", "") or actor.get_username(),
        person=person,
        unit=selectors.unit_of(person),
        day=day,
        place=_choice(place, TalkPlace, field="place", label=_("谈话地点")),
        kind=_choice(kind, TalkKind, field="kind", label=_("谈话类型")),
        state=_choice(state, PersonState, field="state", label=_("思想状态")),
        summary=clean_text(summary, field="summary", label=_("谈话要点"), limit=SUMMARY_MAX),
        follow_up=clean_text(
            follow_up, field="follow_up", label=_("后续跟进"), limit=FOLLOW_UP_MAX, required=False
        ),
    )
    seen = set()
    rows = []
    for tag, note in concerns:
        if tag is None or not tag.is_active:
            raise TalkError.BAD_TAG(field="tags")
        if tag.pk in seen:
            continue
        seen.add(tag.pk)
        note = clean_text(
            note, field="concern_note", label=_("问题说明"), limit=NOTE_MAX, required=False
        )
        rows.append(Concern(talk=talk, tag=tag, note=note))
    timeline_write(TalkEvent, talk, actor=actor, action=TalkAction.RECORDED)
    for row in rows:
        row.save()  # one by one: each concern is audited
        _step(talk, actor, TalkAction.CONCERN, row)
    return talk


def _step(talk: Talk, actor, action: str, concern: Concern, then: str = "", **kw) -> None:
    """A concern's step on the talk's timeline, noted with its tag (and its note), and `then`
    what it became."""
    note = f"{concern.described} → {then}" if then else concern.described
    timeline_write(
        TalkEvent, talk, actor=actor, action=action, note=note, data={"concern": concern.pk}, **kw
    )


def _talk_url(talk: Talk) -> str:
    return reverse("talks:detail", args=[talk.pk])


def _concern_locked(concern: Concern) -> Concern:
    concern = Concern.objects.select_for_update().select_related("talk", "tag").get(pk=concern.pk)
    if concern.linked:
        raise TalkError.ALREADY_LINKED()
    return concern


def _appeal_category(tag: ConcernTag) -> Category:
    if tag.appeal_category_id and tag.appeal_category.is_active:
        return tag.appeal_category
    active = Category.objects.filter(is_active=True)
    found = active.filter(name="其他").first() or active.first()
    if found is None:
        raise TalkError.NO_APPEAL_CATEGORY()
    return found


@transaction.atomic
def concern_to_appeal(*, actor, concern: Concern, description: str = "") -> Concern:
    """The concern becomes an 急难愁盼 appeal, lodged by the cadre through the appeals service
    (in the tag's appeal category); the concern keeps the link. Once only."""
    concern = _concern_locked(concern)
    text = (description or concern.note or "").strip()
    appeal, _code = appeal_submit(
        actor=actor,
        category=_appeal_category(concern.tag),
        title=_("谈心谈话反映:%(tag)s") % {"tag": concern.tag.name},
        description=_("%(text)s(谈心谈话中职工反映,由谈话人代为提出)") % {"text": text}
        if text
        else "",
    )
    concern.appeal = appeal
    concern.save(update_fields=["appeal"])
    _step(concern.talk, actor, TalkAction.APPEALED, concern, then=appeal.number)
    return concern


def _office(actor, unit: OrgUnit) -> OrgUnit:
    """The actor's political unit that reaches `unit` (a branch also its bound department):
    it owns the follow-up, so the 督办 item stays on the political line."""
    ids = [g.unit_id for g in roles_of(actor) if g.role in POLITICAL_ROLES]
    for office in OrgUnit.objects.filter(pk__in=ids).select_related("serves").order_by("-depth"):
        served = office.serves.path if office.serves_id else None
        if unit.path.startswith(office.path) or (served and unit.path.startswith(served)):
            return office
    return unit


@transaction.atomic
def concern_follow_up(*, actor, concern: Concern, due: date | None = None) -> Concern:
    """The concern becomes a supervised follow-up (督办) owned by the cadre's political unit
    and the cadre, due in FOLLOW_UP_DAYS by default. Once only."""
    concern = _concern_locked(concern)
    today = timezone.localdate()
    due = due or today + timedelta(days=FOLLOW_UP_DAYS)
    if due <= today:
        raise CoreError.DEADLINE_PAST(field="due")
    due_at = timezone.make_aware(datetime.combine(due, datetime.max.time()))
    supervise(
        record=concern,
        kind="talk_concern",
        title=_("谈心谈话问题跟进:%(tag)s") % {"tag": concern.tag.name},
        url=_talk_url(concern.talk),
        owner_unit=_office(actor, concern.talk.unit),
        owner_person=actor.person,
        due_at=due_at,
        assigned_by=actor,
    )
    concern.follow_up_due = due_at
    concern.save(update_fields=["follow_up_due"])
    _step(concern.talk, actor, TalkAction.FOLLOWED, concern, due_at=due_at)
    return concern


@transaction.atomic
def concern_follow_up_close(*, actor, concern: Concern) -> Concern:
    """A follow-up under 督办 is done: it leaves the open 督办 list."""
    concern = Concern.objects.select_for_update().select_related("talk", "tag").get(pk=concern.pk)
    if concern.follow_up_due is None or concern.follow_up_closed_at is not None:
        raise TalkError.NOT_FOLLOWING()
    concern.follow_up_closed_at = timezone.now()
    concern.save(update_fields=["follow_up_closed_at"])
    supervision_close(record=concern, at=concern.follow_up_closed_at)
    _step(concern.talk, actor, TalkAction.CLOSED, concern)
    return concern


SETTINGS_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)


@transaction.atomic
def policy_save(*, actor, months_per_cycle: int) -> TalkPolicy:
    """The party or system admins set the coverage cycle (a divisor of twelve months)."""
    if not has_role(actor, *SETTINGS_ROLES):
        raise TalkError.NOT_SETTER()
    if months_per_cycle not in dict(TalkPolicy._meta.get_field("months_per_cycle").choices):
        raise CoreError.BAD_CHOICE(field="months_per_cycle", label=_("覆盖周期"))
    policy = TalkPolicy.objects.select_for_update().order_by("pk").first() or TalkPolicy()
    policy.months_per_cycle = months_per_cycle
    policy.save()
    return policy


# --- 思想动态调研报告 ----------------------------------------------------------------------------


@transaction.atomic
def report_submit(
    *, actor, unit: OrgUnit, year: int, quarter: int, analysis: str, measures: str = ""
) -> MoodReport:
    """A unit's cadre submits its quarter's report once; the platform's figures are frozen
    into it at that moment (nobody types them)."""
    if not selectors.reporting_units(user=actor).filter(pk=unit.pk).exists():
        raise TalkError.NOT_REPORTER()
    if not selectors.quarter_begun(year, quarter):
        raise TalkError.BAD_QUARTER(field="quarter")
    if MoodReport.objects.filter(unit=unit, year=year, quarter=quarter).exists():
        raise TalkError.REPORT_EXISTS(unit=unit.name, period=f"{year}Q{quarter}")
    analysis = clean_text(analysis, field="analysis", label=_("思想动态分析"), limit=ANALYSIS_MAX)
    if len(analysis) < ANALYSIS_MIN:
        raise TalkError.ANALYSIS_SHORT(field="analysis", min=ANALYSIS_MIN)
    return MoodReport.objects.create(
        unit=unit,
        year=year,
        quarter=quarter,
        figures=report_figures(user=actor, unit=unit, year=year, quarter=quarter),
        analysis=analysis,
        measures=clean_text(
            measures, field="measures", label=_("工作措施"), limit=ANALYSIS_MAX, required=False
        ),
        submitted_by=actor,
    )


@transaction.atomic
def report_score(
    *, actor, report: MoodReport, scores: dict[str, int], note: str = ""
) -> MoodReport:
    """The 党群工作部 scores a submitted report once, each rubric item 0–RUBRIC_MAX."""
    if not has_role(actor, *ASSESSOR_ROLES, unit=report.unit):
        raise TalkError.NOT_ASSESSOR()
    report = MoodReport.objects.select_for_update().get(pk=report.pk)
    if report.status == ReportStatus.SCORED:
        raise TalkError.SCORED()
    for field, _label in RUBRIC:
        value = scores.get(field)
        if value is None or not 0 <= value <= RUBRIC_MAX:
            raise TalkError.BAD_SCORE(field=field, max=RUBRIC_MAX)
        setattr(report, field, value)
    report.score = sum(scores[field] for field, _label in RUBRIC)
    report.score_note = clean_text(note, field="note", label=_("评语"), limit=1000, required=False)
    report.status = ReportStatus.SCORED
    report.scored_by, report.scored_at = actor, timezone.now()
    report.save()
    return report
