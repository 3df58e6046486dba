"""Reads of 月度简报: the archive through visible_to(user), and a month's content gathered
through the indicator registry and the areas' own selectors, scoped to the requesting user."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from apps.core import indicators
from apps.core.errors import NotFound
from apps.core.selectors import get_or_not_found
from apps.feed.selectors import post_list
from apps.insights.figures import Figure, indicator_figures, stuck_items
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

    @property
    def empty(self) -> bool:
        # A rate over a standing denominator (coverage of the members) is not news: something
        # happened only where a numerator counts.
        measured = any(f.numerator for f in self.figures)
        lists = (self.featured, self.adopted, self.projects, self.problems, self.deadlines)
        return not measured and not any(lists)


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
