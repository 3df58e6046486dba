"""The API: the same selectors, filters and services as the pages."""

from datetime import timedelta

from django.utils import timezone

from apps.hazards.choices import HazardLevel, HazardStatus
from apps.hazards.models import Hazard, Inspection
from apps.supervision.models import SupervisedItem

from .factories import EXE, make_hazard, photo

S = HazardStatus
API = "/api/v1/hazards"


def test_report_confirm_rectify_verify(client, company, safety, owner):
    client.force_login(company.users["zhigong"])
    r = client.post(
        f"{API}/items",
        {"place": "三号门岗", "description": "灭火器过期", "level": "larger", "photos": [photo()]},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    hid = body["id"]
    assert body["unit"]["name"] == "运行一班" and len(body["photos"]) == 1

    client.force_login(safety)
    r = client.post(f"{API}/items/{hid}/verify", {"note": ""}, content_type="application/json")
    assert r.status_code == 409
    assert r.json()["detail"]["code"] == "bad_transition"
    past = (timezone.now() - timedelta(days=1)).isoformat()
    r = client.post(
        f"{API}/items/{hid}/confirm",
        {"owner_unit_id": company.units["tech"].pk, "due_at": past},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "deadline_past"
    r = client.post(
        f"{API}/items/{hid}/confirm",
        {
            "owner_unit_id": company.units["tech"].pk,
            "owner_person_id": company.people["tech_worker"].pk,
        },
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "rectifying"
    assert SupervisedItem.objects.filter(object_id=hid, closed_at=None).exists()

    client.force_login(owner)
    r = client.post(
        f"{API}/items/{hid}/rectify", {"measures": "已更换", "photos": [photo("x.png", EXE)]}
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "upload_disguised"
    r = client.post(f"{API}/items/{hid}/rectify", {"measures": "已更换", "photos": [photo()]})
    assert r.status_code == 200 and r.json()["status"] == "submitted"

    client.force_login(safety)
    r = client.post(
        f"{API}/items/{hid}/return", {"reason": "不合格"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "rectifying"
    client.force_login(owner)
    client.post(f"{API}/items/{hid}/rectify", {"measures": "再次更换", "photos": [photo()]})
    client.force_login(safety)
    r = client.post(f"{API}/items/{hid}/verify", {"note": "合格"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "rectified"
    assert [e["what"] for e in r.json()["timeline"]][-1] == "验收通过"
    assert SupervisedItem.objects.get(object_id=hid).closed_at is not None


def test_reject_and_forbidden(client, company, safety):
    h = make_hazard(company)
    client.force_login(company.users["bumen"])
    r = client.post(f"{API}/items/{h.pk}/reject", {"reason": "x"}, content_type="application/json")
    assert r.status_code == 403
    client.force_login(company.users["norole"])
    r = client.post(f"{API}/items/{h.pk}/reject", {"reason": "x"}, content_type="application/json")
    assert r.status_code == 404
    client.force_login(safety)
    r = client.post(f"{API}/items/{h.pk}/reject", {"reason": ""}, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["field"] == "reason"
    r = client.post(
        f"{API}/items/{h.pk}/reject", {"reason": "非隐患"}, content_type="application/json"
    )
    assert r.json()["status"] == "rejected"


def test_list_filters_and_queries(client, company, safety, django_assert_max_num_queries):
    for i in range(12):
        make_hazard(company, level=HazardLevel.MAJOR if i % 3 == 0 else HazardLevel.GENERAL)
    client.force_login(safety)
    with django_assert_max_num_queries(15):
        r = client.get(f"{API}/items?limit=5&level=major")
    body = r.json()
    assert body["count"] == 4 and len(body["items"]) == 4
    assert body["counts"]["reported"] == 4
    r = client.get(f"{API}/items?status=reported&status=rectified&limit=50")
    assert r.json()["count"] == 12
    r = client.get(f"{API}/items?start=2000-13-01")
    assert r.status_code == 422
    for _i in range(40):
        make_hazard(company)
    with django_assert_max_num_queries(15):
        assert client.get(f"{API}/items?limit=50").status_code == 200


def test_inspections_api(client, company, safety):
    client.force_login(safety)
    r = client.post(
        f"{API}/inspections",
        {
            "title": "节前安全检查",
            "organizer_id": company.units["safety"].pk,
            "unit_ids": [company.units["prod"].pk],
            "date": "2025-09-28",
            "inspector_ids": [company.people["safety_worker"].pk],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    iid = r.json()["id"]
    make_hazard(company, inspection=Inspection.objects.get(pk=iid))
    r = client.get(f"{API}/inspections")
    assert r.json()["count"] == 1 and r.json()["items"][0]["findings"]["total"] == 1
    assert client.get(f"{API}/inspections/{iid}").status_code == 200
    client.force_login(company.users["tech_shuji"])
    assert client.get(f"{API}/inspections/{iid}").status_code == 404
    r = client.post(
        f"{API}/inspections",
        {
            "title": "x",
            "organizer_id": company.units["tech"].pk,
            "unit_ids": [],
            "date": "2025-09-28",
        },
        content_type="application/json",
    )
    assert r.status_code == 403


def test_anonymous_is_refused(client, db):
    assert client.get(f"{API}/items").status_code == 401
    assert Hazard.all_objects.count() == 0
