"""Scope: the submitter sees their own, the owner what is assigned to them, unit cadres their
units', the company-level intake (党群 / 工会) everything lodged with the company; others 404."""

import pytest
from django.urls import reverse

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.appeals import services
from apps.appeals.models import Appeal
from apps.appeals.permissions import can_intake
from apps.core.scopekit import ScopeCase, scope_contract
from apps.orgs.choices import UnitKind
from apps.orgs.testing import add
from apps.supervision.models import SupervisedItem

from .factories import accepted, submit

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Appeal.objects.visible_to(user).values_list("pk", flat=True))


@pytest.fixture
def union_cadre(company):
    union = add(company.units["company"], name="公司工会", kind=UnitKind.UNION_COMMITTEE, code="U")
    user = User.objects.create_user(username="gonghui", password="x")
    RoleAssignment.objects.create(user=user, role=Role.UNION_CADRE, unit=union)
    return user


def test_named_appeal_reaches_submitter_their_department_and_the_company(company, union_cadre):
    appeal, _ = submit(company)  # 张伟, 生产部 / 运行一班
    u = company.users
    for name in ("zhigong", "bumen", "shuji", "dangwei", "admin"):
        assert appeal.pk in visible(u[name]), name
    assert appeal.pk in visible(union_cadre)
    for name in ("tech_shuji", "norole"):
        assert appeal.pk not in visible(u[name]), name


def test_anonymous_appeal_reaches_only_the_intake_until_assigned(company, union_cadre):
    appeal, _ = submit(company, anonymous=True)
    u = company.users
    assert appeal.pk in visible(u["dangwei"]) and appeal.pk in visible(union_cadre)
    for name in ("zhigong", "bumen", "shuji", "tech_shuji", "norole"):
        assert appeal.pk not in visible(u[name]), name
    assert can_intake(union_cadre, appeal)
    services.appeal_accept(
        actor=union_cadre,
        appeal=appeal,
        owner_unit=company.units["safety"],
        owner_person=company.people["safety_worker"],
    )
    # the owner person (no role at all) now sees it; the submitter still does not
    assert appeal.pk in visible(u["norole"])
    assert appeal.pk not in visible(u["zhigong"])


def test_the_head_of_the_owner_unit_sees_and_handles(company):
    appeal, _ = accepted(company, unit="tech", person=None)
    tech_head = company.users["norole"]  # make 赵磊 head of 技术部
    company.units["tech"].head = company.people["safety_worker"]
    company.units["tech"].save()
    assert appeal.pk in visible(tech_head)
    appeal = Appeal.objects.select_related("owner_unit").get(pk=appeal.pk)
    services.appeal_reply(actor=tech_head, appeal=appeal, text="已收到,在处理")


def test_a_unit_cadre_is_not_intake(company):
    appeal, _ = submit(company)
    assert not can_intake(company.users["bumen"], appeal)
    assert not can_intake(company.users["shuji"], appeal)
    assert can_intake(company.users["dangwei"], appeal)
    assert can_intake(company.users["admin"], appeal)


@pytest.fixture
def appeal(company):
    return submit(company)[0]


test_appeal_scope = scope_contract(
    ScopeCase(
        record="appeal",
        sees=["zhigong", "bumen", "dangwei"],
        blind=["tech_shuji", "norole"],
        detail=lambda r: reverse("appeals:detail", args=[r.pk]),
        api_detail="/api/v1/appeals/{r.pk}",
        blind_urls=[lambda r: reverse("appeals:action", args=[r.pk, "accept"])],
    )
)


@pytest.mark.parametrize("username, status", [("zhigong", 403), ("bumen", 403), ("dangwei", 200)])
def test_only_the_intake_may_accept(client, company, appeal, username, status):
    client.force_login(company.users[username])
    assert client.get(reverse("appeals:action", args=[appeal.pk, "accept"])).status_code == status


def test_attachment_download_follows_the_appeal_scope(client, company):
    from apps.core.models import Attachment

    from .factories import png

    appeal, _ = accepted(company, unit="safety", person="safety_worker", anonymous=True)
    services.appeal_add_info(
        actor=None, appeal=appeal, text="照片", files=[png()], via_receipt=True
    )
    token = Attachment.objects.get().token
    client.force_login(company.users["norole"])  # the owner person
    assert client.get(reverse("attachment", args=[token])).status_code == 200
    client.force_login(company.users["tech_shuji"])
    assert client.get(reverse("attachment", args=[token])).status_code == 404
    client.logout()
    assert client.get(reverse("attachment", args=[token])).status_code == 302


def test_company_union_cadre_takes_in_through_the_page(client, company, union_cadre):
    appeal, _ = submit(company, anonymous=True)
    client.force_login(union_cadre)
    url = reverse("appeals:action", args=[appeal.pk, "accept"])
    page = client.get(url)
    units = {u.name for u in page.context["form"].fields["owner_unit"].queryset}
    assert {"生产部", "运行一班", "安全部", "技术部"} <= units
    response = client.post(url, {"owner_unit": company.units["tech"].pk})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "handling" and appeal.owner_unit == company.units["tech"]
    assert SupervisedItem.objects.filter(object_id=appeal.pk, kind="appeal").exists()
