"""Reads on suggestions and campaigns: always through visible_to(user), out of scope is 404."""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from apps.core.db import LocalMonth
from apps.core.figures import percent
from apps.core.scope import scope_of
from apps.core.selectors import get_or_not_found
from apps.orgs.scope import ancestor_paths

from .choices import ADOPTED_STATES, DECIDED_STATES, IMPLEMENTED_STATES, VERIFIED_STATES
from .models import Campaign, Criterion, Suggestion

# --- suggestions ---------------------------------------------------------------------------


def suggestion_list(*, user):
    """Every suggestion the user may see: by scope (target unit, proposer's department), their
    own, and — the one place this is said — those they co-proposed or must implement."""
    base = Suggestion.objects.all()
    scope = scope_of(user)
    if scope.everything:
        qs = base
    else:
        qs = base.visible_to(user)
        if scope.person_id is not None:
            co = Suggestion.co_proposers.through.objects.filter(person_id=scope.person_id)
            qs = qs | base.filter(
                Q(pk__in=co.values("suggestion_id")) | Q(impl_person_id=scope.person_id)
            )
    return qs.select_related("target_unit", "proposer", "proposer_unit", "campaign")


def suggestion_get(*, user, pk: int) -> Suggestion:
    return get_or_not_found(
        suggestion_list(user=user).select_related(
            "impl_unit", "impl_person", "decided_by", "verified_by"
        ),
        pk,
    )


def my_suggestions(*, user):
    """What the user proposed or co-proposed, newest first."""
    if not user.person_id:
        return Suggestion.objects.none()
    co = Suggestion.co_proposers.through.objects.filter(person_id=user.person_id)
    return (
        Suggestion.objects.filter(
            Q(proposer_id=user.person_id) | Q(pk__in=co.values("suggestion_id"))
        )
        .select_related("target_unit", "campaign")
        .order_by("-submitted_at", "-pk")
    )


def suggestion_timeline(suggestion):
    return suggestion.events.order_by("at", "pk")


def suggestion_reviews(suggestion):
    return suggestion.reviews.select_related("reviewer__person").prefetch_related(
        "scores__criterion"
    )


def active_criteria():
    return list(Criterion.objects.filter(is_active=True))


# --- campaigns -----------------------------------------------------------------------------


def campaign_list(*, user):
    """Campaigns the user's scope reaches, and those open to the user as a participant (their
    department or team lies in the campaign's scope)."""
    base = Campaign.objects.all()
    scope = scope_of(user)
    if scope.everything:
        qs = base
    else:
        qs = base.visible_to(user)
        person = getattr(user, "person", None) if user.person_id else None
        if person is not None:
            paths = ancestor_paths(person.department.path)
            if person.team_id:
                paths += ancestor_paths(person.team.path)
            qs = qs | base.filter(scope_unit__path__in=paths)
    return qs.select_related("organiser", "scope_unit")


def campaign_get(*, user, pk: int) -> Campaign:
    return get_or_not_found(campaign_list(user=user), pk)


def campaigns_open_to(*, user, now=None):
    """Campaigns the user could submit to today: within the window and reaching them."""
    today = timezone.localdate(now or timezone.now())
    if not user.person_id:
        return Campaign.objects.none()
    person = user.person
    paths = ancestor_paths(person.department.path)
    if person.team_id:
        paths += ancestor_paths(person.team.path)
    return Campaign.objects.filter(
        starts_on__lte=today, ends_on__gte=today, scope_unit__path__in=paths
    ).select_related("organiser", "scope_unit")


# --- figures -------------------------------------------------------------------------------

ADOPTED = Q(status__in=ADOPTED_STATES)
DECIDED = Q(status__in=DECIDED_STATES)
IMPLEMENTED = Q(status__in=IMPLEMENTED_STATES)
VERIFIED = Q(status__in=VERIFIED_STATES)


def rate(part: int, whole: int) -> Decimal | None:
    """The one percentage rule (apps.core.figures.percent) as a Decimal, like the sums beside it."""
    value = percent(part, whole)
    return None if value is None else Decimal(str(value))


CENT = Decimal("0.01")


def _measures() -> dict:
    return {
        "submitted": Count("pk"),
        "decided": Count("pk", filter=DECIDED),
        "adopted": Count("pk", filter=ADOPTED),
        "implemented": Count("pk", filter=IMPLEMENTED),
        "verified": Count("pk", filter=VERIFIED),
        "benefit": Sum("verified_yuan", filter=VERIFIED),
        "rewards": Sum("reward_yuan"),
    }


def _finish(row: dict) -> dict:
    # To the fen: SQLite sums decimals as floats, which would show as 1645336.98000000000.
    row["benefit"] = Decimal(str(row.get("benefit") or 0)).quantize(CENT)
    row["rewards"] = Decimal(str(row.get("rewards") or 0)).quantize(CENT)
    row["rate_decided"] = rate(row["adopted"], row["decided"])
    row["rate_submitted"] = rate(row["adopted"], row["submitted"])
    return row


def figures(qs, *, best: int = 10, units: int = 15) -> dict:
    """Submitted, adopted, 采纳率 (of decided and of submitted), implemented, verified benefit and
    rewards, overall and by campaign, target unit and month: grouped queries in the database."""
    qs = qs.order_by()
    totals = _finish(qs.aggregate(**_measures()))
    by_campaign = [
        _finish(r)
        for r in qs.filter(campaign__isnull=False)
        .values("campaign_id", "campaign__title")
        .annotate(**_measures())
        .order_by("-submitted", "campaign_id")
    ]
    all_units = [
        _finish(r)
        for r in qs.values("target_unit_id", "target_unit__name")
        .annotate(**_measures())
        .order_by("-submitted", "target_unit_id")
    ]
    by_unit = all_units[:units]
    benefit_by_unit = sorted(
        (r for r in all_units if r["benefit"]), key=lambda r: (-r["benefit"], r["target_unit_id"])
    )[:units]
    by_month = [
        _finish(r)
        for r in qs.annotate(month=LocalMonth("submitted_at"))
        .values("month")
        .annotate(**_measures())
        .order_by("month")
    ]
    top = list(
        qs.filter(ADOPTED)
        .select_related("target_unit", "proposer")
        .order_by(
            F("verified_yuan").desc(nulls_last=True),
            F("score_total").desc(nulls_last=True),
            "-pk",
        )[:best]
    )
    return {
        "totals": totals,
        "by_campaign": by_campaign,
        "by_unit": by_unit,
        "benefit_by_unit": benefit_by_unit,
        "by_month": by_month,
        "best": top,
    }


def campaign_options(*, user):
    """(pk, title) of the campaigns in reach, for the filters' select."""
    return campaign_list(user=user).select_related(None).only("pk", "title").order_by("-starts_on")


FIGURES_CACHE_SECONDS = 60


def figures_for(*, user, params, qs) -> dict:
    """figures() cached for a minute per scope and filters: the whole company's figures are a
    handful of grouped scans, and a minute-old figure is good enough on a dashboard."""
    import hashlib

    from django.core.cache import cache

    scope = scope_of(user)
    key_src = repr(
        (
            scope.everything,
            scope.prefixes,
            scope.person_id,
            sorted((k, v) for k, v in params.lists() if k not in ("page", "ordering")),
        )
    )
    key = "suggestions:figures:" + hashlib.sha256(key_src.encode()).hexdigest()
    return cache.get_or_set(key, lambda: figures(qs), FIGURES_CACHE_SECONDS)
