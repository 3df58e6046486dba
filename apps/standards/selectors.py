"""Reads on branch standardization: always through visible_to(user); out of scope is 404."""

import hashlib
from collections import OrderedDict
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.core.figures import percent
from apps.core.selectors import files_of, get_or_not_found
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.orgs.scope import in_subtree, scope_of

from . import judges
from .choices import ReviewStatus, RoundStatus
from .models import BranchReview, Checklist, ReviewItem, ReviewRound

STEP = OrgUnit.steplen
PASSED_Q = Q(status=ReviewStatus.FINALIZED, passed=True)
FIGURES_CACHE_SECONDS = 60


def review_list(*, user):
    return BranchReview.objects.visible_to(user).select_related("round__checklist", "branch")


def review_get(*, user, pk: int) -> BranchReview:
    return get_or_not_found(review_list(user=user), pk)


def round_list(*, user):
    return ReviewRound.objects.visible_to(user).select_related("checklist", "unit")


def round_get(*, user, pk: int) -> ReviewRound:
    return get_or_not_found(round_list(user=user), pk)


def round_counts(*, user, ids) -> dict[int, dict]:
    """Reviews per round the user sees, by state, in one query."""
    rows = (
        BranchReview.objects.visible_to(user)
        .filter(round_id__in=list(ids))
        .order_by()
        .values("round_id")
        .annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(status=ReviewStatus.SUBMITTED)),
            finalized=Count("pk", filter=Q(status=ReviewStatus.FINALIZED)),
            passed=Count("pk", filter=PASSED_Q),
        )
    )
    return {r["round_id"]: r for r in rows}


def status_counts(qs) -> dict[str, int]:
    counts = qs.order_by().aggregate(
        **{s: Count("pk", filter=Q(status=s)) for s in ReviewStatus.values},
        passed=Count("pk", filter=PASSED_Q),
    )
    counts["total"] = sum(counts[s] for s in ReviewStatus.values)
    return counts


def checklist_for(year: int | None) -> Checklist | None:
    qs = Checklist.objects.all()
    return (qs.filter(year=year) if year else qs).order_by("-year").first()


def checklist_groups(checklist: Checklist) -> list[dict]:
    """The checklist's items by group, groups in the order of their first item."""
    groups: OrderedDict[str, dict] = OrderedDict()
    for item in checklist.items.all():
        g = groups.setdefault(item.group, {"name": item.group, "points": Decimal("0"), "items": []})
        g["points"] += item.points
        item.auto = judges.is_auto(item.judge)
        g["items"].append(item)
    return list(groups.values())


def review_items(*, review: BranchReview) -> list[dict]:
    """The review's items by group with their evidence files, in three queries."""
    rows = list(review.items.select_related("item"))
    files = files_of(ReviewItem, [ri.pk for ri in rows])
    groups: OrderedDict[str, dict] = OrderedDict()
    for ri in rows:
        ri.auto = judges.is_auto(ri.item.judge)
        ri.files = files.get(ri.pk, [])
        g = groups.setdefault(
            ri.item.group,
            {
                "name": ri.item.group,
                "points": Decimal("0"),
                "score": None,
                "self": None,
                "rows": [],
            },
        )
        g["points"] += ri.item.points
        if ri.score is not None:
            g["score"] = (g["score"] or Decimal("0")) + ri.score
        own = ri.score if ri.judged else ri.self_score
        if own is not None:
            g["self"] = (g["self"] or Decimal("0")) + own
        g["rows"].append(ri)
    return list(groups.values())


def ledger_url(**params) -> str:
    query = [(k, v) for k, v in params.items() if v not in (None, "")]
    return reverse("standards:review_list") + ("?" + urlencode(query) if query else "")


# --- the branch's page -----------------------------------------------------------------------


def branch_get(*, user, pk: int) -> OrgUnit:
    branch = OrgUnit.objects.visible_to(user).filter(pk=pk, kind=UnitKind.BRANCH).first()
    if branch is None:
        raise NotFound()
    return branch


def branch_page(*, user, branch: OrgUnit) -> dict:
    """A branch's latest review, its score by group, what it lacks (deducted or failed items
    with the reviewer's reason or the judge's note and link) and its history of periods."""
    history = list(
        review_list(user=user).filter(branch=branch).order_by("-round__period_start", "-pk")[:36]
    )
    latest = history[0] if history else None
    scored = next((r for r in history if r.status == ReviewStatus.FINALIZED), None)
    groups, lacks = [], []
    basis = scored or latest
    if basis is not None:
        groups = list(
            ReviewItem.objects.filter(review=basis)
            .values("item__group")
            .annotate(points=Sum("item__points"), score=Sum("score"), first=Min("item__sort"))
            .order_by("first", "item__group")
        )
        for g in groups:
            g["rate"] = percent(g["score"] or 0, g["points"])
        lacks = [
            ri
            for ri in basis.items.select_related("item").filter(
                Q(judge_passed=False) | Q(score__isnull=False)
            )
            if ri.lacking or ri.judge_passed is False
        ]
    return {
        "branch": branch,
        "latest": latest,
        "scored": scored,
        "basis": basis,
        "groups": groups,
        "lacks": lacks,
        "history": history,
    }


# --- figures ---------------------------------------------------------------------------------


def figures(*, user, year: int, unit: OrgUnit | None = None) -> dict:
    """达标率 per round of the year, for the whole scope and for each general branch: branches
    达标 (finalized at or above the threshold) ÷ branches in the round. One grouped query over
    the reviews (by round and by the branch's parent unit), then sums."""
    base = BranchReview.objects.visible_to(user).filter(round__checklist__year=year).order_by()
    if unit is not None:
        base = in_subtree(base, unit, "branch")
    rows = list(
        base.annotate(parent=Substr("branch__path", 1, Length("branch__path") - STEP))
        .values("round_id", "parent")
        .annotate(
            total=Count("pk"),
            passed=Count("pk", filter=PASSED_Q),
            finalized=Count("pk", filter=Q(status=ReviewStatus.FINALIZED)),
        )
    )
    round_ids = {r["round_id"] for r in rows}
    rounds = list(
        ReviewRound.objects.filter(pk__in=round_ids)
        .order_by("period_start", "pk")
        .values("pk", "title", "period_start", "period_end", "status")
    )
    parents = {
        u["path"]: u
        for u in OrgUnit.objects.filter(path__in={r["parent"] for r in rows}).values(
            "pk", "path", "name", "kind"
        )
    }
    unit_id = unit.pk if unit else None
    direct = _("党委直属支部")

    def entry(round_id, total, passed, finalized, group_unit=None):
        return {
            "total": total,
            "passed": passed,
            "failed": total - passed,
            "finalized": finalized,
            "rate": percent(passed, total),
            "links": {
                "all": ledger_url(round=round_id, unit=group_unit or unit_id),
                "passed": ledger_url(round=round_id, unit=group_unit or unit_id, result="passed"),
                "failed": ledger_url(round=round_id, unit=group_unit or unit_id, result="failed"),
            },
        }

    by_round: dict[int, list[int]] = {r["pk"]: [0, 0, 0] for r in rounds}
    by_group: dict[str, dict] = {}
    for r in rows:
        t = by_round[r["round_id"]]
        t[0], t[1], t[2] = t[0] + r["total"], t[1] + r["passed"], t[2] + r["finalized"]
        parent = parents.get(r["parent"])
        if parent and parent["kind"] == UnitKind.GENERAL_BRANCH:
            key, gid, name = parent["path"], parent["pk"], parent["name"]
        else:
            key, gid, name = "direct", None, direct
        g = by_group.setdefault(key, {"unit_id": gid, "name": name, "cells": {}})
        c = g["cells"].setdefault(r["round_id"], [0, 0, 0])
        c[0], c[1], c[2] = c[0] + r["total"], c[1] + r["passed"], c[2] + r["finalized"]

    trend = []
    for r in rounds:
        total, passed, finalized = by_round[r["pk"]]
        complete = r["status"] == RoundStatus.CLOSED or finalized == total
        trend.append(
            {
                "round_id": r["pk"],
                "title": r["title"],
                "label": r["period_start"].strftime("%Y-%m"),
                "period_start": r["period_start"],
                "period_end": r["period_end"],
                "complete": complete,
                **entry(r["pk"], total, passed, finalized),
            }
        )
    groups = []
    for _key, g in sorted(by_group.items(), key=lambda kv: (kv[0] == "direct", kv[0])):
        cells = []
        for r in rounds:
            total, passed, finalized = g["cells"].get(r["pk"], (0, 0, 0))
            cells.append(entry(r["pk"], total, passed, finalized, g["unit_id"]))
        groups.append({"unit_id": g["unit_id"], "name": g["name"], "cells": cells})
    done = [t for t in trend if t["complete"]]
    headline = (done or trend or [None])[-1]
    return {
        "year": year,
        "unit": {"id": unit.pk, "name": unit.name} if unit else None,
        "trend": trend,
        "groups": groups,
        "headline": headline,
        "first": trend[0] if trend else None,
        "current": trend[-1] if trend and not trend[-1]["complete"] else None,
    }


def figures_cached(*, user, year: int, unit: OrgUnit | None = None) -> dict:
    """The figures, cached for a minute per scope, year and unit, like the other areas'."""
    scope = scope_of(user)
    key = "|".join(
        str(x) for x in (scope.everything, scope.prefixes, year, unit.pk if unit else "")
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return cache.get_or_set(
        f"standards:figures:{digest}",
        lambda: figures(user=user, year=year, unit=unit),
        FIGURES_CACHE_SECONDS,
    )


def figure_years() -> list[int]:
    return list(Checklist.objects.order_by("-year").values_list("year", flat=True))


def default_year() -> int:
    years = figure_years()
    today = timezone.localdate().year
    return today if today in years or not years else years[0]


def unit_choices(*, user):
    """Party committees and general branches the user reaches (for the figures' filter)."""
    return (
        OrgUnit.objects.visible_to(user)
        .alive()
        .filter(kind__in=[UnitKind.PARTY_COMMITTEE, UnitKind.GENERAL_BRANCH])
        .only("pk", "name", "path")
    )


def open_round_units(*, user):
    """Units a round may be opened over: party committees and general branches in reach."""
    return unit_choices(user=user).order_by("path")
