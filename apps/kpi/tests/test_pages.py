"""The close of a period in the pages: the assessor computes (progress bar), publishes and
locks; the unit sees its own result with its rank and objects inside the window; the assessor
answers; the candidates and the two exports of a locked period."""

import io
from datetime import date, timedelta
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.core.progress import progress_clear, progress_put
from apps.kpi import services
from apps.kpi.choices import ObjectionStatus
from apps.kpi.models import KpiSettings, ManualScore, Objection, Period, Scorecard

pytestmark = pytest.mark.django_db


def _published(company, period):
    services.period_compute(period)
    return services.period_publish(actor=company.users["dangwei"], period=period)


def test_the_assessor_computes_from_the_period_page(
    client,
    login,
    company,
    period,
    django_capture_on_commit_callbacks,
):
    login("dangwei")
    page = client.get(f"/kpi/periods/{period.pk}/").content.decode()
    assert "计算得分" in page and 'data-testid="empty"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/kpi/periods/{period.pk}/compute/")
    assert response.status_code == 302
    page = client.get(f"/kpi/periods/{period.pk}/").content.decode()
    assert "生产部" in page and "1 / 3" in page
    # Done: the polled bar tells the page to reload.
    assert client.get(f"/kpi/periods/{period.pk}/progress/").headers["HX-Refresh"] == "true"


def test_the_progress_bar_while_computing(client, login, company, period):
    key = services.compute_key(period)
    progress_put(key, 1, 4)
    try:
        login("dangwei")
        page = client.get(f"/kpi/periods/{period.pk}/").content.decode()
        assert 'data-testid="progress"' in page and "25%" in page
        partial = client.get(f"/kpi/periods/{period.pk}/progress/").content.decode()
        assert "25%" in partial and "已处理 1 / 4" in partial
        refused = client.post(f"/kpi/periods/{period.pk}/compute/", follow=True)
        assert "正在计算" in refused.content.decode()  # one computation at a time
    finally:
        progress_clear(key)


def test_a_unit_cannot_compute(client, login, company, period):
    login("bumen")
    assert client.get(f"/kpi/periods/{period.pk}/").status_code == 404  # no result shown yet
    client.post(f"/kpi/periods/{period.pk}/compute/")
    assert not Scorecard.objects.exists()


def test_the_unit_objects_and_the_assessor_answers(client, login, company, period):
    period = _published(company, period)
    card = Scorecard.objects.get(period=period, unit=company.units["prod"])
    login("bumen")
    detail = client.get(f"/kpi/{card.pk}/").content.decode()
    assert 'data-testid="object"' in detail and "共 3 个" in detail
    line = card.lines.get(item__indicator__code="rp")
    evidence = SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test\n%%EOF", "application/pdf")
    response = client.post(
        f"/kpi/{card.pk}/objection/",
        {"line": line.pk, "reason": "报告已按时报送", "evidence": evidence},
    )
    assert response.status_code == 302, response.content.decode()
    objection = Objection.objects.get()
    assert objection.evidence is not None
    empty = client.post(f"/kpi/{card.pk}/objection/", {"reason": ""})
    assert empty.status_code == 400
    # another unit's card: 404
    tech = Scorecard.objects.get(period=period, unit=company.units["tech"])
    assert client.get(f"/kpi/{tech.pk}/objection/").status_code == 404
    login("dangwei")
    page = client.get(f"/kpi/objections/{objection.pk}/").content.decode()
    assert 'data-testid="answer-form"' in page
    bad = client.post(f"/kpi/objections/{objection.pk}/", {"accept": "", "answer": ""})
    assert bad.status_code == 400 and "不予采纳时须说明理由" in bad.content.decode()
    client.post(
        f"/kpi/objections/{objection.pk}/", {"accept": "1", "answer": "核实,加 2 分", "points": "2"}
    )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.ACCEPTED
    login("bumen")
    page = client.get(f"/kpi/objections/{objection.pk}/").content.decode()
    assert "核实,加 2 分" in page and 'data-testid="answer-form"' not in page


def test_a_late_objection_is_refused_with_the_day(client, login, company, period):
    period = _published(company, period)
    Period.objects.filter(pk=period.pk).update(public_until=date(2025, 4, 1))
    card = Scorecard.objects.get(period=period, unit=company.units["prod"])
    login("bumen")
    response = client.post(f"/kpi/{card.pk}/objection/", {"reason": "总分有误"})
    assert response.status_code == 400
    assert "公示期已于 2025-04-01 结束" in response.content.decode()
    assert not Objection.objects.exists()


def _locked(company, period):
    period = _published(company, period)
    Period.objects.filter(pk=period.pk).update(
        public_until=timezone.localdate() - timedelta(days=1)
    )
    period.refresh_from_db()
    return services.period_lock(actor=company.users["dangwei"], period=period)


def test_candidates_and_exports_of_a_locked_period(client, login, company, period):
    Scorecard.objects.all().delete()
    period = _locked(company, period)
    Scorecard.objects.filter(unit=company.units["prod"]).update(grade="excellent", total=D(95))
    Scorecard.objects.filter(unit=company.units["tech"]).update(grade="excellent", vetoed=True)
    KpiSettings.objects.create(excellent=D("1.5"))
    login("dangwei")
    page = client.get(f"/kpi/periods/{period.pk}/candidates/").content.decode()
    assert "生产部" in page and "技术部" not in page and "先进集体候选" in page
    # Each candidate leads to the 人才队伍 honour form, found by its name.
    assert 'data-testid="honour-link"' in page and "/talent/honours/new/?kind=collective" in page
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(f"/kpi/periods/{period.pk}/incentive.xlsx")))
    ).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["生产部"][4] == 1.5 and rows["安全部"][3] == "较差" and rows["安全部"][4] == 0.6
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(f"/kpi/periods/{period.pk}/promotion.xlsx")))
    ).active
    assert [c.value for c in sheet[1]] == ["单位", "2025-01-01—2025-03-31"]
    assert {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}["生产部"] == "优秀"
    login("bumen")
    assert client.get(f"/kpi/periods/{period.pk}/candidates/").status_code == 404
    assert client.get(f"/kpi/periods/{period.pk}/incentive.xlsx").status_code == 404


def test_settings_refuse_an_inverted_order(client, login, company):
    login("dangwei")
    bad = client.post(
        "/kpi/settings/", {"excellent": "0.9", "good": "1", "fair": "0.8", "poor": "0.6"}
    )
    assert bad.status_code == 400 and "优秀 ≥ 良好" in bad.content.decode()
    client.post("/kpi/settings/", {"excellent": "1.3", "good": "1", "fair": "0.8", "poor": "0.5"})
    assert KpiSettings.current().excellent == D("1.3")
    login("bumen")
    assert client.get("/kpi/settings/").status_code == 403


@pytest.mark.parametrize("url", ["/kpi/periods/", "/kpi/objections/"])
def test_list_queries_do_not_grow(
    client, login, company, period, url, django_assert_max_num_queries
):
    period = _published(company, period)
    cards = {c.unit.code: c for c in Scorecard.objects.select_related("unit")}
    Objection.objects.create(scorecard=cards["D-PROD"], reason="有误")
    login("dangwei")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for n in range(3):
        Period.objects.create(
            scheme=period.scheme, start=date(2024, 1 + n, 1), end=date(2024, 1 + n, 28)
        )
    for code in ("D-TECH", "D-SAFE"):
        Objection.objects.create(scorecard=cards[code], reason="有误")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count('href="/kpi/periods/') >= 4 or body.count('href="/kpi/objections/') >= 3


def test_the_period_page_shows_who_changed_the_scores(client, login, company, period):
    score = ManualScore.objects.get(period=period)
    score.value = D(85)
    services.manual_score_save(actor=company.users["dangwei"], score=score)
    login("dangwei")
    page = client.get(f"/kpi/periods/{period.pk}/").content.decode()
    assert 'data-testid="changes"' in page and "人工评分 · 生产部 85" in page
    assert "80" in page  # the old value
