"""Who sees a hazard: reporter, owner, the safety unit, the company admin, the unit's cadres;
everyone else gets 404 on the page, the API and its photos."""

import pytest

from apps.core.scopekit import ScopeCase, scope_contract
from apps.core.services import attachment_create
from apps.hazards.choices import HazardStatus
from apps.hazards.models import Hazard, Inspection

from .factories import make_hazard, photo


@pytest.fixture
def hazard(company, safety, owner):
    h = make_hazard(
        company,
        status=HazardStatus.RECTIFYING,
        owner_unit=company.units["tech"],
        owner_person=company.people["tech_worker"],
    )
    attachment_create(actor=company.users["zhigong"], upload=photo(), owner=h, kinds={"image"})
    return h


test_hazard_scope = scope_contract(
    ScopeCase(
        record="hazard",
        sees=["zhigong", "anquan", "chenjing", "dangwei", "admin", "bumen", "shuji", "tech_shuji"],
        blind=["norole"],
        detail="/hazards/{r.pk}/",
        api_detail="/api/v1/hazards/items/{r.pk}",
        list="/hazards/",
        api_list="/api/v1/hazards/items",
        urls=[lambda r: f"/files/{hazard_photo_token(r)}/"],
        blind_urls=["/hazards/{r.pk}/confirm/"],
    )
)


def test_tech_branch_sees_only_through_the_owner_unit(company, safety):
    """技术支部 serves 技术部: a hazard of 运行一班 not assigned to 技术部 is out of its scope."""
    h = make_hazard(company)
    assert not Hazard.objects.visible_to(company.users["tech_shuji"]).filter(pk=h.pk).exists()
    assert Hazard.objects.visible_to(company.users["anquan"]).filter(pk=h.pk).exists()


def test_owner_loses_sight_of_unassigned(company, owner):
    h = make_hazard(company)
    assert not Hazard.objects.visible_to(owner).filter(pk=h.pk).exists()


def test_soft_deleted_is_gone(company, safety):
    h = make_hazard(company)
    h.soft_delete()
    assert not Hazard.objects.visible_to(safety).filter(pk=h.pk).exists()


def test_inspections_scope(company, safety):
    insp = Inspection.objects.create(
        title="消防专项检查", organizer=company.units["safety"], date="2025-03-03"
    )
    insp.units.set([company.units["prod"], company.units["team1"]])
    insp.inspectors.set([company.people["safety_worker"]])
    for username in ("anquan", "norole", "bumen", "dangwei"):
        qs = Inspection.objects.visible_to(company.users[username])
        assert list(qs.values_list("pk", flat=True)) == [insp.pk], username
    assert not Inspection.objects.visible_to(company.users["tech_shuji"]).exists()


def hazard_photo_token(hazard):
    from apps.hazards.selectors import photos_of

    return photos_of(hazard)[0].token
