"""Pages: the phone report form, one action per screen, the ledger with filters, counts,
sorting and export, inspections; bad input keeps what was typed and never 500s."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from apps.core.models import Attachment
from apps.hazards.choices import HazardLevel, HazardStatus
from apps.hazards.models import Hazard, Inspection
from apps.supervision.models import SupervisedItem

from .factories import EXE, make_hazard, photo

S = HazardStatus


def test_report_form_is_phone_first(client, login):
    login("zhigong")
    r = client.get("/hazards/report/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'accept="image/*"' in html and 'capture="environment"' in html and "multiple" in html
    assert 'enctype="multipart/form-data"' in html


def test_report_and_follow(client, company, login):
    login("zhigong")
    r = client.post(
        "/hazards/report/",
        {
            "place": "运行一班配电室",
            "description": "电缆外皮破损",
            "level": HazardLevel.LARGER,
            "unit": company.units["team1"].pk,
            "photos": [photo(), photo("b.png")],
        },
    )
    hazard = Hazard.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/hazards/{hazard.pk}/"
    assert Attachment.objects.filter(owner_id=hazard.pk).count() == 2
    page = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert "运行一班配电室" in page and 'data-testid="photos"' in page
    assert "上报" in page  # the timeline
    mine = client.get("/hazards/mine/")
    assert "运行一班配电室" in mine.content.decode()
    # An employee's "隐患排查" goes to their own reports.
    assert client.get("/hazards/")["Location"] == "/hazards/mine/"


def test_disguised_photo_keeps_what_was_typed(client, company, login):
    login("zhigong")
    r = client.post(
        "/hazards/report/",
        {
            "place": "运行一班配电室",
            "description": "电缆外皮破损",
            "level": HazardLevel.GENERAL,
            "unit": company.units["team1"].pk,
            "photos": [photo("evil.jpg", EXE)],
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "文件内容与扩展名" in html and "运行一班配电室" in html and "电缆外皮破损" in html
    assert not Hazard.all_objects.exists()


def test_empty_report_is_refused(client, login):
    login("zhigong")
    r = client.post("/hazards/report/", {"place": "", "description": ""})
    assert r.status_code == 400
    assert not Hazard.all_objects.exists()


def test_actions_through_pages(client, company, safety, owner):
    hazard = make_hazard(company, level=HazardLevel.MAJOR)
    client.force_login(safety)
    detail = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert f"/hazards/{hazard.pk}/confirm/" in detail
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    r = client.post(
        f"/hazards/{hazard.pk}/confirm/",
        {
            "level": HazardLevel.MAJOR,
            "owner_unit": company.units["tech"].pk,
            "owner_person": "10005",
            "due_at": past,
            "note": "尽快",
        },
    )
    assert r.status_code == 400 and "整改期限不能早于当前时间" in r.content.decode()
    r = client.post(
        f"/hazards/{hazard.pk}/confirm/",
        {
            "level": HazardLevel.MAJOR,
            "owner_unit": company.units["tech"].pk,
            "owner_person": "99999",
        },
    )
    assert r.status_code == 400 and "没有工号" in r.content.decode()
    r = client.post(
        f"/hazards/{hazard.pk}/confirm/",
        {
            "level": HazardLevel.MAJOR,
            "owner_unit": company.units["tech"].pk,
            "owner_person": "10005",
        },
    )
    assert r.status_code == 302
    assert SupervisedItem.objects.filter(object_id=hazard.pk, closed_at=None).exists()

    # The owner sees the rectify button; the safety unit does not rectify.
    assert client.get(f"/hazards/{hazard.pk}/rectify/").status_code == 403
    client.force_login(owner)
    assert "待我整改" in client.get("/hazards/mine/").content.decode()
    r = client.post(f"/hazards/{hazard.pk}/rectify/", {"measures": "已更换电缆"})
    assert r.status_code == 400 and "已更换电缆" in r.content.decode()
    r = client.post(
        f"/hazards/{hazard.pk}/rectify/", {"measures": "已更换电缆", "photos": [photo()]}
    )
    assert r.status_code == 302
    assert client.get(f"/hazards/{hazard.pk}/verify/").status_code == 403

    client.force_login(safety)
    r = client.post(f"/hazards/{hazard.pk}/return/", {"reason": "照片不清楚"})
    assert r.status_code == 302
    client.force_login(owner)
    client.post(f"/hazards/{hazard.pk}/rectify/", {"measures": "重拍", "photos": [photo()]})
    client.force_login(safety)
    assert client.post(f"/hazards/{hazard.pk}/verify/", {"note": "合格"}).status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == S.RECTIFIED
    page = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert page.count("整改后照片") >= 2  # after-photos of both submissions in the timeline
    # A refused transition through the page: verify again.
    r = client.post(f"/hazards/{hazard.pk}/verify/", {})
    assert r.status_code == 400 and "当前为" in r.content.decode()


def test_ledger_filters_counts_sort(client, company, safety, django_assert_max_num_queries):
    now = timezone.now()
    tech = company.units["tech"]
    for i in range(30):
        make_hazard(company, reported_at=now - timedelta(days=i))
    make_hazard(
        company,
        unit=tech,
        status=S.RECTIFYING,
        owner_unit=tech,
        level=HazardLevel.MAJOR,
        due_at=now - timedelta(days=1),
        place="技术部危化品库",
    )
    client.force_login(safety)
    with django_assert_max_num_queries(20):
        r = client.get("/hazards/")
    assert r.status_code == 200
    assert r.context["counts"]["total"] == 31 and r.context["counts"]["overdue"] == 1
    assert r.context["page"].paginator.count == 31
    r = client.get(f"/hazards/?unit={tech.pk}")
    assert [h.place for h in r.context["page"].object_list] == ["技术部危化品库"]
    r = client.get("/hazards/?state=overdue")
    assert r.context["page"].paginator.count == 1
    r = client.get("/hazards/?status=reported")
    assert r.context["page"].paginator.count == 30
    assert r.context["counts"]["rectifying"] == 1  # counts ignore the status filter
    r = client.get("/hazards/?level=major&ordering=-due_at")
    assert r.context["page"].paginator.count == 1
    r = client.get("/hazards/?ordering=reported_at")
    assert (
        r.context["page"].object_list[0].reported_at <= r.context["page"].object_list[1].reported_at
    )
    # Bad filters are ignored, not a 500.
    assert client.get("/hazards/?unit=abc&start=notadate&level=zzz&page=99").status_code == 200


def test_ledger_query_count_does_not_grow(client, company, safety, django_assert_max_num_queries):
    for _i in range(5):
        make_hazard(company)
    client.force_login(safety)
    client.get("/hazards/")
    for _i in range(60):
        make_hazard(company, status=S.RECTIFYING, owner_unit=company.units["prod"])
    with django_assert_max_num_queries(20):
        assert client.get("/hazards/?page=2").status_code == 200


def test_export(client, company, safety):
    make_hazard(company, place="甲处")
    make_hazard(company, place="乙处", level=HazardLevel.MAJOR)
    client.force_login(safety)
    r = client.get("/hazards/export/?level=major")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(wb.active.values)
    assert rows[0][0] == "编号" and len(rows) == 2 and rows[1][2] == "乙处"
    # Out of scope rows never reach the file.
    client.force_login(company.users["tech_shuji"])
    r = client.get("/hazards/export/")
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert len(list(wb.active.values)) == 1


def test_inspections_pages(client, company, safety):
    client.force_login(safety)
    assert "新建检查" in client.get("/hazards/inspections/").content.decode()
    r = client.post(
        "/hazards/inspections/new/",
        {
            "title": "春季安全大检查",
            "organizer": company.units["safety"].pk,
            "units": [company.units["prod"].pk],
            "date": "2025-03-03",
            "inspectors": "10006, 10003",
        },
    )
    insp = Inspection.objects.get()
    assert r.status_code == 302
    assert {p.name for p in insp.inspectors.all()} == {"赵磊", "张伟"}
    r = client.post(
        "/hazards/inspections/new/",
        {
            "title": "x",
            "organizer": company.units["safety"].pk,
            "date": "2025-03-03",
            "units": [company.units["prod"].pk],
            "inspectors": "77777",
        },
    )
    assert r.status_code == 400 and "77777" in r.content.decode()
    make_hazard(company, inspection=insp, place="冲压线护栏")
    make_hazard(company, inspection=insp, status=S.RECTIFIED)
    r = client.get(f"/hazards/inspections/{insp.pk}/")
    assert "冲压线护栏" in r.content.decode()
    assert r.context["counts"]["total"] == 2 and r.context["counts"]["rectified"] == 1
    listing = client.get("/hazards/inspections/")
    assert listing.context["page"].object_list[0].finding_counts["total"] == 2
    # An inspector (赵磊, no role) records a finding against it from the report form.
    client.force_login(company.users["norole"])
    assert client.get(f"/hazards/inspections/{insp.pk}/").status_code == 200
    form = client.get(f"/hazards/report/?inspection={insp.pk}")
    assert "春季安全大检查" in form.content.decode()
    assert client.get("/hazards/inspections/new/").status_code == 403
    client.force_login(company.users["tech_shuji"])
    assert client.get(f"/hazards/inspections/{insp.pk}/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/hazards/",
        "/hazards/mine/",
        "/hazards/report/",
        "/hazards/inspections/",
        "/hazards/figures/",
    ],
)
def test_pages_need_login(client, url):
    r = client.get(url)
    assert r.status_code == 302 and "login" in r["Location"]


def test_empty_states(client, company, safety):
    client.force_login(safety)
    assert 'data-testid="empty"' in client.get("/hazards/").content.decode()
    client.force_login(company.users["norole"])
    assert "随手拍" in client.get("/hazards/mine/").content.decode()
