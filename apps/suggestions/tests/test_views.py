"""Pages: submit from a phone, 我的建议, the ledger (filters, sort, export, query counts), the
suggestion page and its action screens, campaigns."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.suggestions.models import Campaign, Suggestion

from .factories import advance, submit

pytestmark = pytest.mark.django_db


def _form(company, **over):
    data = {
        "title": "优化交接班",
        "category": "management",
        "target_unit": company.units["prod"].pk,
        "problem": "手写记录遗漏",
        "proposal": "电子交接班",
        "expected_benefit": "",
        "expected_yuan": "",
        "co_proposers": "",
    }
    data.update(over)
    return data


def test_employee_submits_from_the_form(client, login, company):
    login("zhigong")
    r = client.get(reverse("suggestions:new"))
    assert r.status_code == 200 and 'name="title"' in r.content.decode()
    r = client.post(reverse("suggestions:new"), _form(company, co_proposers="10001, 10002"))
    s = Suggestion.objects.get()
    assert r.status_code == 302 and r.url == reverse("suggestions:detail", args=[s.pk])
    assert s.proposer == company.people["zhigong"] and s.proposer_unit == company.units["prod"]
    assert s.co_proposers.count() == 2


@pytest.mark.parametrize(
    ("over", "text"),
    [
        ({"title": ""}, "必填"),
        ({"expected_yuan": "-5"}, "负数"),
        ({"expected_yuan": "十万"}, "数字"),
        ({"co_proposers": "99999"}, "99999"),
        ({"proposal": "长" * 4001}, "4000"),
    ],
)
def test_bad_input_keeps_what_was_typed(client, login, company, over, text):
    login("zhigong")
    r = client.post(reverse("suggestions:new"), _form(company, problem="我写的问题", **over))
    body = r.content.decode()
    assert r.status_code == 400
    assert text in body and "我写的问题" in body
    assert not Suggestion.objects.exists()


def test_employee_list_goes_to_mine_with_reasons(client, login, company):
    s = advance(company, submit(company), "under_review")
    from apps.suggestions import services

    services.suggestion_decide(
        actor=company.users["bumen"], suggestion=s, decision="reject", reason="已有同类方案"
    )
    login("zhigong")
    r = client.get(reverse("suggestions:list"))
    assert r.status_code == 302 and r.url == reverse("suggestions:mine")
    body = client.get(reverse("suggestions:mine")).content.decode()
    assert "已有同类方案" in body and "不采纳" in body


def test_mine_empty_state(client, login, company):
    login("zhigong")
    r = client.get(reverse("suggestions:mine"))
    assert 'data-testid="empty"' in r.content.decode()


def test_ledger_filters_sort_and_export(client, login, company):
    a = submit(company, title="甲建议", category="technology")
    b = submit(company, title="乙建议", category="safety", target="safety", by="norole")
    advance(company, a, "verified", benefit="5000.00")
    login("dangwei")
    r = client.get(reverse("suggestions:list"), {"category": "technology"})
    rows = r.context["page"].object_list
    assert [s.pk for s in rows] == [a.pk]
    r = client.get(reverse("suggestions:list"), {"stage": "adopted"})
    assert [s.pk for s in r.context["page"].object_list] == [a.pk]
    r = client.get(reverse("suggestions:list"), {"unit": company.units["safety"].pk})
    assert [s.pk for s in r.context["page"].object_list] == [b.pk]
    r = client.get(reverse("suggestions:list"), {"proposer": "10003"})
    assert [s.pk for s in r.context["page"].object_list] == [a.pk]
    r = client.get(reverse("suggestions:list"), {"ordering": "-verified_yuan"})
    assert r.context["page"].object_list[0].pk == a.pk
    r = client.get(reverse("suggestions:list"), {"status": "bogus"})
    assert r.status_code == 200  # an invalid filter is reported, not a 500
    r = client.get(reverse("suggestions:export"), {"category": "technology"})
    assert r.status_code == 200
    ws = load_workbook(BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.values)
    assert rows[0][1] == "建议名称" and len(rows) == 2 and rows[1][1] == "甲建议"


def test_ledger_query_count_does_not_grow(client, login, company, django_assert_max_num_queries):
    submit(company)
    login("bumen")
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("suggestions:list"))
    for i in range(30):
        submit(company, title=f"建议{i}", co_proposers=[company.people["shuji"]])
    with django_assert_max_num_queries(20) as many:
        r = client.get(reverse("suggestions:list"))
    assert len(r.context["page"].object_list) == 25
    html = r.content.decode()
    assert all(f"建议{i}<" in html for i in range(5, 30))  # the rows added are the rows shown
    assert len(many.captured_queries) == len(few.captured_queries)


def test_detail_and_full_flow_through_action_pages(client, login, company):
    s = submit(company)
    login("bumen")
    r = client.get(reverse("suggestions:detail", args=[s.pk]))
    body = r.content.decode()
    assert "手写" in body or s.problem in body
    names = [a["name"] for a in r.context["actions"]]
    assert names == ["score"]
    url = lambda name: reverse("suggestions:action", args=[s.pk, name])  # noqa: E731
    crit = [f"c{c.pk}" for c in r.context["criteria"]]
    r = client.post(url("score"), {crit[0]: 80, crit[1]: 70, crit[2]: 101})
    assert r.status_code == 400  # 101 refused by the form, typed values kept
    r = client.post(url("score"), {crit[0]: 80, crit[1]: 70, crit[2]: 90, "comment": "好"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert str(s.score_total) == "81.00"
    r = client.post(url("decide"), {"decision": "reject", "reason": ""})
    assert r.status_code == 400 and "理由" in r.content.decode()
    assert client.post(url("decide"), {"decision": "adopt"}).status_code == 302
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    r = client.post(url("assign"), {"impl_unit": company.units["team1"].pk, "due_at": past})
    assert r.status_code == 400 and "不能早于现在" in r.content.decode()
    future = (timezone.localdate() + timedelta(days=20)).isoformat()
    r = client.post(
        url("assign"),
        {"impl_unit": company.units["team1"].pk, "impl_person": "10003", "due_at": future},
    )
    assert r.status_code == 302
    login("zhigong")
    assert client.post(url("implemented"), {"note": ""}).status_code == 400
    assert client.post(url("implemented"), {"note": "已实施"}).status_code == 302
    login("bumen")
    assert client.get(url("verify")).status_code == 403  # not a verifier
    login("dangwei")
    assert client.post(url("verify"), {"yuan": "-1"}).status_code == 400
    assert client.post(url("verify"), {"yuan": "12,000.50", "note": "财务核定"}).status_code == 302
    assert client.post(url("reward"), {"yuan": "800", "note": "奖励"}).status_code == 302
    s.refresh_from_db()
    assert s.status == "rewarded" and str(s.verified_yuan) == "12000.50"
    body = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    for text in ("12,000.50", "800.00", "核定效益", "发放奖励", "实施完成"):
        assert text in body


def test_action_by_someone_who_may_not(client, login, company):
    s = submit(company)
    login("zhigong")  # the proposer sees it but may not score it
    r = client.post(reverse("suggestions:action", args=[s.pk, "score"]), {})
    assert r.status_code in (400, 403)
    assert client.get(reverse("suggestions:action", args=[s.pk, "nonsense"])).status_code == 404


def test_campaign_pages(client, login, company):
    login("dangwei")
    today = timezone.localdate()
    r = client.post(
        reverse("suggestions:campaign_create"),
        {
            "title": "青年创新创效",
            "organiser": company.units["company"].pk,
            "scope_unit": company.units["prod"].pk,
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert r.status_code == 400 and "青年创新创效" in r.content.decode()
    r = client.post(
        reverse("suggestions:campaign_create"),
        {
            "title": "青年创新创效",
            "organiser": company.units["company"].pk,
            "scope_unit": company.units["prod"].pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(),
            "categories": ["technology"],
        },
    )
    c = Campaign.objects.get()
    assert r.status_code == 302
    login("zhigong")
    assert "青年创新创效" in client.get(reverse("suggestions:campaign_list")).content.decode()
    r = client.get(reverse("suggestions:campaign_detail", args=[c.pk]))
    assert r.context["may_join"]
    r = client.post(
        reverse("suggestions:new"),
        _form(company, campaign=c.pk, category="technology"),
    )
    assert r.status_code == 302 and Suggestion.objects.get().campaign == c
    login("norole")  # 安全部: outside the campaign's scope, does not see it
    assert client.get(reverse("suggestions:campaign_detail", args=[c.pk])).status_code == 404
    assert client.get(reverse("suggestions:campaign_create")).status_code == 403
