"""Reads of 人才队伍, always through the user's scope; the pool lookup other areas ask through
apps.core.talentpool."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.core.judging import panel_score, scores_open
from apps.core.talentpool import PoolMark
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit, Person

from .choices import QUALIFYING, BrandKind, HonourKind, RoundKind
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
        contest.rounds.select_related("quiz").annotate(
            n_judges=Count("judges", distinct=True), n_scores=Count("scores", distinct=True)
        )
    )


def round_get(*, user, pk: int) -> Round:
    r = (
        Round.objects.filter(contest__in=Contest.objects.visible_to(user).values("pk"))
        .select_related("contest__unit", "quiz")
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
        .select_related("unit", "project", "inspection")
        .annotate(n_members=Count("members", distinct=True))
    )


def brand_get(*, user, pk: int) -> Brand:
    b = (
        Brand.objects.visible_to(user)
        .select_related("unit", "project", "inspection")
        .filter(pk=pk)
        .first()
    )
    if b is None:
        raise NotFound()
    return b


def honour_list(*, user) -> QuerySet:
    return Honour.objects.visible_to(user).select_related(
        "unit", "person", "entrant__contest", "appraisal_entry"
    )


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

    within = subtree_q(unit.path, "unit__path")  # the board shows whatever the unit's page shows
    honours = list(
        Honour.objects.filter(within)
        .select_related("unit", "person", "entrant", "appraisal_entry")
        .order_by("-year", "kind", "pk")[:300]
    )
    years: dict[int, list] = {}
    for h in honours:
        years.setdefault(h.year, []).append(h)
    today = timezone.localdate()
    brands = list(
        Brand.objects.filter(within)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("unit", "project")
        .prefetch_related("members")
        .order_by("kind", "name")[:100]
    )
    return {"years": sorted(years.items(), reverse=True), "brands": brands}


# --- 评先评优: the candidates of an honour, drawn from the platform's records ------------------


@dataclass(frozen=True)
class HonourCandidate:
    """A record an honour may be awarded on: `key` names it ("scorecard:12"), `unit` and
    `person` receive the honour, `evidence` is the sentence the honour keeps."""

    key: str
    unit: OrgUnit
    person: Person | None
    label: str
    evidence: str
    url: str


# The 量化考核 results a unit honour is drawn from: party units for 先进党支部, the others for
# 先进集体.
PARTY_KINDS = (UnitKind.PARTY_COMMITTEE, UnitKind.GENERAL_BRANCH, UnitKind.BRANCH)
CANDIDATES_PAGE = 50  # the form lists a page of candidates at a time, searched by name


def _scorecard_source(user, year, q: str, *, party: bool):
    from apps.kpi.choices import Grade as KpiGrade
    from apps.kpi.choices import PeriodStatus
    from apps.kpi.selectors import honour_eligible, scorecard_list

    kinds = Q(unit__kind__in=PARTY_KINDS)
    cards = honour_eligible(
        scorecard_list(user=user)
        .filter(
            period__status=PeriodStatus.LOCKED,
            period__scheme__year=year,
            grade=KpiGrade.EXCELLENT,
            vetoed=False,
        )
        .filter(kinds if party else ~kinds)
        .select_related("unit", "period__scheme")
    ).order_by("unit__path", "period__start", "pk")
    if q:
        cards = cards.filter(unit__name__icontains=q)

    def candidate(card) -> HonourCandidate:
        period = card.period
        what = _("%(scheme)s(%(start)s 至 %(end)s)评为%(grade)s") % {
            "scheme": period.scheme.name,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "grade": card.get_grade_display(),
        }
        if card.rank:
            what += _(",排名第 %(rank)d / %(peers)d") % {
                "rank": card.rank,
                "peers": card.peers or 0,
            }
        return HonourCandidate(
            key=f"scorecard:{card.pk}",
            unit=card.unit,
            person=None,
            label=f"{card.unit.name} · {what}",
            evidence=_("量化考核:%(what)s。") % {"what": what},
            url=reverse("kpi:detail", args=[card.pk]),
        )

    return cards, candidate


def _person_q(q: str, prefix: str = "person__") -> Q:
    return Q(**{f"{prefix}name__icontains": q}) | Q(**{f"{prefix}employee_no": q})


def _appraisal_source(user, year, q: str):
    from apps.appraisals.choices import Grade as AppraisalGrade
    from apps.appraisals.selectors import graded

    entries = (
        graded(user=user, year=year, grades=[AppraisalGrade.EXCELLENT])
        .select_related("person", "appraisal__branch")
        .order_by("appraisal__branch__path", "person__employee_no", "pk")
    )
    if q:
        entries = entries.filter(_person_q(q) | Q(appraisal__branch__name__icontains=q))

    def candidate(e) -> HonourCandidate:
        branch = e.appraisal.branch
        what = _("%(year)d年度民主评议党员评定为优秀(%(branch)s)") % {
            "year": year,
            "branch": branch.name,
        }
        return HonourCandidate(
            key=f"appraisal:{e.pk}",
            unit=branch,
            person=e.person,
            label=f"{e.person.name}({e.person.employee_no})· {what}",
            evidence=what + "。",
            url=reverse("appraisals:detail", args=[e.appraisal_id]),
        )

    return entries, candidate


def _contest_source(user, year, q: str):
    entrants = (
        Entrant.objects.visible_to(user)
        .filter(contest__year=year, grade__in=QUALIFYING)
        .select_related("person", "contest", "trade", "unit")
        .order_by("contest__start_on", "trade_id", "rank", "pk")
    )
    if q:
        entrants = entrants.filter(_person_q(q) | Q(trade__name__icontains=q))

    def candidate(e) -> HonourCandidate:
        what = _("%(contest)s %(trade)s %(grade)s") % {
            "contest": e.contest.title,
            "trade": e.trade.name,
            "grade": e.get_grade_display(),
        }
        if e.rank:
            what += _("(第 %(rank)d 名)") % {"rank": e.rank}
        return HonourCandidate(
            key=f"entrant:{e.pk}",
            unit=e.unit,
            person=e.person,
            label=f"{e.person.name}({e.person.employee_no})· {what}",
            evidence=_("技能竞赛:%(what)s。") % {"what": what},
            url=reverse("talent:contest", args=[e.contest_id]),
        )

    return entrants, candidate


CANDIDATE_KEYS = {
    HonourKind.BRANCH: "scorecard",
    HonourKind.COLLECTIVE: "scorecard",
    HonourKind.MEMBER: "appraisal",
    HonourKind.EXPERT: "entrant",
}


def candidate_source(*, user, kind: str, year: int, q: str = ""):
    """Who may be honoured, from the records the user sees, as (ordered queryset of the records,
    record → HonourCandidate): 先进党支部 and 先进集体 from the year's locked 量化考核 results
    graded 优秀 and eligible (no 一票否决 nor 扣分 that year: kpi's `honour_eligible`),
    优秀共产党员 from the year's 民主评议党员 graded 优秀, 技术能手
    from the year's contest prizes (一/二/三等奖). `q` narrows them by name (unit, person,
    工号 or 工种). Uncapped: the pages page it, the form looks one key up."""
    q = (q or "").strip()[:50]
    if kind == HonourKind.BRANCH:
        return _scorecard_source(user, year, q, party=True)
    if kind == HonourKind.COLLECTIVE:
        return _scorecard_source(user, year, q, party=False)
    if kind == HonourKind.MEMBER:
        return _appraisal_source(user, year, q)
    if kind == HonourKind.EXPERT:
        return _contest_source(user, year, q)
    return Entrant.objects.none(), None


def honour_candidates(*, user, kind: str, year: int, q: str = "") -> list[HonourCandidate]:
    """Every candidate (see `candidate_source`); the pages use `honour_candidate_page`."""
    rows, candidate = candidate_source(user=user, kind=kind, year=year, q=q)
    return [candidate(row) for row in rows]


def honour_candidate_page(*, user, kind: str, year: int, q: str = "", page=1):
    """One page of the candidates (a Django Page of HonourCandidate), searched by `q`."""
    from apps.core.pagination import paginate

    rows, candidate = candidate_source(user=user, kind=kind, year=year, q=q)
    found = paginate(rows, page, per_page=CANDIDATES_PAGE)
    found.object_list = [candidate(row) for row in found.object_list]
    return found


def honour_candidate(*, user, kind: str, year: int, key: str) -> HonourCandidate | None:
    """The candidate named by `key` ("scorecard:12"), if the user may honour it this year."""
    prefix, _sep, pk = (key or "").partition(":")
    if CANDIDATE_KEYS.get(kind) != prefix or not pk.isdigit() or len(pk) > 12:
        return None
    rows, candidate = candidate_source(user=user, kind=kind, year=year)
    row = rows.filter(pk=int(pk)).first()
    return candidate(row) if row is not None else None


def round_trade_quizzes(r) -> list[tuple]:
    """A theory round's quiz per 工种 as (trade, quiz or None, its own?) in two queries."""
    from .models import Trade, TradeQuiz

    own = {tq.trade_id: tq.quiz for tq in TradeQuiz.objects.filter(round=r).select_related("quiz")}
    return [
        (t, own.get(t.pk, r.quiz), t.pk in own)
        for t in Trade.objects.filter(contest_id=r.contest_id).order_by("pk")
    ]


# --- 党员突击队: results counted from the records of what it serves -----------------------------


def _hazard_results(user, brand, members) -> list[tuple[str, int]]:
    from apps.hazards.choices import HazardStatus
    from apps.hazards.selectors import hazard_list

    rectified = Q(status=HazardStatus.RECTIFIED)
    counts = (
        hazard_list(user=user)
        .filter(inspection_id=brand.inspection_id)
        .exclude(status=HazardStatus.REJECTED)
        .order_by()
        .aggregate(
            found=Count("pk"),
            rectified=Count("pk", filter=rectified),
            by_members=Count("pk", filter=rectified & Q(owner_person_id__in=members)),
            reported=Count("pk", filter=Q(reporter_id__in=members)),
        )
    )
    return [
        (_("排查发现隐患"), counts["found"]),
        (_("已整改销号"), counts["rectified"]),
        (_("队员整改销号"), counts["by_members"]),
        (_("队员发现隐患"), counts["reported"]),
    ]


def _project_results(user, brand) -> list[tuple[str, int]]:
    from apps.projects.choices import MilestoneStatus
    from apps.projects.models import Milestone
    from apps.projects.selectors import project_list

    if not project_list(user=user).filter(pk=brand.project_id).exists():
        return []
    done = Q(status=MilestoneStatus.DONE)
    since = done & Q(done_at__date__gte=brand.start_on)
    if brand.end_on:
        since &= Q(done_at__date__lte=brand.end_on)
    counts = (
        Milestone.objects.filter(project_id=brand.project_id)
        .exclude(status=MilestoneStatus.CANCELLED)
        .order_by()
        .aggregate(
            total=Count("pk"), done=Count("pk", filter=done), since=Count("pk", filter=since)
        )
    )
    return [
        (_("项目里程碑"), counts["total"]),
        (_("已完成里程碑"), counts["done"]),
        (_("组队以来完成"), counts["since"]),
    ]


def commando_results(*, user, brand: Brand) -> dict | None:
    """What a 党员突击队 has achieved, counted from the records of what it serves, as the
    reader may see them: for a hazard campaign the hazards found and closed (by its members
    as the owners of the rectification), for a project its milestones done (since the team
    was formed). None for anything but a 突击队 serving something."""
    if brand.kind != BrandKind.COMMANDO or not (brand.project_id or brand.inspection_id):
        return None
    members = list(brand.members.values_list("pk", flat=True))
    bars: list[tuple[str, int]] = []
    if brand.inspection_id:
        bars += _hazard_results(user, brand, members)
    if brand.project_id:
        bars += _project_results(user, brand)
    return {"bars": bars}


def served_links(*, user, record) -> list:
    """The 党员突击队 serving a project or a hazard campaign, for its page (apps.core.related):
    the ones the reader sees."""
    from apps.core.related import Link

    field = "project" if record._meta.label_lower == "projects.project" else "inspection"
    teams = (
        Brand.objects.visible_to(user)
        .filter(kind=BrandKind.COMMANDO, **{f"{field}_id": record.pk})
        .select_related("unit")
        .order_by("-start_on", "-pk")[:20]
    )
    return [
        Link(
            label=_("党员突击队:%(name)s") % {"name": b.name},
            url=b.get_absolute_url(),
            icon="ti-flag",
            note=b.unit.name,
            testid="commando-link",
        )
        for b in teams
    ]
