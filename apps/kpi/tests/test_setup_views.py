"""The 党群工作部 sets up 量化考核 on pages: indicators, a scheme whose weights must sum to 100
before it opens, its periods, manual scores with evidence (a refused grid stores nothing and
keeps every row's typing) and adjustments; a locked period's scheme stays as it was."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.kpi import services
from apps.kpi.models import Adjustment, Indicator, ManualScore, Period, Scheme, SchemeItem

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="佐证.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


@pytest.fixture
def manual():
    return Indicator.objects.create(
        code="manual.report", name="思想动态调研报告质量", measure="分", source="manual"
    )


@pytest.fixture
def computed():
    return Indicator.objects.create(
        code="hazards.on_time_rate",
        name="隐患按期整改率",
        measure="%",
        calculator="hazards.on_time_rate",
    )


@pytest.fixture
def scheme(manual, computed):
    scheme = Scheme.objects.create(year=2026, unit_kind="department", name="2026年部门考核")
    SchemeItem.objects.create(scheme=scheme, indicator=computed, weight=60, floor=60, target=95)
    SchemeItem.objects.create(scheme=scheme, indicator=manual, weight=40, floor=0, target=100)
    return scheme


@pytest.fixture
def period(scheme):
    scheme.status = "open"
    scheme.save()
    return Period.objects.create(scheme=scheme, start=date(2026, 1, 1), end=date(2026, 3, 31))


def test_only_the_party_admin_sets_up(client, login, company):
    login("bumen")
    assert client.get("/kpi/setup/indicators/").status_code == 403
    assert client.get("/kpi/setup/schemes/").status_code == 403
    login("dangwei")
    body = client.get("/kpi/setup/indicators/").content.decode()
    assert "新增指标" in body and 'data-testid="empty"' in body


def test_an_indicator_names_a_registered_calculator_or_is_manual(client, login, company):
    login("dangwei")
    typed = {"code": "x.rate", "name": "某某率", "measure": "%", "direction": "higher"}
    response = client.post("/kpi/setup/indicators/new/", {**typed, "source": "computed"})
    assert response.status_code == 400
    assert "须选择一个计算器" in response.content.decode()
    assert 'value="某某率"' in response.content.decode()
    assert not Indicator.objects.exists()
    client.post(
        "/kpi/setup/indicators/new/",
        {**typed, "source": "computed", "calculator": "suggestions.adoption_rate"},
    )
    made = Indicator.objects.get()
    assert made.calculator == "suggestions.adoption_rate"
    again = client.post("/kpi/setup/indicators/new/", {**typed, "source": "manual"})
    assert "已被使用" in again.content.decode()
    client.post(
        f"/kpi/setup/indicators/{made.pk}/",
        {**typed, "source": "manual", "calculator": "suggestions.adoption_rate"},
    )
    made.refresh_from_db()
    assert (made.source, made.calculator) == ("manual", "")


def test_a_scheme_opens_only_at_100_and_cuts_its_quarters(client, login, company, manual, computed):
    login("dangwei")
    client.post(
        "/kpi/setup/schemes/new/",
        {
            "name": "2026年部门考核",
            "year": 2026,
            "unit_kind": "department",
            "period_kind": "quarter",
        },
    )
    scheme = Scheme.objects.get()
    url = f"/kpi/setup/schemes/{scheme.pk}/"
    item = {"rule": "linear", "floor": "60", "target": "95"}
    client.post(f"{url}items/new/", {**item, "indicator": computed.pk, "weight": "60"})
    client.post(f"{url}items/new/", {**item, "indicator": manual.pk, "weight": "35"})
    assert scheme.items.count() == 2
    refused = client.post(f"{url}open/", follow=True).content.decode()
    assert "各指标权重之和须为 100,当前为 95" in refused
    assert Scheme.objects.get().status == "draft"
    assert client.post(f"{url}periods/", follow=True).status_code == 200
    assert not Period.objects.exists()
    other = scheme.items.get(indicator=manual)
    client.post(f"{url}items/{other.pk}/", {**item, "indicator": manual.pk, "weight": "40"})
    client.post(f"{url}open/")
    assert Scheme.objects.get().status == "open"
    body = client.post(f"{url}periods/", follow=True).content.decode()
    assert "已生成 4 个考核期" in body
    starts = sorted(Period.objects.values_list("start", "end"))
    assert starts[0] == (date(2026, 1, 1), date(2026, 3, 31))
    assert starts[-1] == (date(2026, 10, 1), date(2026, 12, 31))


def test_steps_table_and_a_twice_added_indicator(client, login, company, scheme, computed):
    login("dangwei")
    url = f"/kpi/setup/schemes/{scheme.pk}/items/"
    item = scheme.items.get(indicator=computed)
    client.post(
        f"{url}{item.pk}/",
        {"indicator": computed.pk, "weight": "60", "rule": "steps", "steps": "85 80\n95 100"},
    )
    item.refresh_from_db()
    assert item.steps == [[95.0, 100.0], [85.0, 80.0]] and item.floor is None
    bad = client.post(
        f"{url}{item.pk}/",
        {"indicator": computed.pk, "weight": "60", "rule": "steps", "steps": "95 百分百"},
    )
    assert bad.status_code == 400 and "分档表每行" in bad.content.decode()
    twice = client.post(f"{url}new/", {"indicator": computed.pk, "weight": "1", "rule": "rank"})
    assert "已在该方案中" in twice.content.decode()


def test_a_locked_period_keeps_its_scheme(client, login, company, period, computed):
    period.status = "locked"
    period.save()
    login("dangwei")
    item = period.scheme.items.get(indicator=computed)
    response = client.post(
        f"/kpi/setup/schemes/{period.scheme_id}/items/{item.pk}/",
        {"indicator": computed.pk, "weight": "70", "rule": "rank"},
    )
    assert response.status_code == 400
    assert "已有锁定的考核期" in response.content.decode()
    item.refresh_from_db()
    assert item.weight == 60


def test_manual_grid_refuses_whole_and_keeps_every_row(client, login, company, period, manual):
    login("dangwei")
    item = period.scheme.items.get(indicator=manual)
    url = f"/kpi/setup/periods/{period.pk}/manual/{item.pk}/"
    prod, tech, safety = (company.units[k] for k in ("prod", "tech", "safety"))
    page = client.get(url)
    assert [u.pk for u in page.context["units"]] == [prod.pk, safety.pk, tech.pk]
    response = client.post(
        url,
        {
            f"value_{prod.pk}": "88",
            f"note_{prod.pk}": "报告扎实",
            f"evidence_{prod.pk}": pdf(),
            f"value_{tech.pk}": "120",
            f"evidence_{tech.pk}": pdf(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "“技术部”的评分须在 0 到 100 之间" in body
    assert 'value="88"' in body and "报告扎实" in body and 'value="120"' in body
    assert not ManualScore.objects.exists()
    no_file = client.post(url, {f"value_{prod.pk}": "88", f"value_{tech.pk}": "75"})
    assert "请为“生产部”上传佐证材料" in no_file.content.decode()
    assert not ManualScore.objects.exists()
    client.post(
        url,
        {
            f"value_{prod.pk}": "88",
            f"evidence_{prod.pk}": pdf(),
            f"value_{tech.pk}": "75",
            f"evidence_{tech.pk}": pdf(),
        },
    )
    scores = {m.unit_id: m for m in ManualScore.objects.all()}
    assert set(scores) == {prod.pk, tech.pk}
    assert scores[prod.pk].value == Decimal("88") and scores[prod.pk].evidence is not None
    assert scores[prod.pk].assessor == company.users["dangwei"]
    # A changed score keeps its evidence; a blank row is not scored.
    client.post(url, {f"value_{prod.pk}": "90"})
    assert ManualScore.objects.get(unit=prod).value == Decimal("90")
    assert ManualScore.objects.count() == 2


def test_a_computed_indicator_has_no_grid_to_save(client, login, company, period, computed):
    login("dangwei")
    item = period.scheme.items.get(indicator=computed)
    prod = company.units["prod"]
    response = client.post(
        f"/kpi/setup/periods/{period.pk}/manual/{item.pk}/",
        {f"value_{prod.pk}": "50", f"evidence_{prod.pk}": pdf()},
    )
    assert "由平台计算,不能人工评分" in response.content.decode()
    assert not ManualScore.objects.exists()


def test_adjustments_need_a_reason_and_evidence(client, login, company, period):
    login("dangwei")
    url = f"/kpi/setup/periods/{period.pk}/adjustments/new/"
    prod = company.units["prod"]
    typed = {"unit": prod.pk, "kind": "deduct", "points": "5", "reason": "发生一般安全事故"}
    response = client.post(url, typed)
    assert response.status_code == 400 and "上传佐证材料" in response.content.decode()
    assert "发生一般安全事故" in response.content.decode()
    zero = client.post(url, {**typed, "points": "0", "evidence": pdf()})
    assert "须大于 0" in zero.content.decode()
    client.post(url, {**typed, "evidence": pdf()})
    client.post(url, {**typed, "kind": "veto", "points": "", "evidence": pdf()})
    kinds = sorted(Adjustment.objects.values_list("kind", "points"))
    assert kinds == [("deduct", Decimal("5")), ("veto", Decimal("0"))]
    body = client.get(f"/kpi/periods/{period.pk}/").content.decode()
    assert "一票否决" in body and "发生一般安全事故" in body
    team = company.units["team1"]
    outside = client.post(url, {**typed, "unit": team.pk, "evidence": pdf()})
    assert outside.status_code == 400 and Adjustment.objects.count() == 2


def test_computing_a_period_scores_the_manual_values(
    client, login, company, period, manual, django_capture_on_commit_callbacks
):
    item = period.scheme.items.get(indicator=manual)
    prod = company.units["prod"]
    ManualScore.objects.create(
        period=period, unit=prod, item=item, value=80, assessor=company.users["dangwei"]
    )
    login("dangwei")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/kpi/periods/{period.pk}/compute/")
    card = period.scorecards.get(unit=prod)
    line = card.lines.get(item=item)
    assert line.value == Decimal("80") and line.points == Decimal("32.00")


def test_list_queries_do_not_grow(client, login, company, scheme, django_assert_max_num_queries):
    login("dangwei")
    with django_assert_max_num_queries(30) as few:
        client.get("/kpi/setup/schemes/")
        client.get("/kpi/setup/indicators/")
    for n in range(3):
        Scheme.objects.create(year=2025 - n, unit_kind="branch", name=f"方案{n}")
        Indicator.objects.create(code=f"m.{n}", name=f"指标{n}", source="manual")
    with django_assert_max_num_queries(len(few.captured_queries)):
        schemes = client.get("/kpi/setup/schemes/")
        indicators = client.get("/kpi/setup/indicators/")
    assert schemes.status_code == indicators.status_code == 200
    assert all(f"方案{n}" in schemes.content.decode() for n in range(3))
    assert all(f"指标{n}" in indicators.content.decode() for n in range(3))


def test_changing_an_open_scheme_sends_it_back_to_draft(client, login, company, period, manual):
    login("dangwei")
    item = period.scheme.items.get(indicator=manual)
    url = f"/kpi/setup/schemes/{period.scheme_id}/items/{item.pk}/"
    client.post(url, {"indicator": manual.pk, "weight": "30", "rule": "rank"})
    assert Scheme.objects.get().status == "draft"
    refused = client.post(f"{url}delete/", follow=True).content.decode()
    assert "已从方案中删除" in refused
    assert not SchemeItem.objects.filter(pk=item.pk).exists()


def test_grid_queries_do_not_grow(
    client, login, company, period, manual, django_assert_max_num_queries
):
    from apps.orgs.testing import add

    login("dangwei")
    item = period.scheme.items.get(indicator=manual)
    url = f"/kpi/setup/periods/{period.pk}/manual/{item.pk}/"
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for n in range(4):
        unit = add(company.units["company"], name=f"新部门{n}", kind="department", code=f"D-N{n}")
        ManualScore.objects.create(
            period=period, unit=unit, item=item, value=70, assessor=company.users["dangwei"]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).context["units"]) == 7


def test_the_grid_narrows_to_a_general_branch(client, login, company, manual):
    scheme = Scheme.objects.create(year=2026, unit_kind="branch", name="支部考核", status="open")
    item = SchemeItem.objects.create(scheme=scheme, indicator=manual, weight=100, rule="rank")
    period = Period.objects.create(scheme=scheme, start=date(2026, 1, 1), end=date(2026, 3, 31))
    login("dangwei")
    url = f"/kpi/setup/periods/{period.pk}/manual/{item.pk}/"
    names = lambda r: [u.name for u in r.context["units"]]  # noqa: E731
    assert names(client.get(url)) == ["生产一支部", "技术支部"]
    assert names(client.get(f"{url}?unit={company.units['gb'].pk}")) == ["生产一支部"]
    assert len(names(client.get(f"{url}?unit=99999999999999999999999"))) == 2


@pytest.mark.parametrize(
    ("kind", "n", "last"),
    [
        ("month", 12, (date(2028, 12, 1), date(2028, 12, 31))),
        ("half", 2, (date(2028, 7, 1), date(2028, 12, 31))),
        ("year", 1, (date(2028, 1, 1), date(2028, 12, 31))),
    ],
)
def test_a_year_cut_into_periods(kind, n, last):
    from apps.kpi.setup_services import period_ranges

    ranges = period_ranges(2028, kind)
    assert len(ranges) == n and ranges[-1] == last and ranges[0][0] == date(2028, 1, 1)
    assert (date(2028, 2, 1), date(2028, 2, 29)) in period_ranges(2028, "month")


def test_the_period_page_is_the_one_place_to_score(client, login, company, period, manual):
    item = period.scheme.items.get(indicator=manual)
    prod = company.units["prod"]
    ManualScore.objects.create(
        period=period, unit=prod, item=item, value=80, assessor=company.users["dangwei"]
    )
    login("dangwei")
    page = client.get(f"/kpi/periods/{period.pk}/").content.decode()
    assert f"/kpi/setup/periods/{period.pk}/manual/{item.pk}/" in page
    assert "已评 1 / 3" in page and 'data-testid="adjustment-new"' in page
    scheme = client.get(f"/kpi/setup/schemes/{period.scheme_id}/").content.decode()
    assert f'href="/kpi/periods/{period.pk}/"' in scheme
    assert client.get(f"/kpi/setup/periods/{period.pk}/").status_code == 404
    # A unit sees its own result after 公示, never the scoring cards.
    services.period_compute(period)
    services.period_publish(actor=company.users["dangwei"], period=period)
    login("bumen")
    unit_page = client.get(f"/kpi/periods/{period.pk}/").content.decode()
    assert "生产部" in unit_page and 'data-testid="manual-items"' not in unit_page
    assert 'data-testid="adjustments"' not in unit_page


def test_a_cleared_score_and_a_withdrawn_adjustment_stay_in_the_history(
    client, login, company, period, manual
):
    item = period.scheme.items.get(indicator=manual)
    prod, tech = company.units["prod"], company.units["tech"]
    login("dangwei")
    grid = f"/kpi/setup/periods/{period.pk}/manual/{item.pk}/"
    client.post(
        grid,
        {
            f"value_{prod.pk}": "88",
            f"evidence_{prod.pk}": pdf(),
            f"value_{tech.pk}": "75",
            f"evidence_{tech.pk}": pdf(),
        },
    )
    # Cleared on the grid: withdrawn; a unit not sent at all keeps its score.
    client.post(grid, {f"value_{prod.pk}": ""})
    assert list(ManualScore.objects.values_list("unit", flat=True)) == [tech.pk]
    adjustments = f"/kpi/setup/periods/{period.pk}/adjustments/"
    typed = {"unit": prod.pk, "kind": "bonus", "points": "3", "reason": "获评先进基层党组织"}
    client.post(f"{adjustments}new/", {**typed, "evidence": pdf()})
    made = Adjustment.objects.get()
    Period.objects.filter(pk=period.pk).update(status="public")
    client.post(f"{adjustments}{made.pk}/delete/")
    assert Adjustment.objects.exists()  # 公示 began: nothing scored changes
    Period.objects.filter(pk=period.pk).update(status="open")
    page = client.get(f"/kpi/periods/{period.pk}/").content.decode()
    assert 'data-testid="adjustment-delete"' in page
    client.post(f"{adjustments}{made.pk}/delete/")
    assert not Adjustment.objects.exists()
    changes = [
        (c["action"], c["what"])
        for c in client.get(f"/kpi/periods/{period.pk}/").context["changes"]
    ]
    assert ("删除", "加减分 · 生产部 加分 3.00") in changes
    assert any(a == "删除" and w.startswith("人工评分 · 生产部") for a, w in changes)


def test_an_indicator_sets_the_range_its_grid_takes(client, login, company, period, manual):
    login("dangwei")
    edit = f"/kpi/setup/indicators/{manual.pk}/"
    typed = {"code": manual.code, "name": manual.name, "measure": "分", "source": "manual"}
    typed |= {"direction": "higher"}
    reversed_range = client.post(edit, {**typed, "min_value": "90", "max_value": "60"})
    assert reversed_range.status_code == 400 and "最大值须大于最小值" in (
        reversed_range.content.decode()
    )
    client.post(edit, {**typed, "min_value": "60", "max_value": "90"})
    manual.refresh_from_db()
    assert (manual.min_value, manual.max_value) == (Decimal("60"), Decimal("90"))
    item = period.scheme.items.get(indicator=manual)
    prod = company.units["prod"]
    grid = f"/kpi/setup/periods/{period.pk}/manual/{item.pk}/"
    assert 'min="60" max="90"' in client.get(grid).content.decode()
    low = client.post(grid, {f"value_{prod.pk}": "50", f"evidence_{prod.pk}": pdf()})
    assert "“生产部”的评分须在 60 到 90 之间" in low.content.decode()
    # Only a top: the bottom stays 0.
    client.post(edit, {**typed, "max_value": "5"})
    high = client.post(grid, {f"value_{prod.pk}": "-1", f"evidence_{prod.pk}": pdf()})
    assert "“生产部”的评分须在 0 到 5 之间" in high.content.decode()
    client.post(grid, {f"value_{prod.pk}": "4.5", f"evidence_{prod.pk}": pdf()})
    assert ManualScore.objects.get().value == Decimal("4.5")
