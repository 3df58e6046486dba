"""月度简报: the document holds what the indicator registry gives, a unit out of scope is a 404,
an empty month says so, two requests at once make one job; the archive and the API."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from apps.briefs import selectors, services
from apps.briefs.documents import number
from apps.briefs.models import Brief, BriefStatus
from apps.core import indicators
from apps.core.progress import progress_clear
from apps.orgs.models import OrgUnit
from apps.supervision.models import SupervisedItem

pytestmark = pytest.mark.django_db


def last_month() -> date:
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def attendance():
    """A registered calculator whose figure depends on the month: 90% now, 80% the month before."""
    month = last_month()

    def fn(*, units, start, end):
        now = start == month
        return {
            u.pk: indicators.Value(Decimal("90.0" if now else "80.0"), 9 if now else 8, 10)
            for u in units
        }

    indicators.register("test.attendance", "测试出勤率", measure="%", direction="higher", fn=fn)
    yield
    indicators._calculators.pop("test.attendance")


def make(client, unit, month, captured):
    with captured(execute=True):
        return client.post("/briefs/request/", {"unit": unit.pk, "month": f"{month:%Y-%m}"})


def supervised(title, unit, due, **fields):
    """A 督办 item of the unit (the record behind it does not matter to a brief)."""
    return SupervisedItem.objects.create(
        kind="hazard",
        content_type=ContentType.objects.get_for_model(OrgUnit),
        object_id=SupervisedItem.objects.count() + 1,
        title=title,
        url="/",
        owner_unit=unit,
        due_at=due,
        opened_at=timezone.now() - timedelta(days=20),
        **fields,
    )


def docx_text(brief) -> tuple[str, list[list[str]]]:
    doc = Document(brief.document.file.open("rb"))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    return "\n".join(p.text for p in doc.paragraphs), rows


def test_the_document_holds_the_registry_figures(
    client, login, company, attendance, django_capture_on_commit_callbacks
):
    login("bumen")
    prod, month = company.units["prod"], last_month()
    due = timezone.make_aware(
        datetime.combine(selectors.next_month(month) + timedelta(5), datetime.min.time())
    )
    supervised("二号皮带机护栏缺失", company.units["team1"], due)
    now = timezone.now()
    supervised("职工食堂夜班供餐", prod, now - timedelta(3), level=SupervisedItem.Level.ESCALATED)
    response = make(client, prod, month, django_capture_on_commit_callbacks)
    brief = Brief.objects.get()
    assert response.status_code == 302 and brief.status == BriefStatus.DONE
    text, rows = docx_text(brief)
    assert "生产部" in text and f"{month.year}年{month.month}月" in text
    end = selectors.next_month(month) - timedelta(days=1)
    for code, label in indicators.choices():
        value = indicators.get(code).fn(units=[prod], start=month, end=end)[prod.pk]
        row = next(r for r in rows if r[0].startswith(str(label)))
        assert row[1] == number(value.value)
        assert row[2] == f"{number(value.numerator)}/{number(value.denominator)}"
    row = next(r for r in rows if r[0].startswith("测试出勤率"))
    assert row[1:] == ["90", "9/10", "80", "+10"]
    assert "二号皮带机护栏缺失" in text  # next month's deadline
    problems = text.split("三、存在问题")[1].split("四、下月到期事项")[0]
    assert "职工食堂夜班供餐" in problems and "已升级督办" in problems
    sheet = load_workbook(brief.workbook.file.open("rb")).active
    assert ["测试出勤率", "%", 90, 9, 10, 80, 10] in [
        list(r) for r in sheet.iter_rows(values_only=True)
    ]
    download = client.get(f"/briefs/{brief.pk}/docx/")
    assert download.status_code == 200
    assert Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs


def test_a_unit_outside_scope_is_404(client, login, company, django_capture_on_commit_callbacks):
    login("bumen")
    tech = company.units["tech"]
    assert (
        client.post(
            "/api/v1/briefs",
            {"unit": tech.pk, "month": f"{last_month():%Y-%m}"},
            content_type="application/json",
        ).status_code
        == 404
    )
    make(client, tech, last_month(), django_capture_on_commit_callbacks)
    assert not Brief.objects.exists()
    brief = Brief.objects.create(unit=tech, month=last_month())
    assert client.get(f"/briefs/{brief.pk}/").status_code == 404
    assert client.get(f"/api/v1/briefs/{brief.pk}").status_code == 404


def test_an_empty_month_says_so(client, login, company, django_capture_on_commit_callbacks):
    login("bumen")
    month = date(2020, 1, 1)
    make(client, company.units["team1"], month, django_capture_on_commit_callbacks)
    brief = Brief.objects.get()
    text, _rows = docx_text(brief)
    assert "本月暂无可报送的数据" in text


def test_a_future_month_is_refused_and_the_form_kept(client, login, company):
    login("bumen")
    response = client.post(
        "/briefs/request/", {"unit": company.units["prod"].pk, "month": "2999-01"}
    )
    assert response.status_code == 200
    assert "不能晚于本月" in response.content.decode()
    assert 'value="2999-01"' in response.content.decode()


def test_two_requests_at_once_make_one_job_and_a_refresh_a_new_version(
    company, django_capture_on_commit_callbacks
):
    user, prod, month = company.users["bumen"], company.units["prod"], last_month()
    first = services.brief_request(actor=user, unit=prod, month=month)
    second = services.brief_request(actor=user, unit=prod, month=month)
    assert first.pk == second.pk and Brief.objects.count() == 1
    assert services.brief_progress(second) is not None  # the running one's progress
    Brief.objects.filter(pk=first.pk).update(status=BriefStatus.DONE)
    again = services.brief_request(actor=user, unit=prod, month=month)
    assert again.version == 2
    # A job whose worker died (no progress for 15 minutes) gives way to the next request.
    progress_clear(services.progress_key(again))
    Brief.objects.filter(pk=again.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    third = services.brief_request(actor=user, unit=prod, month=month)
    assert third.version == 3
    assert Brief.objects.get(pk=again.pk).status == BriefStatus.FAILED


def test_the_archive_list_and_api(client, login, company, django_assert_max_num_queries):
    login("dangwei")
    for key in ("prod", "tech", "safety", "team1"):
        Brief.objects.create(unit=company.units[key], month=last_month(), status=BriefStatus.DONE)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/briefs/").status_code == 200
    Brief.objects.create(unit=company.units["prod"], month=date(2025, 1, 1), version=1)
    Brief.objects.create(unit=company.units["prod"], month=date(2025, 2, 1), version=1)
    with django_assert_max_num_queries(len(few)):
        page = client.get("/briefs/")
    assert page.content.decode().count("<tr>") == 7  # head + six
    got = client.get("/api/v1/briefs", {"unit": company.units["prod"].pk}).json()
    assert got["count"] == 4
    assert client.get("/briefs/", {"status": "running"}).content.decode().count("<tr>") == 3


def test_the_api_requests_a_brief_and_downloads_both_files(
    client, login, company, django_capture_on_commit_callbacks
):
    login("bumen")
    body = {"unit": company.units["prod"].pk, "month": f"{last_month():%Y-%m}"}
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post("/api/v1/briefs", body, content_type="application/json")
    assert made.status_code == 200
    detail = client.get(f"/api/v1/briefs/{made.json()['id']}").json()
    assert detail["status"] == "done" and detail["progress"] is None
    word = client.get(detail["document_url"])
    assert Document(io.BytesIO(b"".join(word.streaming_content))).paragraphs
    excel = client.get(detail["workbook_url"])
    assert load_workbook(io.BytesIO(b"".join(excel.streaming_content))).active["A1"].value == "指标"
    assert client.get(f"/api/v1/briefs/{detail['id']}/pdf").status_code == 404
    bad = client.post("/api/v1/briefs", {**body, "month": "11月"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["detail"]["field"] == "month"
    assert "/api/v1/briefs" in client.get("/api/v1/openapi.json").json()["paths"]


def test_the_chart_is_a_picture_and_warnings_are_problems(
    client, login, company, attendance, django_capture_on_commit_callbacks
):
    """The rates are drawn as a PNG in the document (its names in the caption); the month's
    苗头预警 of the unit's subtree are listed under the problems, a dismissed one is not; the
    workbook has the lists too."""
    from apps.alerts.models import Warning

    login("bumen")
    prod, month = company.units["prod"], last_month()
    common = {"unit": company.units["team1"], "week": month + timedelta(days=7)}
    Warning.objects.create(
        kind="text", term="夜班补贴", observed=9, baseline=1, p_value=0.001, **common
    )
    Warning.objects.create(
        kind="text", term="班车", observed=6, baseline=1, status="dismissed", **common
    )
    make(client, prod, month, django_capture_on_commit_callbacks)
    brief = Brief.objects.get()
    doc = Document(brief.document.file.open("rb"))
    pictures = [r for r in doc.part.rels.values() if "image" in r.reltype]
    assert len(pictures) == 1 and pictures[0].target_part.blob.startswith(b"\x89PNG")
    text, _rows = docx_text(brief)
    assert "图注" in text and "测试出勤率" in text.split("图注")[1]
    problems = text.split("三、存在问题")[1].split("四、下月到期事项")[0]
    assert "夜班补贴" in problems and "班车" not in problems
    book = load_workbook(brief.workbook.file.open("rb"))
    assert book.sheetnames == ["主要指标", "工作亮点", "存在问题", "下月到期"]
    cells = [c for row in book["存在问题"].iter_rows(values_only=True) for c in row]
    assert any("夜班补贴" in str(c) for c in cells)


def test_the_year_end_appendix_lists_every_indicator_month_by_month(
    client, login, company, attendance, django_capture_on_commit_callbacks
):
    login("bumen")
    prod, month = company.units["prod"], last_month()
    with django_capture_on_commit_callbacks(execute=True):
        res = client.post(
            "/briefs/request/", {"unit": prod.pk, "kind": "year", "month": f"{month:%Y-%m}"}
        )
    assert res.status_code == 302
    brief = Brief.objects.get()
    assert (brief.kind, brief.month, brief.status) == ("year", date(month.year, 1, 1), "done")
    text, rows = docx_text(brief)
    assert f"{month.year}年度党群工作数据(附件)" in text and "二、逐月数据" in text
    row = next(r for r in rows if r[0] == "测试出勤率(%)" and len(r) > 5)
    # 90% in the month just ended, 80% in every other month of the year so far.
    assert row[month.month] == "90" and all(
        v == "80" for i, v in enumerate(row[1:], 1) if i != month.month
    )
    sheet = load_workbook(brief.workbook.file.open("rb"))["逐月数据"]
    values = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "测试出勤率")
    assert values[1 + month.month] == 90
    # A month brief of the same month is its own record, version 1; a future year is refused.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/briefs/request/", {"unit": prod.pk, "month": f"{month:%Y-%m}"})
    assert Brief.objects.filter(kind="month", version=1).exists()
    bad = client.post(
        "/api/v1/briefs",
        {"unit": prod.pk, "kind": "year", "month": str(timezone.localdate().year + 1)},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["detail"]["code"] == "brief_bad_year"
    assert Brief.objects.count() == 2
