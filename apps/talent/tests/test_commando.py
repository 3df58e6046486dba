"""A 党员突击队 serves a project or a hazard campaign (检查活动); its results are counted from
those records, and their pages name it (apps.core.related)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from apps.core.errors import DomainError

from .. import selectors, services
from ..choices import BrandKind
from ..models import Brand

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def _code(exc) -> str:
    return exc.value.code


def _team(company, **served):
    return services.brand_create(
        actor=company.users["admin"],
        kind=BrandKind.COMMANDO,
        name="迎峰度夏抢修突击队",
        unit=company.units["prod"],
        start_on=date(2026, 6, 1),
        responsibility="隐患整改清零",
        members=[company.people["zhigong"], company.people["bumen"]],
        **served,
    )


def _campaign(company):
    from apps.hazards.models import Inspection

    return Inspection.objects.create(
        title="迎峰度夏安全大检查", organizer=company.units["safety"], date=date(2026, 6, 5)
    )


def test_a_commando_must_serve_a_project_or_campaign_it_can_see(company):
    with pytest.raises(DomainError) as exc:
        _team(company)
    assert _code(exc) == "commando_served_required" and "项目或隐患排查活动" in exc.value.message
    from apps.hazards.models import Inspection
    from apps.orgs.choices import UnitKind
    from apps.orgs.testing import add

    elsewhere = add(None, name="兄弟公司", kind=UnitKind.COMPANY, code="X")
    hidden = Inspection.objects.create(
        title="兄弟公司检查", organizer=elsewhere, date=date(2026, 6, 5)
    )
    with pytest.raises(DomainError) as exc:
        services.brand_create(
            actor=company.users["shuji"],
            kind=BrandKind.COMMANDO,
            name="突击队",
            unit=company.units["branch1"],
            start_on=date(2026, 6, 1),
            responsibility="整改",
            members=[company.people["zhigong"]],
            inspection=hidden,
        )
    assert _code(exc) == "commando_served_unknown"
    assert not Brand.objects.exists()
    # A 先锋岗 keeps no project or campaign even when one is sent.
    post = services.brand_create(
        actor=company.users["admin"],
        kind=BrandKind.POST,
        name="先锋岗",
        unit=company.units["prod"],
        start_on=date(2026, 6, 1),
        responsibility="安全",
        members=[company.people["zhigong"]],
        inspection=_campaign(company),
    )
    assert post.inspection_id is None
    assert selectors.commando_results(user=company.users["admin"], brand=post) is None


def test_hazard_campaign_results_count_what_the_members_closed(company, client):
    from apps.hazards.tests.factories import make_hazard

    campaign = _campaign(company)
    team = _team(company, inspection=campaign)
    zhigong, bumen, shuji = (company.people[k] for k in ("zhigong", "bumen", "shuji"))
    make_hazard(company, inspection=campaign, status="rectified", owner_person=zhigong)
    make_hazard(company, inspection=campaign, status="rectified", owner_person=shuji)
    make_hazard(company, inspection=campaign, status="rectifying", owner_person=bumen)
    make_hazard(company, inspection=campaign, status="rejected", owner_person=zhigong)
    make_hazard(company, status="rectified", owner_person=zhigong)  # another campaign's
    results = selectors.commando_results(user=company.users["admin"], brand=team)
    # found 3 (rejected left out), rectified 2, by members 1, reported by members 3 (张伟).
    assert [n for _label, n in results["bars"]] == [3, 2, 1, 3]
    client.force_login(company.users["admin"])
    page = client.get(reverse("talent:brand", args=[team.pk]))
    assert page.status_code == 200 and 'data-testid="commando-results"' in page.text
    assert campaign.title in page.text
    # The campaign's page names the team.
    back = client.get(reverse("hazards:inspection_detail", args=[campaign.pk]))
    assert back.status_code == 200 and team.get_absolute_url() in back.text


def test_project_results_count_its_milestones_done_since_the_team_was_formed(company, client):
    from apps.projects.models import Milestone
    from apps.projects.tests.factories import make_project

    project = make_project(company)
    first, second = project.milestones.order_by("pk")
    Milestone.objects.filter(pk=first.pk).update(
        status="done", done_at=datetime(2026, 5, 20, 10, tzinfo=TZ)
    )
    Milestone.objects.filter(pk=second.pk).update(
        status="done", done_at=datetime(2026, 6, 20, 10, tzinfo=TZ)
    )
    Milestone.objects.create(
        project=project,
        title="取消的",
        owner_unit=company.units["prod"],
        due_date=date(2026, 8, 1),
        status="cancelled",
    )
    team = _team(company, project=project)
    results = selectors.commando_results(user=company.users["admin"], brand=team)
    assert [n for _label, n in results["bars"]] == [2, 2, 1]
    # A reader who cannot see the project sees no figures from it.
    from . import factories as f

    _p, outsider = f.worker(company, "Z0001", "安全员", unit="safety", account=True)
    assert selectors.commando_results(user=outsider, brand=team) == {"bars": []}
    client.force_login(company.users["admin"])
    back = client.get(reverse("projects:detail", args=[project.pk]))
    assert back.status_code == 200 and team.get_absolute_url() in back.text


def test_the_brand_form_keeps_what_was_typed_when_the_commando_serves_nothing(company, client):
    client.force_login(company.users["admin"])
    url = reverse("talent:brand_new")
    data = {
        "kind": "commando",
        "name": "抢修突击队",
        "unit": company.units["prod"].pk,
        "start_on": "2026-06-01",
        "responsibility": "整改清零",
        "members": company.people["zhigong"].employee_no,
    }
    res = client.post(url, data)
    assert res.status_code == 400 and "抢修突击队" in res.text and "隐患排查活动" in res.text
    assert not Brand.objects.exists()
    campaign = _campaign(company)
    res = client.post(url, {**data, "inspection": campaign.pk})
    assert res.status_code == 302
    assert Brand.objects.get().inspection_id == campaign.pk
