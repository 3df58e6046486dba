import random

from django.db.models import F
from django.utils import timezone

from apps.core import demo as core_demo
from apps.orgs.models import OrgUnit, Person
from apps.projects.choices import MilestoneStatus, ProjectStatus
from apps.projects.demo import seed
from apps.projects.models import Milestone, ProgressReport, Project
from apps.projects.selectors import project_page
from apps.supervision.models import SupervisedItem

S = ProjectStatus


def test_registered_at_40_per_thousand():
    seeder = next(s for s in core_demo.seeders() if s.name == "projects")
    assert seeder.per_1000_people == 40


def test_seed_small(company):
    now = timezone.now()
    stats = seed(
        rng=random.Random(7),
        company_root=company.units["company"],
        people=list(Person.objects.all()),
        units=list(OrgUnit.objects.all()),
        now=now,
        count=120,
    )
    assert stats["projects"] == Project.objects.count() == 120
    assert Milestone.objects.count() == stats["milestones"] >= 120 * 8
    counts = {s: Project.objects.filter(status=s).count() for s in S.values}
    assert counts[S.ACTIVE] > counts[S.EVALUATED] > 0
    assert counts[S.RETURNED] + counts[S.TERMINATED] > 0
    assert counts[S.ACTIVE] > 120 * 0.4  # most are under way
    assert Milestone.objects.overdue().filter(project__status=S.ACTIVE).exists()
    # Milestones lie inside their project's dates.
    assert not Milestone.objects.filter(due_date__gt=F("project__end_date")).exists()
    assert not Milestone.objects.filter(due_date__lt=F("project__start_date")).exists()
    # Every milestone of an approved project is supervised; the open ones are open there too.
    approved = Milestone.objects.exclude(project__approved_at=None).exclude(
        status=MilestoneStatus.CANCELLED
    )
    items = SupervisedItem.objects.filter(kind="milestone")
    assert items.count() == approved.count()
    assert (
        items.filter(closed_at=None).count()
        == approved.filter(
            status=MilestoneStatus.OPEN, project__status__in=(S.ACTIVE, S.ACCEPTANCE)
        ).count()
    )
    evaluated = Project.objects.filter(status=S.EVALUATED)
    assert not evaluated.filter(score=None).exists()
    assert ProgressReport.objects.exists()
    # The seeded rows read back through the page's selector.
    page = project_page(project=evaluated.first())
    assert page["acceptances"] and page["targets"] and page["chart"]["xAxis"]["data"]
    assert Project.objects.visible_to(company.users["dangwei"]).count() == 120
