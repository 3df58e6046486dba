"""Issue 10 §3, personal data: a masked ID number beside the birth date no longer gives the
whole number back, and every list, API page and export showing numbers whole is audited."""

import io
import re
from datetime import date

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.orgs.models import Person

pytestmark = pytest.mark.django_db

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _check(body: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def _fits(masked: str, number: str) -> bool:
    return len(masked) == len(number) and all(
        m in ("*", n) for m, n in zip(masked, number, strict=True)
    )


def _candidates(masked: str, *, region: str, born: date, male: bool) -> list[str]:
    """The numbers an onlooker can build from what the page shows, knowing even the region."""
    found = []
    for seq in range(1000):
        if seq % 2 != int(male):
            continue
        body = f"{region}{born:%Y%m%d}{seq:03d}"
        number = body + _check(body)
        if _fits(masked, number):
            found.append(number)
    return found


@pytest.fixture
def zhang(company):
    body = "11010119900315123"
    person = company.people["zhigong"]
    person.id_number, person.birth_date = body + _check(body), date(1990, 3, 15)
    person.save()
    return person


def test_the_masked_id_beside_the_birth_date_leaves_many_numbers(client, login, zhang):
    """A branch secretary sees the ID masked and the birth date: the head and tail shown before
    (110101********1231) left one number; now dozens fit even if the region is known."""
    login("shuji")
    body = client.get(reverse("orgs:person_detail", args=[zhang.pk])).content.decode()
    masked = re.search(r'data-testid="id-number">([^<]+)<', body).group(1).strip()
    assert "1990-03-15" in body and zhang.id_number not in body
    fits = _candidates(masked, region="110101", born=zhang.birth_date, male=True)
    assert zhang.id_number in fits and len(fits) >= 20


def test_the_api_and_export_mask_the_same_way(client, login, zhang):
    login("shuji")
    item = client.get(f"/api/v1/orgs/people/{zhang.pk}").json()
    assert item["id_number"] == zhang.id_number[0] + "*" * 16 + zhang.id_number[-1]
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("orgs:person_export")).content)
    ).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    column = rows[0].index("身份证号")
    assert item["id_number"] in [r[column] for r in rows[1:]]


def _accesses(message_part):
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(Person),
        object_repr__contains=message_part,
    )


def test_an_unmasked_list_page_is_audited_with_the_rows_it_showed(client, login, company):
    login("shuji")  # sees numbers masked: nothing to audit
    client.get(reverse("orgs:person_list"))
    assert not _accesses("人员名册").exists()
    admin = login("dangwei")
    client.get(reverse("orgs:person_list"), {"political_status": "party_member"})
    entry = _accesses("人员名册").get()
    assert entry.actor == admin
    shown = set(entry.changes_dict["ids"][0].split(","))
    assert str(company.people["shuji"].pk) in shown
    assert str(company.people["zhigong"].pk) not in shown
    assert "political_status=party_member" in entry.changes_dict["query"][0]


def test_the_unmasked_api_list_is_audited(client, login, company):
    login("shuji")
    client.get("/api/v1/orgs/people")
    assert not _accesses("API").exists()
    admin = login("dangwei")
    assert client.get("/api/v1/orgs/people", {"limit": 2}).status_code == 200
    entry = _accesses("API").get()
    assert entry.actor == admin and len(entry.changes_dict["ids"][0].split(",")) == 2


def test_an_unmasked_export_is_audited(client, login, company):
    login("shuji")
    client.get(reverse("orgs:person_export"))
    assert not _accesses("导出").exists()
    admin = login("dangwei")
    client.get(reverse("orgs:person_export"), {"department": company.units["prod"].pk})
    entry = _accesses("导出").get()
    assert entry.actor == admin and "3 人" in entry.object_repr
