"""Reads of 量化考核: always through visible_to(user); out of scope is 404. A unit sees its own
scorecard (with its rank among its peers) from the 公示 on; assessors see every unit they reach
from the first computation. Nobody sees a ranking of individuals."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q

from apps.core.errors import NotFound
from apps.core.selectors import get_or_not_found
from apps.orgs.scope import held_paths, subtrees_q

from . import rules
from .choices import AdjustmentKind, Grade, ObjectionStatus, PeriodStatus, Vote
from .models import (
    Adjustment,
    CadreReview,
    CadreVote,
    ManualScore,
    Objection,
    Period,
    Scorecard,
    ScoreLine,
)
from .services import ASSESSOR_ROLES, is_assessor

SHOWN = (PeriodStatus.PUBLIC, PeriodStatus.LOCKED)


def _shown(rows, user, card: str = ""):
    """The rows (already through visible_to) of scorecards in 公示 or locked, and of any period
    for the units the user assesses (a 党群工作部 role reaching them)."""
    if user.is_superuser:
        return rows
    assessed = subtrees_q(held_paths(user, *ASSESSOR_ROLES), f"{card}unit__path")
    return rows.filter(Q(**{f"{card}period__status__in": SHOWN}) | assessed)


def scorecard_list(*, user):
    return _shown(Scorecard.objects.visible_to(user), user).select_related("unit", "period__scheme")


def scorecard_get(*, user, pk: int) -> Scorecard:
    return get_or_not_found(scorecard_list(user=user), pk)


def scorecard_lines(card: Scorecard):
    """Its lines in the scheme's order, each with the link to the records behind its value."""
    return ScoreLine.objects.filter(scorecard=card).select_related("item__indicator")


def period_list(*, user):
    """The periods the user assesses (any, for a 党群工作部 role: whether it reaches the
    scheme's units is asked per action) or where they see a scorecard."""
    periods = Period.objects.select_related("scheme").annotate(
        pending=Count(
            "scorecards__objections",
            filter=Q(scorecards__objections__status=ObjectionStatus.PENDING),
        )
    )
    if user.is_superuser or held_paths(user, *ASSESSOR_ROLES):
        return periods
    seen = scorecard_list(user=user).filter(period=OuterRef("pk"))
    return periods.filter(Exists(seen))


def period_get(*, user, pk: int) -> Period:
    return get_or_not_found(period_list(user=user), pk)


def ranking(*, user, period: Period):
    """The period's scorecards in rank order: every unit for its assessor, a unit's own for
    itself (its rank among its peers, never the others')."""
    return scorecard_list(user=user).filter(period=period).order_by("rank", "unit__path")


def objection_list(*, user):
    return _shown(Objection.objects.visible_to(user), user, "scorecard__").select_related(
        "scorecard__unit", "scorecard__period__scheme", "raised_by", "evidence"
    )


def objection_get(*, user, pk: int) -> Objection:
    return get_or_not_found(objection_list(user=user), pk)


def candidates(*, user, period: Period):
    """先进党支部 / 先进集体 candidates of a locked period, for its assessors: graded 优秀, no
    一票否决, and eligible — no 一票否决 nor 扣分 in any other period of the scheme's year."""
    if period.status != PeriodStatus.LOCKED or not is_assessor(user, period):
        raise NotFound()
    return honour_eligible(
        scorecard_list(user=user).filter(period=period, grade=Grade.EXCELLENT, vetoed=False)
    ).order_by("rank", "unit__path")


def honour_eligible(cards):
    """The scorecards whose unit may be honoured (评先评优): no 一票否决 nor 扣分 in any period of
    the same year and unit kind as the card's. The 人才队伍 honour roll draws from the same."""
    blemish = Adjustment.objects.filter(
        unit=OuterRef("unit"),
        period__scheme__year=OuterRef("period__scheme__year"),
        period__scheme__unit_kind=OuterRef("period__scheme__unit_kind"),
        kind__in=(AdjustmentKind.VETO, AdjustmentKind.DEDUCT),
    )
    return cards.exclude(Exists(blemish))


def year_grades(*, period: Period, units) -> dict[int, dict[int, str]]:
    """{unit id: {period id: grade}} over the locked periods of the scheme's year and kind, in
    one query: the 职务晋升 export's columns."""
    rows = Scorecard.objects.filter(
        unit__in=units,
        period__status=PeriodStatus.LOCKED,
        period__scheme__year=period.scheme.year,
        period__scheme__unit_kind=period.scheme.unit_kind,
    ).values_list("unit_id", "period_id", "grade")
    out: dict[int, dict[int, str]] = {}
    for unit_id, period_id, grade in rows:
        out.setdefault(unit_id, {})[period_id] = grade
    return out


def year_periods(period: Period):
    return Period.objects.filter(
        status=PeriodStatus.LOCKED,
        scheme__year=period.scheme.year,
        scheme__unit_kind=period.scheme.unit_kind,
    ).order_by("start", "pk")


def _vote_counts():
    return {
        f"cast_{choice}": Count("votes", filter=Q(votes__choice=choice)) for choice in Vote.values
    }


def cadre_list(*, user):
    """The 述职评议 the user may see the scores of (assessors, the cadre), each with its vote
    counts in the same query; `scored(reviews)` adds the combined score."""
    return (
        CadreReview.objects.visible_to(user)
        .select_related("person", "unit", "period__scheme")
        .annotate(**_vote_counts())
    )


def cadre_get(*, user, pk: int) -> CadreReview:
    return get_or_not_found(cadre_list(user=user), pk)


def scored(reviews):
    """Each review with `counts` (paper and cast, per answer), `vote_score` and `score`."""
    for r in reviews:
        r.counts = {
            choice: getattr(r, f"paper_{choice}") + getattr(r, f"cast_{choice}", 0)
            for choice in Vote.values
        }
        r.vote_score = rules.vote_score(r.counts)
        r.score = rules.cadre_score(r.report_score, r.vote_score, r.report_weight)
    return reviews


def ballots(*, user):
    """The reviews of the user's own branch they may vote in (not their own, not locked), each
    with `voted`: whether they have (never what)."""
    person = getattr(user, "person", None)
    membership = getattr(person, "party_membership", None) if person else None
    if membership is None:
        return CadreReview.objects.none()
    mine = CadreVote.objects.filter(review=OuterRef("pk"), voter=user)
    return (
        CadreReview.objects.filter(unit_id=membership.branch_id)
        .exclude(person=person)
        .exclude(period__status=PeriodStatus.LOCKED)
        .select_related("person", "period__scheme")
        .annotate(voted=Exists(mine))
    )


def ballot_get(*, user, pk: int) -> CadreReview:
    return get_or_not_found(ballots(user=user), pk)


def period_changes(period: Period, limit: int = 100):
    """Who entered, changed or deleted which manual score and adjustment of the period
    (auditlog), newest first: the live rows' entries by id, a deleted row's by the period each
    entry carries (get_additional_data)."""
    q = Q(pk__in=[])
    for model in (ManualScore, Adjustment):
        pks = [str(pk) for pk in model.objects.filter(period=period).values_list("pk", flat=True)]
        by_ct = Q(content_type=ContentType.objects.get_for_model(model))
        q |= by_ct & (Q(object_pk__in=pks) | Q(additional_data__period=period.pk))
    return (
        LogEntry.objects.filter(q)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )
