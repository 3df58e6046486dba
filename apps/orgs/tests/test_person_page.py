"""A person's page (issue 10 §3): it links only to the units the viewer may open."""

import re

import pytest
from django.urls import reverse

from apps.orgs.models import Person

pytestmark = pytest.mark.django_db

UNIT_LINK = re.compile(r'href="(/orgs/units/\d+/)"')


def test_every_unit_link_on_a_persons_page_opens(client, company):
    """An employee on their own page, a branch secretary on a member from another department:
    each unit link opens (a link to a unit out of scope was a 404)."""
    checked = 0
    for user in company.users.values():
        client.force_login(user)
        for person in Person.objects.visible_to(user):
            page = client.get(reverse("orgs:person_detail", args=[person.pk]))
            assert page.status_code == 200
            for url in UNIT_LINK.findall(page.content.decode()):
                assert client.get(url).status_code == 200, (user.username, person.name, url)
                checked += 1
    assert checked


def test_a_unit_out_of_scope_is_named_not_linked(client, login, company):
    login("zhigong")
    page = client.get(reverse("orgs:person_detail", args=[company.people["zhigong"].pk]))
    body = page.content.decode()
    assert "生产部" in body and "运行一班" in body
    assert not UNIT_LINK.search(body)


def test_history_rows_name_things_in_chinese_not_none(client, login, company):
    """The history card printed "orgs.Person.None" for reverse relations and auditlog's English
    "create"; it says 新建 and lists only real fields."""
    login("admin")
    body = client.get(reverse("orgs:person_detail", args=[company.people["zhigong"].pk]))
    history = body.content.decode().split('data-testid="history"')[1]
    assert "新建" in history and "张伟" in history
    assert ".None" not in history and ">create<" not in history
