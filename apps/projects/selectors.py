"""Reads on projects: always through visible_to(user); out of scope is 404."""

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Avg, CharField, Count, Q, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from apps.core.figures import percent
from apps.core.scope import scope_of, subtree_q
from apps.core.selectors import files_of, get_or_not_found
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit

from .charts import progress_option
from .choices import MilestoneStatus, ProjectStatus
from .models import (
    Acceptance,
    Issue,
    Milestone,
    MilestoneUpdate,
    ProgressReport,
    Project,
    ProjectEvent,
    ProjectType,
    ReportFigure,
)
from .permissions import HEAD_ROLES, held_paths

CHART_CACHE_SECONDS = 60
# Units offered in pickers: a lead unit or partner is a company or department.
PICKER_KINDS = (UnitKind.COMPANY, UnitKind.DEPARTMENT)
MAX_MONTHS = 36
REPORTS_ON_PAGE = 24


def project_list(*, user):
    return Project.objects.visible_to(user).select_related("type", "lead_unit", "leader")


def project_get(*, user, pk: int) -> Project:
    return get_or_not_found(
        project_list(user=user).select_related("lead_unit__head__user", "created_by"), pk
    )


def milestone_get(*, user, pk: int) -> Milestone:
    return get_or_not_found(
        Milestone.objects.visible_to(user).select_related(
            "project__lead_unit", "owner_unit", "owner_person"
        ),
        pk,
    )


def issue_get(*, user, pk: int) -> Issue:
    return get_or_not_found(Issue.objects.visible_to(user), pk)


def my_milestones(*, user):
    """Open milestones the user owns, or that a head role of theirs owns for its unit, in
    projects under way: what a department head reports on from a phone."""
    cond = Q(pk__in=[])
    if user.person_id:
        cond |= Q(owner_person_id=user.person_id)
    units = Q()
    paths = held_paths(user, HEAD_ROLES)
    for p in paths:
        units |= subtree_q(p)
    if paths:
        cond |= Q(owner_unit__in=OrgUnit.objects.filter(units).values("pk"))
    return (
        Milestone.objects.visible_to(user)
        .filter(cond, status=MilestoneStatus.OPEN, project__status=ProjectStatus.ACTIVE)
        .select_related("project", "owner_unit", "owner_person")
        .order_by("due_date", "pk")
    )


def status_counts(qs) -> dict[str, int]:
    counts = qs.order_by().aggregate(
        **{s: Count("pk", filter=Q(status=s)) for s in ProjectStatus.values}
    )
    counts["total"] = sum(counts.values())
    return counts


def overdue_counts(ids, today: date | None = None) -> dict[int, int]:
    """Overdue open milestones per project, for one page of rows, in one query."""
    today = today or timezone.localdate()
    return dict(
        Milestone.objects.overdue(today)
        .filter(project_id__in=list(ids))
        .order_by()
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )


def type_choices():
    return ProjectType.objects.filter(is_active=True)


def unit_choices(*, user):
    """Companies and departments the user reaches (for filters and the lead unit)."""
    scope = scope_of(user)
    qs = OrgUnit.objects.alive().filter(kind__in=PICKER_KINDS).only("pk", "name", "path", "depth")
    if scope.everything:
        return qs.order_by("path")
    cond = Q(pk__in=[])
    for prefix in scope.prefixes:
        cond |= subtree_q(prefix)
    return qs.filter(cond).order_by("path")


# --- the timeline chart -----------------------------------------------------------------------


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < MAX_MONTHS:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def milestone_timeline(projects, *, today: date | None = None) -> dict:
    """Milestones of the given projects by the month they are due: done, open, overdue. One
    grouped query; at most three years of months, centred on today when there are more."""
    today = today or timezone.localdate()
    rows = (
        Milestone.objects.filter(project_id__in=projects.order_by().values("pk"))
        .exclude(status=MilestoneStatus.CANCELLED)
        .annotate(m=Substr(Cast("due_date", CharField()), 1, 7))
        .values("m")
        .annotate(
            done=Count("pk", filter=Q(status=MilestoneStatus.DONE)),
            open=Count("pk", filter=Q(status=MilestoneStatus.OPEN, due_date__gte=today)),
            overdue=Count("pk", filter=Q(status=MilestoneStatus.OPEN, due_date__lt=today)),
        )
        .order_by("m")
    )
    by_month = {r["m"]: r for r in rows}
    if not by_month:
        return {"months": [], "done": [], "open": [], "overdue": []}
    first, last = min(by_month), max(by_month)
    months = _months(first, last)
    if months and months[-1] < last:  # too long: the three years around today
        start = today.replace(day=1) - timedelta(days=365 * 1.5)
        months = _months(max(first, start.strftime("%Y-%m")), last)
    return {
        "months": months,
        "done": [by_month.get(m, {}).get("done", 0) for m in months],
        "open": [by_month.get(m, {}).get("open", 0) for m in months],
        "overdue": [by_month.get(m, {}).get("overdue", 0) for m in months],
    }


def milestone_timeline_cached(*, user, projects, params: str) -> dict:
    """The chart, cached a minute per scope and filters: the whole company's 20,000 milestones
    are grouped once a minute, not on every page view."""
    scope = scope_of(user)
    key = "|".join(
        str(x)
        for x in (scope.everything, scope.prefixes, scope.person_id, params, timezone.localdate())
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return cache.get_or_set(
        f"projects:timeline:{digest}",
        lambda: milestone_timeline(projects),
        CHART_CACHE_SECONDS,
    )


# --- a project's page -------------------------------------------------------------------------


def project_page(*, project: Project, today: date | None = None) -> dict:
    """Everything a project's page shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    targets = list(project.targets.all())
    milestones = list(
        project.milestones.select_related("owner_unit", "owner_person").order_by("due_date", "pk")
    )
    updates = list(
        MilestoneUpdate.objects.filter(milestone__project=project).order_by("-at", "-pk")[:50]
    )
    files = files_of(MilestoneUpdate, [u.pk for u in updates])
    by_ms: dict[int, list] = {}
    for u in updates:
        u.files = files.get(u.pk, [])
        by_ms.setdefault(u.milestone_id, []).append(u)
    for m in milestones:
        m.overdue = m.is_overdue(today)
        m.recent = by_ms.get(m.pk, [])[:3]
    reports = list(
        ProgressReport.objects.filter(project=project).order_by("-reported_on", "-pk")[
            :REPORTS_ON_PAGE
        ]
    )
    figures: dict[int, dict[int, Decimal]] = {}
    for f in ReportFigure.objects.filter(report__in=[r.pk for r in reports]):
        figures.setdefault(f.report_id, {})[f.target_id] = f.value
    for r in reports:
        r.values = [(t, figures.get(r.pk, {}).get(t.pk)) for t in targets]
    acceptances = list(
        Acceptance.objects.filter(project=project)
        .prefetch_related("results")
        .order_by("-submitted_at", "-pk")
    )
    acc_files = files_of(Acceptance, [a.pk for a in acceptances])
    names = {t.pk: t for t in targets}
    for a in acceptances:
        a.files = acc_files.get(a.pk, [])
        a.rows = [(names.get(r.target_id), r.actual_value) for r in a.results.all()]
    done = sum(1 for m in milestones if m.status == MilestoneStatus.DONE)
    counted = sum(1 for m in milestones if m.status != MilestoneStatus.CANCELLED)
    return {
        "targets": targets,
        "milestones": milestones,
        "milestones_done": done,
        "milestones_rate": percent(done, counted),
        "overdue": sum(1 for m in milestones if m.overdue),
        "reports": reports,
        "issues": list(project.issues.all().order_by("status", "-raised_at")),
        "acceptances": acceptances,
        "events": list(ProjectEvent.objects.filter(project=project).order_by("at", "pk")),
        "chart": progress_option(targets, reports),
    }


# --- 量化考核 ------------------------------------------------------------------------------------


def project_scores(*, period_start: date, period_end: date) -> list[dict]:
    """Evaluation scores of the projects evaluated in the period (inclusive, local dates), per
    lead unit: how many, their average and their sum. The quantitative assessment (量化考核)
    reads this; it is the whole company's, not one user's view."""

    def midnight(day):
        return timezone.make_aware(datetime.combine(day, time.min))

    lo, hi = midnight(period_start), midnight(period_end + timedelta(days=1))
    rows = (
        Project.objects.filter(
            status=ProjectStatus.EVALUATED, evaluated_at__gte=lo, evaluated_at__lt=hi
        )
        .order_by()
        .values("lead_unit_id", "lead_unit__name")
        .annotate(projects=Count("pk"), average=Avg("score"), total=Sum("score"))
        .order_by("lead_unit__name")
    )
    return [
        {
            "unit_id": r["lead_unit_id"],
            "unit": r["lead_unit__name"],
            "projects": r["projects"],
            "average": Decimal(str(r["average"])).quantize(Decimal("0.1")),
            "total": Decimal(str(r["total"])).quantize(Decimal("0.1")),
        }
        for r in rows
    ]
