"""Reads of 人才队伍, always through the user's scope; the pool lookup other areas ask through
apps.core.talentpool."""

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from apps.core.errors import NotFound
from apps.core.judging import panel_score, scores_open
from apps.core.talentpool import PoolMark
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit, Person

from .choices import RoundKind
from .models import (
    Award,
    Brand,
    Contest,
    Entrant,
    Honour,
    Mentorship,
    Round,
    RoundScore,
    TalentEntry,
    TalentLevel,
)


def valid_on(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def pool_marks(person_ids, *, on: date) -> dict[int, PoolMark]:
    """The lookup registered in apps.core.talentpool: each person's highest level valid on
    `on`, and why, in one query."""
    rows = (
        TalentEntry.objects.filter(valid_on(on), person_id__in=list(person_ids))
        .order_by("person_id", "level__rank", "-valid_from", "-pk")
        .values_list("person_id", "level__name", "source_text")
    )
    marks: dict[int, PoolMark] = {}
    for person_id, level, source in rows:
        marks.setdefault(person_id, PoolMark(level=level, source=source))
    return marks


def levels() -> QuerySet:
    return TalentLevel.objects.filter(active=True)


def entry_list(*, user) -> QuerySet:
    return TalentEntry.objects.visible_to(user).select_related(
        "person", "unit", "level", "entrant__contest"
    )


def entry_get(*, user, pk: int) -> TalentEntry:
    entry = entry_list(user=user).filter(pk=pk).first()
    if entry is None:
        raise NotFound()
    return entry


def level_counts(qs) -> list[dict]:
    """How many valid entries each level holds today (the pool page's chart)."""
    today = timezone.localdate()
    return list(
        qs.filter(valid_on(today))
        .order_by()
        .values("level__name", "level__rank")
        .annotate(n=Count("pk"))
        .order_by("level__rank")
    )


def priority_people(*, user) -> QuerySet:
    """The people of the user's scope for the 职务晋升 / 薪酬 / 聘任 lists."""
    return Person.objects.visible_to(user).select_related("department", "team")


def mentorship_list(*, user) -> QuerySet:
    return Mentorship.objects.visible_to(user).select_related("master", "apprentice", "unit")


def mentorship_get(*, user, pk: int) -> Mentorship:
    m = mentorship_list(user=user).filter(pk=pk).first()
    if m is None:
        raise NotFound()
    return m


def contest_list(*, user) -> QuerySet:
    return (
        Contest.objects.visible_to(user)
        .select_related("unit", "pool_level")
        .annotate(n_entrants=Count("entrants", distinct=True))
    )


def contest_get(*, user, pk: int) -> Contest:
    contest = (
        Contest.objects.visible_to(user).select_related("unit", "pool_level").filter(pk=pk).first()
    )
    if contest is None:
        raise NotFound()
    return contest


def entrants_of(contest: Contest) -> QuerySet:
    """The contest's entrants with their awards and pool entry (three queries a page)."""
    return contest.entrants.select_related("person", "trade", "unit").prefetch_related(
        Prefetch("awards", queryset=Award.objects.order_by("pk")),
        Prefetch("pool_entries", queryset=TalentEntry.objects.select_related("level")),
    )


def rounds_of(contest: Contest) -> list[Round]:
    return list(
        contest.rounds.annotate(
            n_judges=Count("judges", distinct=True), n_scores=Count("scores", distinct=True)
        )
    )


def round_get(*, user, pk: int) -> Round:
    r = (
        Round.objects.filter(contest__in=Contest.objects.visible_to(user).values("pk"))
        .select_related("contest")
        .filter(pk=pk)
        .first()
    )
    if r is None:
        raise NotFound()
    return r


def entrant_get(*, user, pk: int) -> Entrant:
    e = (
        Entrant.objects.visible_to(user)
        .select_related("contest", "person", "trade", "unit")
        .filter(pk=pk)
        .first()
    )
    if e is None:
        raise NotFound()
    return e


def award_get(*, user, pk: int) -> Award:
    a = (
        Award.objects.visible_to(user)
        .select_related("entrant__contest", "entrant__person")
        .filter(pk=pk)
        .first()
    )
    if a is None:
        raise NotFound()
    return a


def round_sheet(*, r: Round, person_id) -> list[dict]:
    """A round's rows for the one looking: each entrant, my score, and the panel's score once
    every judge has scored (a judge scores alone, apps.core.judging)."""
    entrants = list(r.contest.entrants.select_related("person", "trade").order_by("trade_id", "pk"))
    scores: dict[int, list] = {}
    mine: dict[int, object] = {}
    for entrant_id, judge_id, score in RoundScore.objects.filter(round=r).values_list(
        "entrant_id", "judge_id", "score"
    ):
        scores.setdefault(entrant_id, []).append(score)
        if judge_id is not None and judge_id == person_id:
            mine[entrant_id] = score
    panel = r.judges.count() if r.kind == RoundKind.PRACTICAL else 1
    rows = []
    for e in entrants:
        given = scores.get(e.pk, [])
        shown = scores_open(scored=len(given), panel=panel)
        rows.append(
            {
                "entrant": e,
                "mine": mine.get(e.pk),
                "scored": len(given),
                "panel": panel_score(given) if shown else None,
            }
        )
    return rows


def my_rounds(*, user) -> QuerySet:
    """The practical rounds the user judges."""
    if getattr(user, "person_id", None) is None:
        return Round.objects.none()
    return (
        Round.objects.filter(judges=user.person_id, kind=RoundKind.PRACTICAL)
        .select_related("contest")
        .order_by("-held_on")
    )


def brand_list(*, user) -> QuerySet:
    return (
        Brand.objects.visible_to(user)
        .select_related("unit", "project")
        .annotate(n_members=Count("members", distinct=True))
    )


def brand_get(*, user, pk: int) -> Brand:
    b = Brand.objects.visible_to(user).select_related("unit", "project").filter(pk=pk).first()
    if b is None:
        raise NotFound()
    return b


def honour_list(*, user) -> QuerySet:
    return Honour.objects.visible_to(user).select_related("unit", "person", "entrant__contest")


# The units a record of this area belongs to: departments hold people, contests and brands;
# the party units hold 先进党支部. Teams and the mass organisations' units are left out of the
# pickers (a large company has thousands of them).
PICKER_KINDS = (
    UnitKind.COMPANY,
    UnitKind.DEPARTMENT,
    UnitKind.PARTY_COMMITTEE,
    UnitKind.GENERAL_BRANCH,
    UnitKind.BRANCH,
)


def unit_choices(*, user, kinds=PICKER_KINDS) -> QuerySet:
    return (
        OrgUnit.objects.visible_to(user)
        .alive()
        .filter(kind__in=kinds)
        .only("pk", "name", "path", "depth")
        .order_by("path")
    )


def department_choices(*, user) -> QuerySet:
    return unit_choices(user=user, kinds=(UnitKind.COMPANY, UnitKind.DEPARTMENT))


def unit_get(*, user, pk: int) -> OrgUnit:
    unit = OrgUnit.objects.visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise NotFound()
    return unit


def honour_board(*, unit: OrgUnit) -> dict:
    """A unit's 荣誉榜: its subtree's honours by year, and its brands, posts and teams now; no
    ranking of people by points."""
    from apps.core.scope import subtree_q

    units = OrgUnit.objects.filter(subtree_q(unit.path)).values("pk")
    honours = list(
        Honour.objects.filter(unit__in=units)
        .select_related("unit", "person")
        .order_by("-year", "kind", "pk")[:300]
    )
    years: dict[int, list] = {}
    for h in honours:
        years.setdefault(h.year, []).append(h)
    today = timezone.localdate()
    brands = list(
        Brand.objects.filter(unit__in=units)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("unit", "project")
        .prefetch_related("members")
        .order_by("kind", "name")[:100]
    )
    return {"years": sorted(years.items(), reverse=True), "brands": brands}
