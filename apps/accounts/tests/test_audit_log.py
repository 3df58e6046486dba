"""The audit-log search page (issue 10 §3): the system administrator's alone; filters by actor,
record type, record, action and dates in the database; a page costs the same queries at any
size; bad values never a 500."""

from datetime import timedelta

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from apps.orgs.models import Person

pytestmark = pytest.mark.django_db
URL = "/audit/"


def _edit(company, who="dangwei", person="zhigong", times=1):
    p = company.people[person]
    with set_actor(company.users[who]):
        for i in range(times):
            p.position = f"岗位{i}"
            p.save()
    return p


def _shown(client, **query):
    r = client.get(URL, query)
    assert r.status_code == 200
    return r.context["page"]


def test_only_the_system_administrator_opens_it(client, login):
    assert reverse("audit:log") == URL
    assert client.get(URL).status_code == 302
    for name in ("dangwei", "shuji", "zhigong"):
        login(name)
        assert client.get(URL).status_code == 403
    login("admin")
    assert client.get(URL).status_code == 200


def test_filters_by_actor_type_record_action_and_dates(client, login, company):
    zhang = _edit(company)
    _edit(company, who="admin", person="shuji")
    login("admin")
    rows = _shown(client, actor="刘芳").object_list  # a person's name finds their account
    assert rows and all(r["entry"].actor == company.users["dangwei"] for r in rows)
    assert rows[0]["actor"] == "刘芳" and rows[0]["action"] == "修改" and rows[0]["kind"] == "职工"
    assert "岗位" in rows[0]["summary"]
    person_type = ContentType.objects.get_for_model(Person).pk
    by_object = _shown(client, model=person_type, object=str(zhang.pk)).object_list
    assert by_object and {r["entry"].object_pk for r in by_object} == {str(zhang.pk)}
    assert _shown(client, object="王建国", action=LogEntry.Action.UPDATE).object_list
    today = timezone.localdate()
    assert _shown(client, actor="admin", date_from=today, date_to=today).object_list
    tomorrow = today + timedelta(days=1)
    assert not _shown(client, date_from=tomorrow).object_list
    assert not _shown(client, date_to=today - timedelta(days=1)).object_list


@pytest.mark.parametrize(
    "query",
    [
        {"model": "abc"},
        {"model": "99999999999999999999"},
        {"action": "9"},
        {"date_from": "2026-13-40"},
        {"page": "zzz"},
        {"object": "x" * 500},
    ],
)
def test_bad_values_are_ignored_not_500(client, login, company, query):
    _edit(company)
    login("admin")
    page = _shown(client, **query)
    assert page.object_list


def test_a_page_costs_the_same_queries_at_any_size(
    client, login, company, django_assert_max_num_queries
):
    login("admin")
    _edit(company, times=3)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    _edit(company, times=60)
    _edit(company, who="shuji", person="bumen", times=20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = client.get(URL)
    assert len(r.context["page"].object_list) == 25


def test_the_phone_gets_cards(client, login, company):
    _edit(company)
    login("admin")
    body = client.get(URL).content.decode()
    assert 'data-testid="audit-cards"' in body and "d-md-none" in body
