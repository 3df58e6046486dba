"""Who sees a project: the lead unit's and co-operating units' subtrees, the party office, the
members and the milestone owners; everyone else gets 404 on the page, the API and its files."""

import pytest

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


SEES = ["admin", "dangwei", "bumen", "shuji", "tech_shuji", "zhigong"]  # zhigong: milestone owner
BLIND = ["norole"]


@pytest.mark.parametrize("username", SEES)
def test_who_sees(client, company, active, evidence, username):
    client.force_login(company.users[username])
    assert client.get(f"/projects/{active.pk}/").status_code == 200
    assert client.get(f"/api/v1/projects/items/{active.pk}").status_code == 200
    assert client.get(f"/files/{evidence.token}/").status_code == 200


@pytest.mark.parametrize("username", BLIND)
def test_others_get_404(client, company, active, evidence, username):
    client.force_login(company.users[username])
    assert client.get(f"/projects/{active.pk}/").status_code == 404
    assert client.get(f"/api/v1/projects/items/{active.pk}").status_code == 404
    assert client.get(f"/projects/{active.pk}/approve/").status_code == 404
    m = active.milestones.first()
    assert client.get(f"/projects/milestones/{m.pk}/update/").status_code == 404
    assert client.get(f"/files/{evidence.token}/").status_code == 404
    assert not Project.objects.visible_to(company.users[username]).filter(pk=active.pk).exists()
    assert client.get("/api/v1/projects/items").json()["count"] == 0


def test_anonymous_is_sent_to_login(client, active):
    assert client.get(f"/projects/{active.pk}/").status_code == 302
    assert client.get("/api/v1/projects/items").status_code == 401


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
