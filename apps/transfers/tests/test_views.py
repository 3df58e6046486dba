from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.orgs.models import PartyMembership
from apps.transfers import services
from apps.transfers.choices import FlowDirection
from apps.transfers.models import FlowActivity, Transfer

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _letters(company, n):
    admin = company.users["dangwei"]
    for i in range(n):
        services.transfer_out(actor=admin, person=company.people["shuji"], outside_org=f"外单位{i}")
        PartyMembership.all_objects.filter(person=company.people["shuji"]).update(deleted_at=None)


def test_the_ledger_reads_the_same_number_of_queries_for_3_rows_as_for_30(client, login, company):
    login("dangwei")
    _letters(company, 3)
    few = _queries(client, "/transfers/")
    _letters(company, 27)
    assert _queries(client, "/transfers/") == few
    r = client.get("/transfers/?q=外单位2")
    assert r.context["page"].paginator.count == 9  # 外单位2 of each batch, 外单位20..26


def test_the_flowing_list_reads_the_same_number_of_queries_for_more_rows(client, login, company):
    login("shuji")
    today = timezone.localdate()

    def register(i):
        member = services.flowing_register(
            actor=company.users["shuji"],
            direction=FlowDirection.IN,
            branch=company.units["branch1"],
            name=f"流入党员{i}",
            place="本公司检修现场",
            start_on=today - timedelta(days=10),
            contact="联系人 139",
            certificate_no=f"LD{i}",
        )
        FlowActivity.objects.create(member=member, kind="study", day=today, title="学习")

    for i in range(2):
        register(i)
    few = _queries(client, "/transfers/flowing/")
    for i in range(2, 25):
        register(i)
    assert _queries(client, "/transfers/flowing/") == few


def test_a_secretary_moves_a_member_on_the_page_and_a_refusal_keeps_what_was_typed(
    client, login, company
):
    login("shuji")
    u = company.units
    r = client.post(
        "/transfers/inside/",
        {"person": "10001", "to_branch": u["branch1"].pk, "reason": "岗位调整"},
    )
    assert r.status_code == 400
    assert "转入支部与所在支部相同" in r.content.decode() and "岗位调整" in r.content.decode()
    r = client.post(
        "/transfers/inside/", {"person": "10001", "to_branch": 999999, "reason": "岗位调整"}
    )
    assert r.status_code == 400 and "转入支部不存在" in r.content.decode()
    r = client.post("/transfers/inside/", {"person": "10001", "to_branch": u["branch2"].pk})
    t = Transfer.objects.get()
    assert r.status_code == 302 and r.url == t.get_absolute_url()
    assert PartyMembership.objects.get(person=company.people["shuji"]).branch == u["branch2"]
    assert "生产一支部" in client.get(r.url).content.decode()


def test_another_scopes_transfer_is_a_404_and_its_number_is_unknown_to_the_receipt_page(
    client, login, company
):
    t = services.transfer_out(
        actor=company.users["dangwei"], person=company.people["tech_worker"], outside_org="外单位"
    )
    login("shuji")
    for url in (
        f"/transfers/{t.pk}/",
        f"/transfers/{t.pk}/letter/",
        f"/transfers/{t.pk}/letter.docx",
    ):
        assert client.get(url).status_code == 404
    r = client.post(
        "/transfers/receipt/", {"number": t.number, "received_on": timezone.localdate()}
    )
    assert r.status_code == 400 and "没有编号为" in r.content.decode()


def test_the_letter_prints_and_downloads_and_its_receipt_closes_it(client, login, company):
    login("shuji")
    t = services.transfer_out(
        actor=company.users["shuji"], person=company.people["shuji"], outside_org="中共某市委"
    )
    r = client.get(f"/transfers/{t.pk}/letter/")
    assert t.number in r.content.decode() and "中共某市委" in r.content.decode()
    r = client.get(f"/transfers/{t.pk}/letter.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = client.post(
        f"/transfers/{t.pk}/receipt/", {"received_on": timezone.localdate(), "note": "已接收"}
    )
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.status == "done"


def test_the_api_lists_moves_and_refuses_as_the_page(client, login, company):
    login("shuji")
    u, p = company.units, company.people
    r = client.post(
        "/api/v1/transfers/items/inside",
        {"person_id": p["shuji"].pk, "to_branch_id": 999999},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "branch_unknown"
    r = client.post(
        "/api/v1/transfers/items/inside",
        {"person_id": p["shuji"].pk, "to_branch_id": u["branch2"].pk},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["to_branch"]["name"] == "技术支部"
    r = client.get("/api/v1/transfers/items?kind=inside")
    assert r.json()["count"] == 1
    r = client.post(
        "/api/v1/transfers/receipts",
        {"number": "JS123456", "received_on": "2026-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "letter_unknown"
    other = services.transfer_out(
        actor=company.users["dangwei"], person=p["tech_worker"], outside_org="外单位"
    )
    assert client.get(f"/api/v1/transfers/items/{other.pk}").status_code == 404


def test_the_api_registers_a_flowing_member_and_their_activity(client, login, company):
    login("shuji")
    today = timezone.localdate()
    r = client.post(
        "/api/v1/transfers/flowing",
        {
            "direction": "out",
            "branch_id": company.units["branch1"].pk,
            "person_id": company.people["shuji"].pk,
            "place": "新疆哈密市",
            "start_on": str(today - timedelta(days=30)),
            "contact": "项目部 139",
            "certificate_no": "LD1",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = client.post(
        f"/api/v1/transfers/flowing/{pk}/activities",
        {"kind": "meeting", "day": str(today), "title": "主题党日", "hours": "2"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["activities"][0]["title"] == "主题党日"
    login("tech_shuji")
    assert client.get(f"/api/v1/transfers/flowing/{pk}").status_code == 404


def test_every_page_renders_for_the_secretary(client, login, company):
    login("dangwei")
    t = services.transfer_in(
        actor=company.users["dangwei"],
        person=company.people["bumen"],
        to_branch=company.units["branch1"],
        outside_org="中共某大学委员会",
    )
    m = services.flowing_register(
        actor=company.users["dangwei"],
        direction=FlowDirection.IN,
        branch=company.units["branch1"],
        name="周强",
        place="检修现场",
        start_on=timezone.localdate(),
        contact="周书记 139",
        certificate_no="LD7",
    )
    pages = {
        f"/transfers/{t.pk}/letter/": "特此回执",
        f"/transfers/{t.pk}/": "中共某大学委员会",
        "/transfers/out/": "介绍信",
        "/transfers/in/": "原所在党组织",
        "/transfers/settings/": "30",
        "/transfers/flowing/new/": "活动证编号",
        m.get_absolute_url(): "LD7",
        f"/transfers/flowing/{m.pk}/activity/": "学时",
        f"/transfers/flowing/{m.pk}/end/": "结束日期",
    }
    for url, text in pages.items():
        r = client.get(url)
        assert r.status_code == 200 and text in r.content.decode(), url
