"""Writes of 量化考核: a scheme opens only with weights summing to 100 and complete rules; a
scheme with a locked period refuses edits; period_compute scores every unit from the registered
calculators, one call per item for all units, then ranks and grades them.

A period is open (scored, recomputed nightly), then in 公示 for the scheme's number of working
days (each unit sees its scorecard and may object, 申诉), then locked: a snapshot that refuses
computation, manual scores and adjustments (`KpiError.LOCKED`)."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.choices import Role
from apps.accounts.models import User
from apps.core import indicators
from apps.core.errors import CoreError
from apps.core.progress import progress_get, progress_put
from apps.core.services import attachment_create, notify
from apps.core.timeline import timeline_write
from apps.core.workdays import add_workdays
from apps.orgs.models import OrgUnit
from apps.orgs.scope import has_role, held_paths, reaches, subtrees_q

from . import rules
from .choices import (
    AdjustmentKind,
    ObjectionAction,
    ObjectionStatus,
    PeriodAction,
    PeriodStatus,
    RuleKind,
    SchemeStatus,
    Source,
    Vote,
)
from .errors import KpiError
from .models import (
    Adjustment,
    CadreReview,
    CadreVote,
    KpiSettings,
    ManualScore,
    Objection,
    ObjectionEvent,
    Period,
    PeriodEvent,
    Scheme,
    SchemeItem,
    Scorecard,
    ScoreLine,
)

ASSESSOR_ROLES = (Role.PARTY_ADMIN,)
# Who is told of the 公示 of their unit's result: the roles held on the unit itself.
UNIT_ROLES = (Role.DEPARTMENT_HEAD, Role.BRANCH_SECRETARY, Role.TEAM_LEADER)


def scheme_check(scheme: Scheme) -> None:
    """Weights sum to exactly 100 and each item's rule is complete."""
    items = list(scheme.items.select_related("indicator"))
    if not items:
        raise KpiError.NO_ITEMS()
    total = sum((Decimal(i.weight) for i in items), Decimal(0))
    if total != 100:
        raise KpiError.WEIGHTS_NOT_100(field="weight", total=format(total.normalize(), "f"))
    for item in items:
        name = item.indicator.name
        if item.rule == RuleKind.LINEAR and (
            item.floor is None or item.target is None or item.floor == item.target
        ):
            raise KpiError.LINEAR_INCOMPLETE(name=name)
        if item.rule == RuleKind.STEPS and not item.steps:
            raise KpiError.STEPS_EMPTY(name=name)
        source = item.indicator.source
        if source == Source.COMPUTED and indicators.get(item.indicator.calculator) is None:
            raise KpiError.NO_CALCULATOR(name=name)


def scheme_guard(scheme: Scheme) -> None:
    """A scheme with a locked period is a snapshot: its items and weights stay as they were."""
    if (
        scheme.status == SchemeStatus.LOCKED
        or scheme.periods.filter(status=PeriodStatus.LOCKED).exists()
    ):
        raise KpiError.SCHEME_LOCKED()


@transaction.atomic
def scheme_open(*, actor, scheme: Scheme) -> Scheme:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    scheme_guard(scheme)
    scheme_check(scheme)
    scheme.status = SchemeStatus.OPEN
    scheme.save()
    return scheme


@transaction.atomic
def item_save(*, actor, item: SchemeItem) -> SchemeItem:
    """Add or change a scheme's item, unless the scheme is locked."""
    scheme_guard(Scheme.objects.select_for_update().get(pk=item.scheme_id))
    item.save()
    return item


def period_units(period: Period) -> list[OrgUnit]:
    """The units a period scores: every live unit of the scheme's kind."""
    return list(
        OrgUnit.objects.alive()
        .filter(kind=period.scheme.unit_kind)
        .only("pk", "path", "kind", "name")
        .order_by("path")
    )


def is_assessor(user, period: Period) -> bool:
    """A 党群工作部 role whose subtrees hold every unit the period scores."""
    if not has_role(user, *ASSESSOR_ROLES):
        return False
    if user.is_superuser:
        return True
    paths = held_paths(user, *ASSESSOR_ROLES)
    kind = period.scheme.unit_kind
    return not OrgUnit.objects.alive().filter(kind=kind).exclude(subtrees_q(paths)).exists()


def assessor_check(user, period: Period) -> None:
    if not is_assessor(user, period):
        raise KpiError.NOT_ASSESSOR()


def period_guard(period: Period) -> None:
    """A locked period is a snapshot: nothing scored for it changes."""
    if period.status == PeriodStatus.LOCKED:
        raise KpiError.LOCKED()


def _scored_save(actor, record):
    """Save a manual score or an adjustment with its assessor, unless its period is locked."""
    period_guard(Period.objects.select_for_update().get(pk=record.period_id))
    if getattr(actor, "is_authenticated", False):
        record.assessor = actor
    record.save()
    return record


@transaction.atomic
def manual_score_save(*, actor, score: ManualScore) -> ManualScore:
    """Enter or correct a manual score, unless its period is locked."""
    return _scored_save(actor, score)


@transaction.atomic
def adjustment_save(*, actor, adjustment: Adjustment) -> Adjustment:
    """Record or correct a 加分/扣分/一票否决, unless its period is locked."""
    return _scored_save(actor, adjustment)


@transaction.atomic
def manual_score_delete(*, actor, score: ManualScore) -> None:
    """Withdraw a manual score (the unit is unscored again), unless its period is locked."""
    period_guard(Period.objects.select_for_update().get(pk=score.period_id))
    score.delete()


@transaction.atomic
def adjustment_delete(*, actor, adjustment: Adjustment) -> None:
    period_guard(Period.objects.select_for_update().get(pk=adjustment.period_id))
    adjustment.delete()


def compute_key(period: Period) -> str:
    return f"tongxin:kpi-compute:{period.pk}"


# A computation not heard of for this long is taken for dead (its worker stopped).
COMPUTE_STALE = 30 * 60


def compute_progress(period: Period) -> dict | None:
    """{"processed", "total"} of the period's running computation, or None when none runs."""
    return progress_get(compute_key(period), stale_after=COMPUTE_STALE)


def period_compute_start(*, actor, period: Period) -> Period:
    """The assessor's 计算 button: queue the computation (the task reports its progress). Only
    an open period; one computation at a time."""
    from .tasks import period_compute_task

    assessor_check(actor, period)
    with transaction.atomic():
        period = Period.objects.select_for_update().select_related("scheme").get(pk=period.pk)
        period_guard(period)
        if period.status != PeriodStatus.OPEN:
            raise KpiError.NOT_OPEN()
        if compute_progress(period) is not None:
            raise KpiError.COMPUTING()
        if period.scheme.status != SchemeStatus.OPEN:
            raise KpiError.SCHEME_DRAFT()
        scheme_check(period.scheme)
        steps = period.scheme.items.count() + 1
        timeline_write(PeriodEvent, period, actor=actor, action=PeriodAction.COMPUTE)

        def queue():
            progress_put(compute_key(period), 0, steps)  # the bar shows before the worker starts
            period_compute_task(period.pk)

        transaction.on_commit(queue)
    return period


@transaction.atomic
def period_compute(
    period: Period, *, now=None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Every unit's scorecard for the period: one calculator call per computed item for all
    units, manual scores as entered, adjustments added, ranked within the peer group and graded
    (一票否决 capping the grade, the scheme's quota limiting 优秀). Returns the number of
    scorecards; a locked period refuses. `progress(done, steps)` after each item."""
    now = now or timezone.now()
    period = Period.objects.select_for_update().select_related("scheme").get(pk=period.pk)
    period_guard(period)
    units = period_units(period)
    items = list(period.scheme.items.select_related("indicator"))
    steps = len(items) + 1
    manual = {(m.item_id, m.unit_id): m.value for m in ManualScore.objects.filter(period=period)}
    values: dict[int, dict[int, indicators.Value]] = {}
    for done, item in enumerate(items, start=1):
        if item.indicator.source == Source.COMPUTED:
            calc = indicators.get(item.indicator.calculator)
            if calc is None:
                raise KpiError.NO_CALCULATOR(name=item.indicator.name)
            values[item.pk] = calc.fn(units=units, start=period.start, end=period.end)
        else:
            values[item.pk] = {u.pk: indicators.Value(manual.get((item.pk, u.pk))) for u in units}
        if progress:
            progress(done, steps)
    bonus: dict[int, Decimal] = {}
    vetoed: set[int] = set()
    for adj in Adjustment.objects.filter(period=period):
        if adj.kind == AdjustmentKind.VETO:
            vetoed.add(adj.unit_id)
        sign = -1 if adj.kind == AdjustmentKind.DEDUCT else 1
        bonus[adj.unit_id] = bonus.get(adj.unit_id, Decimal(0)) + sign * Decimal(adj.points)

    cards = {c.unit_id: c for c in Scorecard.objects.filter(period=period)}
    new = [Scorecard(period=period, unit=u) for u in units if u.pk not in cards]
    for card in Scorecard.objects.bulk_create(new):
        cards[card.unit_id] = card
    ScoreLine.objects.filter(scorecard__period=period).delete()
    lines, totals = [], dict.fromkeys((u.pk for u in units), Decimal(0))
    for item in items:
        by_unit = values[item.pk]
        peers = [v.value for v in by_unit.values()]
        for u in units:
            v = by_unit.get(u.pk) or indicators.Value(None)
            pts = rules.points(item, v.value, peers)
            totals[u.pk] += pts
            lines.append(
                ScoreLine(
                    scorecard=cards[u.pk],
                    item=item,
                    value=v.value,
                    numerator=v.numerator,
                    denominator=v.denominator,
                    points=pts,
                    url=v.url,
                    computed_at=now,
                )
            )
    ScoreLine.objects.bulk_create(lines, batch_size=2000)
    for u in units:
        cards[u.pk].total = totals[u.pk] + bonus.get(u.pk, Decimal(0))
    placed = rules.place(
        {u.pk: cards[u.pk].total for u in units}, vetoed, quota=period.scheme.excellent_quota
    )
    for u in units:
        card = cards[u.pk]
        card.rank, card.grade = placed[u.pk]
        card.peers, card.vetoed = len(units), u.pk in vetoed
    Scorecard.objects.bulk_update(
        [cards[u.pk] for u in units],
        ["total", "grade", "rank", "peers", "vetoed"],
        batch_size=2000,
    )
    Period.objects.filter(pk=period.pk).update(computed_at=now)
    if progress:
        progress(steps, steps)
    return len(units)


def _period_step(actor, period: Period, status: str) -> Period:
    """The period, locked for the step of its assessor, when it is in `status`."""
    assessor_check(actor, period)
    period = Period.objects.select_for_update().select_related("scheme").get(pk=period.pk)
    period_guard(period)
    if period.status != status:
        raise CoreError.BAD_TRANSITION()
    return period


@transaction.atomic
def period_publish(*, actor, period: Period, today: date | None = None) -> Period:
    """Start the 公示: the scorecards become visible to their units, who may object until the
    end of the scheme's number of working days."""
    period = _period_step(actor, period, PeriodStatus.OPEN)
    if period.computed_at is None:
        raise KpiError.NOT_COMPUTED()
    if compute_progress(period) is not None:
        raise KpiError.COMPUTING()
    today = today or timezone.localdate()
    period.public_until = add_workdays(today, period.scheme.publicity_days)
    period.status = PeriodStatus.PUBLIC
    period.save()
    timeline_write(
        PeriodEvent,
        period,
        actor=actor,
        action=PeriodAction.PUBLISH,
        from_status=PeriodStatus.OPEN,
        to_status=PeriodStatus.PUBLIC,
        data={"public_until": period.public_until.isoformat()},
    )
    heads = User.objects.filter(
        role_assignments__unit__in=[u.pk for u in period_units(period)],
        role_assignments__role__in=UNIT_ROLES,
    ).distinct()
    notify(
        users=heads,
        title=_("考核结果公示:%(scheme)s") % {"scheme": period.scheme.name},
        body=_("本单位的考核结果已公示至 %(day)s,如有异议请在公示期内申诉。")
        % {"day": period.public_until.isoformat()},
        url=reverse("kpi:period", args=[period.pk]),
        dedupe_key=f"kpi:publish:{period.pk}",
    )
    return period


@transaction.atomic
def period_lock(*, actor, period: Period, today: date | None = None) -> Period:
    """Lock after the 公示 with every objection answered: from now on a snapshot."""
    period = _period_step(actor, period, PeriodStatus.PUBLIC)
    today = today or timezone.localdate()
    if today <= period.public_until:
        raise KpiError.WINDOW_OPEN(day=period.public_until.isoformat())
    pending = Objection.objects.filter(
        scorecard__period=period, status=ObjectionStatus.PENDING
    ).count()
    if pending:
        raise KpiError.OBJECTIONS_PENDING(n=pending)
    period.status = PeriodStatus.LOCKED
    period.locked_at = timezone.now()
    period.save()
    timeline_write(
        PeriodEvent,
        period,
        actor=actor,
        action=PeriodAction.LOCK,
        from_status=PeriodStatus.PUBLIC,
        to_status=PeriodStatus.LOCKED,
    )
    return period


def may_object(user, card: Scorecard) -> bool:
    """A role on the unit itself (its head, its 书记) may object for it; not its assessor."""
    return reaches(user, card.unit) and not is_assessor(user, card.period)


@transaction.atomic
def objection_raise(
    *,
    actor,
    card: Scorecard,
    reason: str,
    line: ScoreLine | None = None,
    evidence=None,
    today: date | None = None,
) -> Objection:
    """申诉 on a scorecard (one line, or the total) inside the 公示 window only."""
    period = Period.objects.select_for_update().get(pk=card.period_id)
    today = today or timezone.localdate()
    if period.status == PeriodStatus.LOCKED or (
        period.status == PeriodStatus.PUBLIC and today > period.public_until
    ):
        raise KpiError.WINDOW_CLOSED(day=period.public_until.isoformat())
    if period.status != PeriodStatus.PUBLIC:
        raise KpiError.NOT_PUBLIC()
    if not may_object(actor, card):
        raise KpiError.NOT_OWN_UNIT()
    if line is not None and line.scorecard_id != card.pk:
        raise KpiError.LINE_OTHER_CARD(field="line")
    if not (reason or "").strip():
        raise KpiError.REASON_REQUIRED(field="reason")
    if Objection.objects.filter(scorecard=card, line=line, status=ObjectionStatus.PENDING).exists():
        raise KpiError.OBJECTION_OPEN(field="line")
    objection = Objection.objects.create(
        scorecard=card,
        line=line,
        indicator=line.item.indicator.name if line is not None else "",
        reason=reason.strip(),
        raised_by=actor,
    )
    if evidence:
        objection.evidence = attachment_create(actor=actor, upload=evidence, owner=objection)
        objection.save(update_fields=["evidence"])
    timeline_write(
        ObjectionEvent,
        objection,
        actor=actor,
        action=ObjectionAction.RAISE,
        to_status=ObjectionStatus.PENDING,
        note=objection.reason,
    )
    return objection


@transaction.atomic
def objection_answer(
    *,
    actor,
    objection: Objection,
    accept: bool,
    answer: str,
    points: Decimal | None = None,
) -> Objection:
    """The assessor's answer: accepted, the unit's score is corrected by `points` (加分 when
    positive, 扣分 when negative, none when the correction was made elsewhere, a manual score)
    and the period recomputed; rejected, with the reason."""
    objection = (
        Objection.objects.select_for_update()
        .select_related("scorecard__period__scheme", "scorecard__unit")
        .get(pk=objection.pk)
    )
    card = objection.scorecard
    assessor_check(actor, card.period)
    period_guard(card.period)
    if objection.status != ObjectionStatus.PENDING:
        raise KpiError.ALREADY_ANSWERED()
    if not (answer or "").strip():
        raise KpiError.ANSWER_REQUIRED(field="answer")
    status = ObjectionStatus.ACCEPTED if accept else ObjectionStatus.REJECTED
    objection.status = status
    objection.answer = answer.strip()
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save()
    if accept:
        if points:
            adjustment_save(
                actor=actor,
                adjustment=Adjustment(
                    period=card.period,
                    unit=card.unit,
                    kind=AdjustmentKind.BONUS if points > 0 else AdjustmentKind.DEDUCT,
                    points=abs(points),
                    reason=objection.answer,
                ),
            )
        period_compute(card.period)
    timeline_write(
        ObjectionEvent,
        objection,
        actor=actor,
        action=ObjectionAction.ACCEPT if accept else ObjectionAction.REJECT,
        from_status=ObjectionStatus.PENDING,
        to_status=status,
        note=objection.answer,
        data={"points": str(points)} if accept and points else {},
    )
    return objection


# The 党委 / 党群工作部 (party admin) or a system admin keeps the indicators, the schemes and
# the 薪酬激励 coefficients.
SETUP_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)


def can_set_up(user) -> bool:
    """Whether the user keeps the indicators, schemes and settings of 量化考核 (one check for
    every setup page, API and service)."""
    return has_role(user, *SETUP_ROLES)


@transaction.atomic
def settings_save(*, actor, excellent, good, fair, poor) -> KpiSettings:
    """The 薪酬激励 coefficients, each grade at least the next one's."""
    if not can_set_up(actor):
        raise KpiError.NOT_ASSESSOR()
    if not excellent >= good >= fair >= poor >= 0:
        raise KpiError.COEFFICIENT_ORDER(field="excellent")
    row = KpiSettings.objects.select_for_update().order_by("pk").first() or KpiSettings()
    row.excellent, row.good, row.fair, row.poor = excellent, good, fair, poor
    row.save()
    return row


@transaction.atomic
def cadre_review_create(*, actor, period: Period, person) -> CadreReview:
    """Put a 党支部书记 (any party member) up for 述职评议 in the period, in their branch."""
    assessor_check(actor, period)
    period_guard(Period.objects.select_for_update().get(pk=period.pk))
    membership = getattr(person, "party_membership", None)
    if membership is None:
        raise KpiError.NO_BRANCH(field="person", name=person.name)
    if CadreReview.objects.filter(period=period, person=person).exists():
        raise KpiError.REVIEW_EXISTS(field="person", name=person.name)
    return CadreReview.objects.create(period=period, person=person, unit_id=membership.branch_id)


@transaction.atomic
def cadre_report_save(
    *,
    actor,
    review: CadreReview,
    report_score: Decimal | None,
    report_weight: int,
    paper_good: int = 0,
    paper_fairly_good: int = 0,
    paper_fair: int = 0,
    paper_poor: int = 0,
) -> CadreReview:
    """The assessors' 述职 score, its weight, and the counts of the paper ballots."""
    review = (
        CadreReview.objects.select_for_update().select_related("period__scheme").get(pk=review.pk)
    )
    assessor_check(actor, review.period)
    period_guard(review.period)
    if report_score is not None and not 0 <= report_score <= 100:
        raise KpiError.BAD_SCORE(field="report_score")
    if not 0 <= report_weight <= 100:
        raise CoreError.INVALID(field="report_weight")
    counts = (paper_good, paper_fairly_good, paper_fair, paper_poor)
    if any(n is None or n < 0 for n in counts):
        raise CoreError.INVALID(field="paper_good")
    review.report_score, review.report_weight = report_score, report_weight
    review.paper_good, review.paper_fairly_good, review.paper_fair, review.paper_poor = counts
    review.save()
    return review


def may_vote(user, review: CadreReview) -> bool:
    person = getattr(user, "person", None)
    membership = getattr(person, "party_membership", None) if person else None
    return (
        membership is not None
        and membership.branch_id == review.unit_id
        and person.pk != review.person_id
    )


@transaction.atomic
def cadre_vote(*, actor, review: CadreReview, choice: str) -> CadreVote:
    """One member's vote, once: the review's row lock serialises two submits of one voter."""
    review = CadreReview.objects.select_for_update().select_related("period").get(pk=review.pk)
    period_guard(review.period)
    if not may_vote(actor, review):
        raise KpiError.NOT_VOTER()
    if choice not in Vote.values:
        raise CoreError.BAD_CHOICE(field="choice", label=_("评议"))
    if CadreVote.objects.filter(review=review, voter=actor).exists():
        raise KpiError.VOTED()
    try:
        with transaction.atomic():
            return CadreVote.objects.create(review=review, voter=actor, choice=choice)
    except IntegrityError:
        raise KpiError.VOTED() from None
