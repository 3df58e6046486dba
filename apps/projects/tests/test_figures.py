"""Figures against hand-computed values: the timeline by month, the scores for 量化考核."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.projects import services
from apps.projects.choices import ProjectStatus
from apps.projects.models import Milestone, Project
from apps.projects.selectors import milestone_timeline, project_scores

from .factories import M1, M2, make_project

S = ProjectStatus


def test_timeline_by_month(company):
    a = make_project(company, status=S.ACTIVE)
    m1 = a.milestones.get(due_date=M1)
    services.milestone_update(
        actor=company.users["admin"], milestone=m1, progress=100, note="ok", done=True
    )
    b = make_project(company, status=S.ACTIVE)
    yesterday = timezone.localdate() - timedelta(days=1)
    Milestone.objects.filter(project=b, due_date=M1).update(due_date=yesterday)
    chart = milestone_timeline(Project.objects.all())
    months = chart["months"]
    m1_key, m2_key, y_key = M1.strftime("%Y-%m"), M2.strftime("%Y-%m"), yesterday.strftime("%Y-%m")
    assert months[0] == min(m1_key, y_key) and months[-1] == m2_key
    assert chart["done"][months.index(m1_key)] == 1
    assert chart["overdue"][months.index(y_key)] == 1
    assert chart["open"][months.index(m2_key)] == 2
    assert sum(chart["done"]) + sum(chart["open"]) + sum(chart["overdue"]) == 4
    # Empty set: nothing to draw.
    assert milestone_timeline(Project.objects.none())["months"] == []


def test_project_scores_per_lead_unit(company):
    p1 = make_project(company, status=S.ACCEPTED)
    p2 = make_project(company, status=S.ACCEPTED)
    p3 = make_project(
        company,
        status=S.ACCEPTED,
        actor="dangwei",
        lead_unit=company.units["tech"],
        cooperations=[],
        milestones=[services.MilestoneIn("x", company.units["tech"], M1)],
    )
    when = timezone.make_aware(datetime(2026, 6, 15, 10))
    for p, score in ((p1, 90), (p2, 75.5), (p3, 60)):
        services.project_evaluate(actor=company.users["dangwei"], project=p, score=score, now=when)
    late = timezone.make_aware(datetime(2026, 7, 1, 0, 30))  # local midnight + 30 min
    p4 = make_project(company, status=S.ACCEPTED)
    services.project_evaluate(actor=company.users["dangwei"], project=p4, score=50, now=late)
    rows = project_scores(period_start=date(2026, 6, 1), period_end=date(2026, 6, 30))
    by_unit = {r["unit"]: r for r in rows}
    assert set(by_unit) == {"生产部", "技术部"}
    assert by_unit["生产部"]["projects"] == 2
    assert by_unit["生产部"]["average"] == Decimal("82.8")  # (90 + 75.5) / 2 = 82.75, half up
    assert by_unit["生产部"]["total"] == Decimal("165.5")
    assert by_unit["技术部"]["average"] == Decimal("60.0")
    july = project_scores(period_start=date(2026, 7, 1), period_end=date(2026, 7, 31))
    assert [(r["unit"], r["projects"]) for r in july] == [("生产部", 1)]
