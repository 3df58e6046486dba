"""Reads of 月度简报: the archive through visible_to(user), and a month's content gathered
through the indicator registry and the areas' own selectors, scoped to the requesting user."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from apps.alerts.choices import Status as WarningStatus
from apps.alerts.selectors import warning_list
from apps.core import indicators
from apps.core.errors import NotFound
from apps.core.selectors import get_or_not_found
from apps.feed.selectors import post_list
from apps.insights.figures import Figure, indicator_figures, indicator_values, stuck_items
from apps.insights.periods import Period
from apps.orgs.scope import in_subtree, units_reached
from apps.projects.choices import ProjectStatus
from apps.projects.selectors import project_list
from apps.suggestions.choices import ADOPTED_STATES
from apps.suggestions.selectors import suggestion_list
from apps.supervision.selectors import item_list, state_q

from .models import Brief

LISTED = 10  # rows per section: a brief is read in minutes


def brief_list(*, user):
    return Brief.objects.visible_to(user).select_related("unit", "made_by", "document", "workbook")


def brief_get(*, user, pk: int) -> Brief:
    return get_or_not_found(brief_list(user=user), pk)


def brief_file(*, user, pk: int, kind: str):
    """A brief's Word ("docx") or Excel ("xlsx") file; none yet, or another kind, is a 404."""
    brief = brief_get(user=user, pk=pk)
    found = {"docx": brief.document, "xlsx": brief.workbook}.get(kind)
    if found is None:
        raise NotFound()
    return found


def unit_get(*, user, pk: int):
    """A unit the user's roles reach; any other is a 404."""
    return get_or_not_found(units_reached(user), pk)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


@dataclass
class Content:
    figures: list[Figure] = field(default_factory=list)
    featured: list[dict] = field(default_factory=list)
    adopted: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    deadlines: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        # A rate over a standing denominator (coverage of the members) is not news: something
        # happened only where a numerator counts.
        measured = any(f.numerator for f in self.figures)
        lists = (self.featured, self.adopted, self.projects, self.problems, self.deadlines)
        return not measured and not any(lists) and not self.warnings


def figures(unit, month: date) -> list[Figure]:
    """Every registered indicator for the unit's month beside the month before: the cockpit's
    computation (apps.insights.figures), so the brief and the cockpit show the same figures."""
    return indicator_figures(unit, Period.containing("month", month), year_ago=False)


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d") if dt else ""


def content(*, user, unit, month: date, progress=lambda done, total: None) -> Content:
    lo, hi = indicators.bounds(month, next_month(month) - timedelta(days=1))
    steps = 6
    got = Content(figures=figures(unit, month))
    progress(1, steps)
    posts = in_subtree(post_list(user=user), unit).filter(
        featured=True, published_at__gte=lo, published_at__lt=hi
    )
    got.featured = [
        {"title": p.title, "unit": p.unit.name, "at": _local(p.published_at)}
        for p in posts[:LISTED]
    ]
    progress(2, steps)
    adopted = in_subtree(suggestion_list(user=user), unit, "target_unit").filter(
        status__in=ADOPTED_STATES,
        verified_at__gte=lo,
        verified_at__lt=hi,
        verified_yuan__isnull=False,
    )
    got.adopted = [
        {"title": s.title, "unit": s.target_unit.name, "yuan": s.verified_yuan}
        for s in adopted.order_by("-verified_yuan")[:LISTED]
    ]
    progress(3, steps)
    done = in_subtree(project_list(user=user), unit, "lead_unit").filter(
        status__in=(ProjectStatus.ACCEPTED, ProjectStatus.EVALUATED),
        accepted_at__gte=lo,
        accepted_at__lt=hi,
    )
    got.projects = [
        {"title": p.name, "unit": p.lead_unit.name, "at": _local(p.accepted_at)}
        for p in done.select_related("lead_unit").order_by("accepted_at")[:LISTED]
    ]
    progress(4, steps)
    got.problems = [_item(i) for i in stuck_items(user=user, unit=unit)[:LISTED]]
    got.warnings = [
        {
            "unit": w.unit.name,
            "kind": w.get_kind_display(),
            "term": w.term,
            "summary": w.summary(),
            "status": w.get_status_display(),
            "week": w.week.isoformat(),
        }
        for w in in_subtree(warning_list(user=user), unit)
        .filter(week__gte=month - timedelta(days=6), week__lt=next_month(month))
        .exclude(status=WarningStatus.DISMISSED)
        .order_by("-week", "pk")[:LISTED]
    ]
    progress(5, steps)
    n_lo, n_hi = indicators.bounds(next_month(month), next_month(next_month(month)) - timedelta(1))
    items = in_subtree(item_list(user=user), unit, "owner_unit")
    due = items.filter(state_q("open"), due_at__gte=n_lo, due_at__lt=n_hi)
    got.deadlines = [_item(i) for i in due.order_by("due_at")[:LISTED]]
    progress(6, steps)
    return got


def _item(i) -> dict:
    return {
        "title": i.title,
        "unit": i.owner_unit.name,
        "at": _local(i.due_at),
        "level": i.get_level_display(),
    }


@dataclass
class Appendix:
    """年度数据附件: the year's figures beside the year before, and each indicator by month."""

    figures: list[Figure] = field(default_factory=list)
    months: list[date] = field(default_factory=list)
    monthly: list[tuple[str, str, list]] = field(default_factory=list)  # label, measure, values

    @property
    def empty(self) -> bool:
        return not any(f.numerator for f in self.figures)


def appendix(*, unit, year: int, progress=lambda done, total: None) -> Appendix:
    """The year-end data appendix of the unit: every registered indicator for the year (the
    cockpit's computation) and for each month of it that has begun."""
    today = timezone.localdate()
    months = [date(year, m, 1) for m in range(1, 13) if date(year, m, 1) <= today]
    steps = len(months) + 1
    got = Appendix(
        figures=indicator_figures(unit, Period("year", date(year, 1, 1)), year_ago=False),
        months=months,
    )
    progress(1, steps)
    by_month = []
    for i, m in enumerate(months, start=2):
        by_month.append(indicator_values([unit], Period("month", m)))
        progress(i, steps)
    for code, label in indicators.choices():
        calc = indicators.get(code)
        values = [vals[code].get(unit.pk, indicators.Value(None)).value for vals in by_month]
        got.monthly.append((str(label), calc.measure, values))
    return got
