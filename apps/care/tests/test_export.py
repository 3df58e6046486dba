"""The aid ledger in Excel: the page's filters, the cadre's scope, yuan as numbers with two
places, rows and total as the page shows them; the settings tab for the 党委."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from .factories import open_file, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def aids(company, gonghui, tech_gonghui):
    mine = open_file(company)
    visit(company, mine, amount="800.50", approved="1000")
    visit(company, mine, amount="1000", approved="1000", approval_no="GH2026002")
    visit(company, mine, kind="schooling", amount="2000", approved="2000", approval_no="JQ01")
    other = open_file(company, actor="tech_gonghui", who="tech_worker")
    visit(company, other, actor="tech_gonghui", amount="555.55", approved="600")


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(wb.active.iter_rows())
    header = [c.value for c in rows[0]]
    return header, rows[1:]


def _page_total(client, query):
    text = client.get("/care/aid/" + query).content.decode()
    found = re.search(r"共 (\d+) 条,发放金额合计 ([\d,.]+) 元", text)
    assert found, text
    return int(found.group(1)), Decimal(found.group(2).replace(",", ""))


@pytest.mark.parametrize("query", ["", "?kind=visit", "?kind=schooling", "?kind=medical"])
def test_the_export_has_the_pages_rows_and_total(client, login, company, aids, query):
    login("gonghui")
    n, total = _page_total(client, query)
    header, rows = _sheet(client.get("/care/aid/export.xlsx" + query))
    assert len(rows) == n
    col = header.index("发放金额(元)")
    amounts = [r[col].value for r in rows]
    assert all(isinstance(a, (int, float)) for a in amounts)  # numbers, not text
    assert all(r[col].number_format == "0.00" for r in rows)
    assert Decimal(str(round(sum(amounts), 2))).quantize(Decimal("0.01")) == total
    names = {r[header.index("职工")].value for r in rows}
    assert names <= {company.people["zhigong"].name}  # never 技术部's aid


def test_the_numbers_are_the_ones_recorded(client, login, company, aids):
    login("gonghui")
    assert _page_total(client, "?kind=visit") == (2, Decimal("1800.50"))
    header, rows = _sheet(client.get("/care/aid/export.xlsx?kind=visit"))
    col = header.index("发放金额(元)")
    assert sorted(r[col].value for r in rows) == [800.5, 1000]
    login("tech_gonghui")
    header, rows = _sheet(client.get("/care/aid/export.xlsx"))
    assert [r[header.index("发放金额(元)")].value for r in rows] == [555.55]


def test_the_export_is_not_found_outside_the_care_roles(client, login, company, aids):
    for who in ("zhigong", "shuji", "admin"):
        login(who)
        assert client.get("/care/aid/export.xlsx").status_code == 404, who


def test_a_bad_filter_is_never_a_500(client, login, company, aids):
    login("gonghui")
    for query in ("?year=abc", "?year=99999999999999", "?start=2026-13-45", "?campaign=x"):
        assert client.get("/care/aid/export.xlsx" + query).status_code in (200, 302), query
        assert client.get("/care/aid/" + query).status_code in (200, 400), query


def test_the_settings_tab_is_on_the_care_pages_for_the_party_office(client, login, company, aids):
    login("dangwei")
    for url in ("/care/", "/care/aid/", "/care/figures/", "/care/settings/"):
        assert 'href="/care/settings/"' in client.get(url).content.decode(), url
    login("gonghui")
    assert 'href="/care/settings/"' not in client.get("/care/").content.decode()
    assert 'href="/care/aid/export.xlsx' in client.get("/care/aid/").content.decode()
