"""The 思想动态调研报告: it opens with the unit's own figures, frozen when submitted; the 党群工作部
scores it on the rubric."""

from datetime import date

import pytest

from apps.appeals.tests.test_figures import ledger  # noqa: F401  (the fixture)
from apps.core import indicators
from apps.core.errors import DomainError
from apps.talks.models import MoodReport
from apps.talks.reports import report_figures
from apps.talks.services import report_score, report_submit

from .test_indicators import talks  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

ANALYSIS = "本季度生产部职工思想总体稳定,夜班职工对食堂供餐时间意见较集中," * 3


def test_the_report_opens_with_the_units_own_figures(company, talks, ledger):  # noqa: F811
    # 生产一支部 answers for 生产部: three talks in Q1 (张伟 once, 李明 twice), 2 of 3 people
    # reached; tags 食堂住宿 ×2, 薪酬待遇 ×1; appeals A, C, E owned by 生产部 in Q1.
    f = report_figures(
        user=company.users["shuji"], unit=company.units["branch1"], year=2026, quarter=1
    )
    assert (f["start"], f["end"]) == ("2026-01-01", "2026-03-31")
    assert (f["talks"], f["reached"], f["people"], f["coverage"]) == (3, 2, 3, 66.7)
    assert f["tags"] == [["食堂住宿", 2], ["薪酬待遇", 1]]
    assert dict(f["states"])["波动"] == 1 and dict(f["states"])["稳定"] == 2
    assert f["appeals"] == 3
    assert f"unit={company.units['prod'].pk}" in f["appeals_url"]
    if indicators.get("surveys.satisfaction") is None:
        assert f["satisfaction"] is None  # read only through the registry, when registered


def test_the_form_shows_them_and_submitting_freezes_them(client, company, talks):  # noqa: F811
    client.force_login(company.users["shuji"])
    url = f"/talks/reports/new/{company.units['branch1'].pk}/2026/1/"
    page = client.get(url).content.decode()
    assert 'data-testid="fig-talks">3<' in page
    assert client.post(url, {"analysis": "太短"}).status_code == 400
    assert MoodReport.objects.count() == 0
    response = client.post(url, {"analysis": ANALYSIS, "measures": "延长夜班供餐时间"})
    report = MoodReport.objects.get()
    assert response.status_code == 302 and response.url == f"/talks/reports/{report.pk}/"
    assert report.figures["talks"] == 3
    assert client.post(url, {"analysis": ANALYSIS}).status_code == 400  # once per quarter
    assert MoodReport.objects.count() == 1


def test_the_form_shows_the_departments_satisfaction_score_or_too_few_sheets(client, company):
    from apps.surveys.tests.test_indicators import _sheets, _survey

    client.force_login(company.users["shuji"])
    url = f"/talks/reports/new/{company.units['branch1'].pk}/2026/1/"
    shown = lambda: client.get(url).content.decode().split('data-testid="fig-satisfaction">')[1]  # noqa: E731
    assert shown().startswith("本期无测评结果")
    survey, *keys = _survey(company, opens=(2026, 2, 1))
    _sheets(survey, company.units["prod"], [(5, [4, 4]), (4, [5, 3])], keys)
    assert shown().startswith("答卷不足")  # two sheets: not shown, to keep them anonymous
    _sheets(survey, company.units["prod"], [(4, [3, 3]), (3, [4, 5]), (5, [5, 5])], keys)
    assert shown().startswith("82.67分")  # 生产部's five sheets: 62 / 15 × 20


def test_only_the_units_cadre_reports(client, company):
    client.force_login(company.users["tech_shuji"])
    assert (
        client.get(f"/talks/reports/new/{company.units['branch1'].pk}/2026/1/").status_code == 404
    )
    with pytest.raises(DomainError):
        report_submit(
            actor=company.users["bumen"],
            unit=company.units["prod"],
            year=2026,
            quarter=1,
            analysis=ANALYSIS,
        )


def test_the_party_office_scores_on_the_rubric_once(client, company, talks):  # noqa: F811
    report = report_submit(
        actor=company.users["shuji"],
        unit=company.units["branch1"],
        year=2026,
        quarter=1,
        analysis=ANALYSIS,
    )
    scores = {"score_data": 22, "score_analysis": 20, "score_problems": 18, "score_measures": 25}
    with pytest.raises(DomainError) as e:
        report_score(actor=company.users["shuji"], report=report, scores=scores)
    assert e.value.status == 403
    client.force_login(company.users["dangwei"])
    bad = client.post(f"/talks/reports/{report.pk}/score/", {**scores, "score_data": 30})
    assert bad.status_code == 400
    ok = client.post(f"/talks/reports/{report.pk}/score/", {**scores, "note": "数据翔实"})
    assert ok.status_code == 302
    report.refresh_from_db()
    assert (report.score, report.status) == (85, "scored")
    with pytest.raises(DomainError) as e:
        report_score(actor=company.users["dangwei"], report=report, scores=scores)
    assert e.value.code == "talk_report_scored"


def test_a_quarter_not_yet_begun_is_refused(company):
    with pytest.raises(DomainError) as e:
        report_submit(
            actor=company.users["shuji"],
            unit=company.units["branch1"],
            year=date.today().year + 1,
            quarter=1,
            analysis=ANALYSIS,
        )
    assert e.value.code == "talk_bad_quarter"


def test_an_impossible_quarter_is_a_404_or_refused_never_a_500(client, company):
    client.force_login(company.users["shuji"])
    branch = company.units["branch1"].pk
    for year, quarter in ((2026, 9), (0, 1), (99999, 1)):
        assert client.get(f"/talks/reports/new/{branch}/{year}/{quarter}/").status_code == 404
        body = {"unit": branch, "year": year, "quarter": quarter, "analysis": ANALYSIS}
        response = client.post("/api/v1/talks/reports", body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["detail"]["code"] == "talk_bad_quarter"
