"""The 党委's review of reductions and exemptions: one list of every pending request in its
scope, decided from the list (批准, 不批准 with the reason) on a PC or phone; a branch sees its
own and cannot decide; another branch's request is a 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.dues import services
from apps.dues.models import DuesRelief
from apps.orgs.models import PartyMembership, Person

from .factories import base

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _ask(company, key="shuji", actor="shuji", kind="reduce", amount="30", months=(1, 3)):
    base(company, key=key)
    return services.relief_request(
        actor=company.users[actor],
        person=company.people[key],
        year=YEAR,
        month_from=months[0],
        month_to=months[1],
        kind=kind,
        amount=amount if kind == "reduce" else None,
        reason="家庭困难",
    )


def test_the_committee_sees_every_pending_request_with_what_it_changes(client, login, company):
    mine = _ask(company)  # 6000 → 90.00 a month, asks 30.00 for three months
    other = _ask(company, key="tech_worker", actor="tech_shuji", kind="exempt", months=(4, 6))
    login("dangwei")
    r = client.get("/dues/reliefs/?status=pending")
    assert r.status_code == 200
    rows = {x.pk: x for x in r.context["page"].object_list}
    assert set(rows) == {mine.pk, other.pk}
    assert str(rows[mine.pk].cut) == "180.00" and rows[mine.pk].months == 3
    assert str(rows[other.pk].cut) == "270.00" and str(rows[other.pk].instead) == "0.00"
    assert r.context["counts"]["pending"] == 2 and r.context["counts"]["total"] == 2
    body = r.content.decode()
    assert "少收 180.00 元" in body and 'data-testid="approve"' in body


def test_approve_from_the_list(client, login, company):
    relief = _ask(company)
    login("dangwei")
    r = client.post(f"/dues/reliefs/{relief.pk}/approve/", {"note": ""})
    assert r.status_code == 302 and r["Location"] == "/dues/reliefs/?status=pending"
    relief.refresh_from_db()
    assert relief.status == "approved" and relief.decided_by == company.users["dangwei"]


def test_refusing_needs_the_reason_and_stores_nothing_without_it(client, login, company):
    relief = _ask(company)
    login("dangwei")
    r = client.post(f"/dues/reliefs/{relief.pk}/refuse/", {"note": "  "})
    assert r.status_code == 400
    assert "请填写不批准的理由" in r.content.decode() or "审批意见" in r.content.decode()
    relief.refresh_from_db()
    assert relief.status == "pending" and relief.decided_at is None
    r = client.post(f"/dues/reliefs/{relief.pk}/refuse/", {"note": "收入已恢复"})
    assert r.status_code == 302
    relief.refresh_from_db()
    assert relief.status == "rejected" and relief.decision_note == "收入已恢复"
    # decided: neither step is offered any more
    assert client.post(f"/dues/reliefs/{relief.pk}/approve/", {}).status_code == 403
    page = client.get(f"/dues/reliefs/{relief.pk}/")
    assert page.status_code == 200 and page.context["actions"] == []
    assert [h["note"] for h in page.context["history"]] == ["家庭困难", "收入已恢复"]


def test_a_branch_sees_its_own_cannot_decide_and_another_branch_is_not_found(
    client, login, company
):
    mine = _ask(company)
    other = _ask(company, key="tech_worker", actor="tech_shuji")
    login("shuji")
    r = client.get("/dues/reliefs/")
    assert [x.pk for x in r.context["page"].object_list] == [mine.pk]
    assert 'data-testid="approve"' not in r.content.decode()
    assert client.get(f"/dues/reliefs/{mine.pk}/").context["actions"] == []
    assert client.post(f"/dues/reliefs/{mine.pk}/approve/", {}).status_code == 403
    for url in (f"/dues/reliefs/{other.pk}/", f"/dues/reliefs/{other.pk}/approve/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/dues/reliefs/{other.pk}/refuse/", {"note": "x"}).status_code == 404
    assert DuesRelief.objects.get(pk=other.pk).status == "pending"


def test_anonymous_and_no_role(client, login, company):
    relief = _ask(company)
    r = client.get(f"/dues/reliefs/{relief.pk}/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    login("norole")
    assert client.get("/dues/reliefs/").status_code == 403
    assert client.get(f"/dues/reliefs/{relief.pk}/").status_code == 404
    assert client.post(f"/dues/reliefs/{relief.pk}/approve/", {}).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_review_list_keeps_its_query_count(client, login, company):
    _ask(company)
    login("dangwei")
    url = "/dues/reliefs/?status=pending"
    client.get(url)
    one = _count(client, url)
    branch = company.units["branch1"]
    for i in range(12):
        p = Person.objects.create(
            employee_no=f"4{i:04d}",
            name=f"党员{i}",
            gender="M",
            department=company.units["prod"],
            political_status="party_member",
        )
        PartyMembership.objects.create(person=p, branch=branch)
        company.people[f"m{i}"] = p
        _ask(company, key=f"m{i}")
    assert _count(client, url) == one <= 16
    assert len(client.get(url).context["page"].object_list) == 13
