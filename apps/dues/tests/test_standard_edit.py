"""The committee edits the 党费 standard: a new version from a start date, checked as
standard.py applies it, never over a year already computed; the history stays visible."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.errors import DomainError, Forbidden
from apps.dues import services
from apps.dues.models import DuesRate
from apps.dues.standard import monthly_due, standard_on

from .factories import base

pytestmark = pytest.mark.django_db
D = Decimal
NEXT = timezone.localdate().year + 1
ROWS = [("4000", "0.5", ""), ("8000", "1", ""), ("", "2", "")]


def _add(company, rows=ROWS, start=None, kind="salary", actor="dangwei"):
    return services.standard_add(
        actor=company.users[actor], kind=kind, start_on=start or date(NEXT, 1, 1), rows=rows
    )


def test_a_new_version_applies_from_its_start_with_inclusive_edges(company):
    _add(company)
    new = standard_on(date(NEXT, 1, 1))
    assert monthly_due(D("4000"), "salary", new) == D("20.00")  # 含 4000: still 0.5%
    assert monthly_due(D("4000.01"), "salary", new) == D("40.00")
    assert monthly_due(D("8000.01"), "salary", new) == D("160.00")
    # The day before it starts, the 2008 table.
    assert monthly_due(D("4000"), "salary", standard_on(date(NEXT - 1, 12, 31))) == D("40.00")
    # Other kinds keep theirs.
    assert monthly_due(D("6000"), "retired", new) == D("60.00")


@pytest.mark.parametrize(
    ("rows", "field", "message"),
    [
        ([("", "", "")], "upper_1", "请至少填写一档"),
        ([("4000", "0.5", ""), ("4000", "1", ""), ("", "2", "")], "upper_2", "大于上一档"),
        ([("4000", "0.5", ""), ("3000", "1", ""), ("", "2", "")], "upper_2", "大于上一档"),
        ([("4000", "0.5", ""), ("", "1", ""), ("", "2", "")], "upper_2", "须留空"),
        ([("4000", "0.5", ""), ("8000", "1", "")], "upper_2", "须留空"),
        ([("-1", "0.5", ""), ("", "1", "")], "upper_1", "大于上一档"),
        ([("4000", "100.01", ""), ("", "1", "")], "percent_1", "0 到 100"),
        ([("4000", "-1", ""), ("", "1", "")], "percent_1", "0 到 100"),
        ([("4000", "abc", ""), ("", "1", "")], "percent_1", "0 到 100"),
        ([("4000", "0.5", "3"), ("", "1", "")], "percent_1", "二者只填一项"),
        ([("4000", "", ""), ("", "1", "")], "percent_1", "二者只填一项"),
        ([("", "", "x")], "amount_1", "金额不正确"),
    ],
)
def test_a_bad_table_is_refused_on_its_field_and_nothing_stored(company, rows, field, message):
    before = DuesRate.objects.count()  # the 2008 rows of the data migration
    with pytest.raises(DomainError) as e:
        _add(company, rows=rows)
    assert e.value.field == field and message in str(e.value.message)
    assert DuesRate.objects.count() == before


def test_rates_of_0_and_100_percent_and_a_fixed_amount_are_accepted(company):
    _add(company, rows=[("1000", "0", ""), ("", "100", "")])
    _add(company, rows=[("", "", "0.5")], kind="no_income")
    assert DuesRate.objects.filter(start_on__year=NEXT).count() == 3


def test_a_year_already_computed_is_never_changed(company):
    this = timezone.localdate().year
    base(company, income="6000", year=this)
    before = DuesRate.objects.count()
    for start in (date(this, 1, 1), date(this - 1, 6, 1)):
        with pytest.raises(DomainError) as e:
            _add(company, start=start)
        assert e.value.status == 409 and e.value.field == "start_on"
        assert f"{this} 年的党费已按现行标准计算" in str(e.value.message)
    assert DuesRate.objects.count() == before
    # From 2 January it touches next year's bases only: accepted. A retired table too.
    _add(company, start=date(this, 1, 2))
    _add(company, start=date(this, 1, 1), kind="retired", rows=[("", "1", "")])
    assert DuesRate.objects.count() == before + 4


def test_a_version_not_yet_applied_is_replaced_whole(company):
    _add(company)
    _add(company, rows=[("5000", "1", ""), ("", "2", "")])
    new = DuesRate.objects.filter(start_on__year=NEXT).order_by("pk")
    assert list(new.values_list("upper", flat=True)) == [
        D("5000.00"),
        None,
    ]


def test_only_the_committee_edits(company):
    with pytest.raises(Forbidden):
        _add(company, actor="shuji")
    assert not DuesRate.objects.filter(start_on__year=NEXT).exists()


def test_the_page_keeps_what_was_typed_and_shows_the_history(client, login, company):
    login("shuji")
    assert client.get("/dues/rates/new/").status_code == 403
    assert b"standard-new" not in client.get("/dues/rates/").content
    login("dangwei")
    page = client.get("/dues/rates/new/")
    assert page.status_code == 200 and 'value="3000.00"' in page.content.decode()  # in force
    body = {
        "kind": "salary",
        "start_on": f"{NEXT}-01-01",
        "upper_1": "4000",
        "percent_1": "0.5",
        "upper_2": "3999",
        "percent_2": "1",
        "percent_3": "2",
    }
    r = client.post("/dues/rates/new/", body)
    text = r.content.decode()
    assert r.status_code == 400 and "第 2 档的月收入上限须是大于上一档上限的金额" in text
    assert 'value="3999"' in text
    assert not DuesRate.objects.filter(start_on__year=NEXT).exists()
    body["upper_2"] = "8000"
    r = client.post("/dues/rates/new/", body)
    assert r.status_code == 302 and DuesRate.objects.filter(start_on__year=NEXT).count() == 3
    history = client.get("/dues/rates/").content.decode()
    assert f"{NEXT}-01-01" in history and "2008-04-01" in history
