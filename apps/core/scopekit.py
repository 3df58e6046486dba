"""The scope contract test kit: an app's scope test declares, as data, a record, its URLs and
which named users must and must not reach it; the kit writes the checks (after NetBox's
generated view test cases).

    test_hazard_scope = scope_contract(ScopeCase(
        record="hazard",                     # a pytest fixture giving the record
        sees=["anquan", "admin"], blind=["norole"],
        detail="/hazards/{r.pk}/", api_detail="/api/v1/hazards/items/{r.pk}",
        list="/hazards/", api_list="/api/v1/hazards/items",
        urls=[photo_url],                    # more answers of the record: files, exports, charts
        blind_urls=["/hazards/{r.pk}/confirm/"],  # actions: not found outside, whatever inside
        blind_posts=[Post("/api/v1/hazards/items/{r.pk}/close", {"note": "x"}, json=True)],
    ))

For each named user the generated test checks `Model.objects.visible_to(user)`; inside: 200 on
the detail, the API detail and `urls`, the record linked from the list page and listed by the
API; outside: 404 on each of those and on `blind_urls`, the record absent from both lists.
`api_counts` pins the API list's count per user. An anonymous visitor is sent to log in on the
pages and gets 401 from the API. A URL is a format string over the record (`{r.pk}`) or a
function of it.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser

Url = str | Callable[[object], str]


@dataclass(frozen=True)
class Post:
    """A write that must be not found outside: a form post, or JSON for the API."""

    url: Url
    data: dict | Callable[[object], dict] = field(default_factory=dict)
    json: bool = False


@dataclass(frozen=True)
class ScopeCase:
    record: str
    sees: Sequence[str]
    blind: Sequence[str]
    detail: Url | None = None
    api_detail: Url | None = None
    list: Url | None = None
    api_list: Url | None = None
    urls: Sequence[Url] = ()
    blind_urls: Sequence[Url] = ()
    blind_posts: Sequence[Post] = ()
    api_counts: dict[str, int] = field(default_factory=dict)
    fixtures: Sequence[str] = ()  # more fixtures the record needs made first (extra users)
    # The read the area's pages use, when more than visible_to (a selector adding co-proposers).
    visible: Callable[[object], object] | None = None


def _url(url: Url, record) -> str:
    return url(record) if callable(url) else url.format(r=record)


def check_scope(client, case: ScopeCase, record, user, inside: bool) -> None:
    """Every answer about `record` agrees with whether `user` is inside its scope."""
    who = user.username
    rows = case.visible(user) if case.visible else type(record).objects.visible_to(user)
    visible = rows.filter(pk=record.pk).exists()
    assert visible is inside, f"{who}: visible_to says {visible}"
    client.force_login(user)
    status = 200 if inside else 404
    for url in [case.detail, case.api_detail, *case.urls]:
        if url is not None:
            got = client.get(_url(url, record)).status_code
            assert got == status, f"{who}: {_url(url, record)} answered {got}, not {status}"
    if not inside:
        for url in case.blind_urls:
            got = client.get(_url(url, record)).status_code
            assert got == 404, f"{who}: {_url(url, record)} answered {got}, not 404"
        for post in case.blind_posts:
            url, data = _url(post.url, record), post.data
            data = data(record) if callable(data) else data
            kwargs = {"content_type": "application/json"} if post.json else {}
            got = client.post(url, data, **kwargs).status_code
            assert got == 404, f"{who}: POST {url} answered {got}, not 404"
    if case.list is not None:
        page = client.get(_url(case.list, record), follow=True)  # employees go to "mine"
        assert page.status_code == 200, f"{who}: the list answered {page.status_code}"
        link = f'href="{_url(case.detail, record)}"'
        assert (link in page.content.decode()) is inside, f"{who}: the list and {link}"
    if case.api_list is not None:
        answer = client.get(_url(case.api_list, record))
        assert answer.status_code == 200, f"{who}: the API list answered {answer.status_code}"
        body = answer.json()
        ids = [item["id"] for item in body["items"]]
        assert (record.pk in ids) is inside, f"{who}: the API list and #{record.pk}"
        if who in case.api_counts:
            assert body["count"] == case.api_counts[who], f"{who}: API count {body['count']}"
    client.logout()


def check_anonymous(client, case: ScopeCase, record) -> None:
    assert not type(record).objects.visible_to(AnonymousUser()).filter(pk=record.pk).exists()
    for url in [case.detail, case.list]:
        if url is not None:
            got = client.get(_url(url, record))
            assert got.status_code == 302, _url(url, record)
            assert got["Location"].startswith("/accounts/login/"), _url(url, record)
    for url in [case.api_detail, case.api_list]:
        if url is not None:
            assert client.get(_url(url, record)).status_code == 401, _url(url, record)


def scope_contract(case: ScopeCase):
    """A parametrized test, one run per named user and one for an anonymous visitor: assign it
    to a module-level name starting with `test_`."""
    runs = [(u, True) for u in case.sees] + [(u, False) for u in case.blind] + [(None, False)]

    @pytest.mark.parametrize(("username", "inside"), runs, ids=[u or "anonymous" for u, _ in runs])
    def test(request, client, company, username, inside):
        for name in case.fixtures:
            request.getfixturevalue(name)
        record = request.getfixturevalue(case.record)
        if username is None:
            check_anonymous(client, case, record)
        else:
            check_scope(client, case, record, company.users[username], inside)

    return test
