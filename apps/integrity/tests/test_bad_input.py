"""Garbage thrown at every form and endpoint of 党风廉政 and 关爱帮扶: never a 500, every
refusal a 4xx, and nothing stored by any of it."""

import json

import pytest

from apps.care.models import Aid, Campaign, HardshipFile
from apps.care.tests.factories import open_file, union_cadre, visit
from apps.integrity.models import KeyPost, Report, RiskPoint, Talk

from .conftest import unlock

pytestmark = pytest.mark.django_db

GARBAGE = [
    {},
    {"x": 1},
    "notjson",
    {
        "person_id": "abc",
        "unit_id": "abc",
        "kind": 5,
        "amount": "abc",
        "approved_amount": -1,
        "level": "zz",
        "category": "zz",
        "monthly_income": "abc",
        "family_size": -5,
        "on": "2026-13-45",
        "day": "x",
        "text": "",
        "code": "",
        "name": "",
        "files": "x",
        "review_cycle_months": 0,
        "years": 10**12,
    },
]


def _post(client, url, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data, content_type="application/json")


MODELS = (HardshipFile, Aid, Campaign, Report, Talk, KeyPost, RiskPoint)


def _counts():
    return [m.objects.count() for m in MODELS]


def test_garbage_on_every_form_and_endpoint_is_refused_and_stores_nothing(
    client, company, jiwei, report
):
    gh = union_cadre(company)
    f = open_file(company)
    a = visit(company, f)
    client.force_login(gh)
    before = _counts()
    bad = []
    for url in [
        "/api/v1/care/files",
        f"/api/v1/care/files/{f.pk}/aid",
        f"/api/v1/care/files/{f.pk}/review",
    ]:
        for g in GARBAGE:
            r = _post(client, url, g)
            if r.status_code >= 500 or r.status_code < 400:
                bad.append((url, g, r.status_code, r.content[:200]))
    for url in [
        "/care/files/new/",
        f"/care/files/{f.pk}/aid/",
        f"/care/files/{f.pk}/review/",
        f"/care/files/{f.pk}/close/",
        "/care/aid/new/",
        "/care/campaigns/new/",
        "/care/settings/",
        f"/care/aid/{a.pk}/deliver/",
    ]:
        for g in [x for x in GARBAGE if isinstance(x, dict)]:
            r = client.post(url, g)
            if r.status_code >= 500:
                bad.append((url, g, r.status_code, r.content[:200]))
    for url in [
        "/care/",
        "/care/aid/",
        "/care/figures/",
        "/care/campaigns/",
        "/api/v1/care/files",
        "/api/v1/care/aid",
        "/care/aid/export.xlsx",
    ]:
        for qs in [
            "?page=99999999999999",
            "?year=99999999999",
            "?unit=abc",
            "?unit=99999999999",
            "?review_before=xx",
            "?ordering=zz",
            "?day_after=xx&kind=zz&year=-1",
        ]:
            r = client.get(url + qs)
            if r.status_code >= 500:
                bad.append((url, qs, r.status_code))
    client.force_login(jiwei)
    unlock(client, jiwei)
    for url in [
        "/api/v1/integrity/reports",
        "/api/v1/integrity/receipt",
        "/api/v1/integrity/receipt/add",
        "/api/v1/integrity/talks",
        "/api/v1/integrity/key-posts",
    ]:
        for g in GARBAGE:
            r = _post(client, url, g)
            if r.status_code >= 500:
                bad.append((url, g, r.status_code, r.content[:200]))
    for url in [
        "/integrity/report/",
        "/integrity/receipt/",
        "/integrity/talks/new/",
        "/integrity/key/",
        "/integrity/share/",
        "/integrity/posts/new/",
        "/integrity/pledge/",
        f"/integrity/reports/{report.pk}/register/",
        f"/integrity/reports/{report.pk}/assess/",
        f"/integrity/reports/{report.pk}/dispose/",
        f"/integrity/reports/{report.pk}/result/",
        f"/integrity/reports/{report.pk}/zzz/",
    ]:
        for g in [x for x in GARBAGE if isinstance(x, dict)]:
            r = client.post(url, g)
            if r.status_code >= 500:
                bad.append((url, g, r.status_code, r.content[:200]))
    for url in [
        "/integrity/reports/",
        "/integrity/talks/",
        "/integrity/posts/",
        "/integrity/risks/",
        "/integrity/education/",
        "/integrity/access-log/",
        "/api/v1/integrity/reports",
        "/api/v1/integrity/talks",
        "/api/v1/integrity/key-posts",
        "/api/v1/integrity/risk-points",
    ]:
        for qs in [
            "?page=99999999999999",
            "?year=99999999999",
            "?unit=abc",
            "?unit=99999999999",
            "?category=99999999999",
            "?status=zz&level=zz&due=zz",
            "?kind=zz&post=abc",
        ]:
            r = client.get(url + qs)
            if r.status_code >= 500:
                bad.append((url, qs, r.status_code))
    assert not bad, bad
    assert _counts() == before
