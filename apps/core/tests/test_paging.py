"""Paging an API list by key (`cursor`) and by offset: the same rows in the same order, a deep
page chosen as ids first, a forged or foreign cursor refused with the Chinese message."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from apps.appeals.models import Appeal
from apps.appeals.tests.factories import NOW, accepted, submit
from apps.core.api import paged
from apps.core.errors import DomainError

pytestmark = pytest.mark.django_db

API = "/api/v1/appeals"


def _walk(client, params, limit):
    seen, cursor = [], None
    for _ in range(50):
        query = {**params, "limit": limit} | ({"cursor": cursor} if cursor else {})
        body = client.get(API, query).json()
        seen += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, body
    raise AssertionError("the cursor never ended")


def test_a_cursor_walks_the_ledger_as_the_offsets_do(client, login, company):
    for n in range(9):  # three pairs share their creation time: the tie-break is the id
        accepted(company, now=NOW + timedelta(hours=n // 2))
    submit(company, title="宿舍漏水")
    login("dangwei")
    everything = [i["id"] for i in client.get(API, {"limit": 100}).json()["items"]]
    assert len(everything) == 10
    walked, last = _walk(client, {}, 3)
    assert walked == everything and last["count"] == 10
    by_offset = [
        i["id"]
        for offset in range(0, 10, 4)
        for i in client.get(API, {"limit": 4, "offset": offset}).json()["items"]
    ]
    assert by_offset == everything
    handling, _ = _walk(client, {"status": "handling"}, 4)
    assert handling == [pk for pk in everything if Appeal.objects.get(pk=pk).status == "handling"]


def test_a_forged_or_foreign_cursor_is_refused(client, login, company):
    for _ in range(3):
        accepted(company)
    login("dangwei")
    cursor = client.get(API, {"limit": 1}).json()["next_cursor"]
    assert cursor
    for bad in (cursor[:-2] + "xx", "garbage", "a" * 300):
        r = client.get(API, {"cursor": bad})
        assert r.status_code == 422 and r.json()["detail"]["code"] == "bad_cursor"
        assert "cursor" in r.json()["detail"]["message"]
    r = client.get(API, {"cursor": cursor, "ordering": "due_at"})  # made for another order
    assert r.status_code == 422 and r.json()["detail"]["code"] == "bad_cursor"
    r = client.get(API, {"cursor": cursor, "q": "食堂"})  # a search ranks: no key to page by
    assert r.status_code == 422


def test_a_nullable_sort_key_pages_without_losing_or_repeating_rows(company):
    """Some appeals have no deadline: NULLs sort where the database puts them, and the pages by
    key still cover every row once, up and down."""
    for n in range(7):
        accepted(company, now=NOW + timedelta(minutes=n))
    for n in range(4):
        submit(company, now=NOW + timedelta(minutes=10 + n))  # not accepted: due_at is NULL
    Appeal.objects.filter(pk__in=Appeal.objects.order_by("pk").values("pk")[:3]).update(
        due_at=NOW + timedelta(days=3)
    )  # ties on the key
    for order in ("due_at", "-due_at"):
        qs = Appeal.objects.order_by(order)
        expected = [a.pk for a in qs.order_by(order, "-pk" if order[0] == "-" else "pk")]
        seen, cursor = [], None
        while True:
            page = SimpleNamespace(limit=2, offset=0, cursor=cursor)
            body = paged(qs, page, lambda a: a.pk)
            seen += body["items"]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert seen == expected, order


def test_a_deep_offset_loads_only_the_page(company, django_assert_max_num_queries):
    for n in range(30):
        accepted(company, now=NOW + timedelta(minutes=n))
    qs = Appeal.objects.select_related("category", "owner_unit").order_by("-created_at")
    page = SimpleNamespace(limit=5, offset=25, cursor=None)
    with django_assert_max_num_queries(3) as captured:  # the page's ids, its rows, the count
        body = paged(qs, page, lambda a: a.pk)
    assert len(body["items"]) == 5 and body["count"] == 30 and body["next_cursor"] is None
    first = captured.captured_queries[0]["sql"]
    assert "OFFSET 25" in first and "JOIN" not in first


def test_a_list_of_values_refuses_a_cursor():
    with pytest.raises(DomainError) as e:
        paged(
            Appeal.objects.values("status"),
            SimpleNamespace(limit=2, offset=0, cursor="x"),
            dict,
        )
    assert e.value.code == "bad_cursor"
