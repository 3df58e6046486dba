"""Who sees a project: the lead unit's and co-operating units' subtrees, the party office, the
members and the milestone owners; everyone else gets 404 on the page, the API and its files."""

import pytest

from apps.core.scopekit import ScopeCase, scope_contract
from apps.core.services import attachment_create
from apps.projects import services
from apps.projects.models import Milestone, MilestoneUpdate, Project

from .factories import make_project, plan


@pytest.fixture
def evidence(company, active):
    """An evidence file on zhigong's milestone update."""
    from apps.hazards.tests.factories import photo

    m = active.milestones.get(owner_person=company.people["zhigong"])
    update = services.milestone_update(
        actor=company.users["zhigong"], milestone=m, progress=30, note="开始试验"
    )
    return attachment_create(actor=company.users["zhigong"], upload=photo(), owner=update)


test_project_scope = scope_contract(
    ScopeCase(
        record="active",
        fixtures=["evidence"],
        # zhigong: a milestone owner
        sees=["admin", "dangwei", "bumen", "shuji", "tech_shuji", "zhigong"],
        blind=["norole"],
        detail="/projects/{r.pk}/",
        api_detail="/api/v1/projects/items/{r.pk}",
        list="/projects/",
        api_list="/api/v1/projects/items",
        urls=[lambda r: f"/files/{evidence_of(r).token}/"],
        blind_urls=[
            "/projects/{r.pk}/approve/",
            lambda r: f"/projects/milestones/{r.milestones.first().pk}/update/",
        ],
        api_counts={"norole": 0},
    )
)


def evidence_of(project):
    from apps.core.models import Attachment

    return Attachment.objects.get(
        owner_id__in=MilestoneUpdate.objects.filter(milestone__project=project).values("pk")
    )


def test_a_member_sees_it(company):
    from apps.projects.services import MemberIn

    project = services.project_create(
        actor=company.users["bumen"],
        **plan(company, members=[MemberIn(company.people["safety_worker"], "安全监护")]),
    )
    assert Project.objects.visible_to(company.users["norole"]).filter(pk=project.pk).exists()


def test_co_unit_only_through_its_own_subtree(company):
    """A project of 生产部 with no 技术部 part is out of 技术支部's scope."""
    project = make_project(company, cooperations=[], milestones=[])
    assert (
        not Project.objects.visible_to(company.users["tech_shuji"]).filter(pk=project.pk).exists()
    )
    assert not Project.objects.visible_to(company.users["zhigong"]).filter(pk=project.pk).exists()


def test_parts_follow_the_project(company, active, evidence):
    blind = company.users["norole"]
    assert not Milestone.objects.visible_to(blind).exists()
    assert not MilestoneUpdate.objects.visible_to(blind).exists()
    assert Milestone.objects.visible_to(company.users["tech_shuji"]).count() == 2


def test_soft_deleted_is_gone(company, active):
    active.soft_delete()
    assert not Project.objects.visible_to(company.users["dangwei"]).filter(pk=active.pk).exists()
