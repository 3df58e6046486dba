from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.alerts import detect, services
from apps.alerts.choices import Kind, Status
from apps.alerts.models import Warning

WEEK = detect.monday(timezone.localdate()) - timedelta(weeks=1)


@pytest.fixture
def planted(company, appeals_seeded):
    """The appeals' demo with its planted 夜班津贴 concern, then the weekly pass."""
    return services.weekly_pass(week=WEEK)


def test_the_demo_concern_is_found_in_its_workshop(company, planted):
    assert [(w.kind, w.term, w.unit, w.observed) for w in planted if w.term == "夜班津贴"] == [
        (Kind.SPIKE, "夜班津贴", company.units["team1"], 8)
    ]


def test_the_weeks_before_the_rise_are_quiet(company, planted):
    assert services.weekly_pass(week=WEEK - timedelta(weeks=3)) == []


def test_the_list_page_answers_in_constant_queries(client, login, company, planted):
    login("dangwei")
    for _i in range(5):
        Warning.objects.create(
            unit=company.units["prod"],
            week=WEEK,
            kind=Kind.NEW_TERM,
            term=f"词{_i}",
            observed=5,
            baseline=0,
        )
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("alerts:list"))
    assert response.status_code == 200
    assert "夜班津贴" in response.content.decode()
    assert len(ctx.captured_queries) <= 15


def test_another_scope_sees_a_404_and_an_employee_nothing(client, login, company, planted):
    warning = next(w for w in planted if w.term == "夜班津贴")
    login("tech_shuji")
    assert client.get(reverse("alerts:detail", args=[warning.pk])).status_code == 404
    login("zhigong")
    assert "夜班津贴" not in client.get(reverse("alerts:list")).content.decode()


def test_the_detail_links_to_the_appeals_filtered_and_dismisses_with_a_reason(
    client, login, company, planted
):
    warning = next(w for w in planted if w.term == "夜班津贴")
    login("dangwei")
    page = client.get(reverse("alerts:detail", args=[warning.pk])).content.decode()
    assert "/appeals/?" in page and "alert-chart" in page
    refused = client.post(reverse("alerts:action", args=[warning.pk, "dismiss"]), {"reason": " "})
    assert refused.status_code == 400 and "请填写排除理由" in refused.content.decode()
    assert Warning.objects.get(pk=warning.pk).status == Status.OPEN
    past = client.post(
        reverse("alerts:action", args=[warning.pk, "follow-up"]), {"due_at": "2001-03-04T09:30"}
    )
    page = past.content.decode()
    assert past.status_code == 400 and 'value="2001-03-04T09:30"' in page
    assert "督办期限不能早于当前时间" in page
    client.post(reverse("alerts:action", args=[warning.pk, "dismiss"]), {"reason": "已补发"})
    assert Warning.objects.get(pk=warning.pk).status == Status.DISMISSED


def test_the_api_lists_and_acts(client, login, company, planted):
    warning = next(w for w in planted if w.term == "夜班津贴")
    login("dangwei")
    data = client.get("/api/v1/alerts/warnings", {"kind": "spike"}).json()
    assert any(i["term"] == "夜班津贴" for i in data["items"])
    r = client.post(
        f"/api/v1/alerts/warnings/{warning.pk}/follow-up", {}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "due_required"
    due = (timezone.now() + timedelta(days=7)).isoformat()
    r = client.post(
        f"/api/v1/alerts/warnings/{warning.pk}/follow-up",
        {"due_at": due},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "supervised"
    assert client.get("/api/v1/alerts/warnings", {"kind": "nope"}).status_code == 422
