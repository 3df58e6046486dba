"""全年应交 and the arrears after reductions and exemptions: only approved ones count, for the
months they cover, in the branch ledger, the committee ledger, the arrears and a member's own."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.errors import DomainError
from apps.dues import selectors, services
from apps.dues.models import DuesBase, DuesRelief

from .factories import base, pay

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = timezone.localdate().year - 1  # a closed year: every month is due


def _ask(company, kind, month_from, month_to, amount=None, key="shuji"):
    return services.relief_request(
        actor=company.users["shuji"],
        person=company.people[key],
        year=YEAR,
        month_from=month_from,
        month_to=month_to,
        kind=kind,
        amount=amount,
        reason="家庭困难",
    )


def _decide(company, relief, approve=True):
    return services.relief_decide(
        actor=company.users["dangwei"], relief=relief, approve=approve, note="经研究"
    )


def _ledger(company):
    return selectors.branch_ledger(
        user=company.users["dangwei"], branch=company.units["branch1"], year=YEAR
    )


def _committee(company):
    data = selectors._committee_ledger(
        user=company.users["dangwei"], year=YEAR, today=timezone.localdate()
    )
    return next(r for r in data["rows"] if r["branch"] == company.units["branch1"])


def test_without_reliefs_the_year_is_twelve_months(company):
    base(company, income="6000", year=YEAR)  # 90.00 a month
    assert _ledger(company)["due"] == D("1080.00")
    assert _committee(company)["due"] == D("1080.00")


def test_a_reduction_for_part_of_the_year_counts_its_months_only(company):
    base(company, income="6000", year=YEAR)
    _decide(company, _ask(company, "reduce", 3, 5, amount="10"))
    # 9 months × 90 + 3 months × 10
    ledger = _ledger(company)
    row = next(r for r in ledger["rows"] if r.base)
    assert row.due == ledger["due"] == D("840.00")
    assert [c.due for c in row.cells][1:6] == [
        D("90.00"),
        D("10.00"),
        D("10.00"),
        D("10.00"),
        D("90"),
    ]
    assert _committee(company)["due"] == D("840.00")
    assert row.owed == 12 and row.owed_amount == D("840.00")


def test_the_first_and_last_month_edges(company):
    base(company, income="6000", year=YEAR)
    _decide(company, _ask(company, "reduce", 1, 1, amount="0.5"))
    _decide(company, _ask(company, "exempt", 12, 12))
    # 10 × 90 + 0.50 + 0
    assert _ledger(company)["due"] == D("900.50")
    assert _committee(company)["due"] == D("900.50")


def test_an_exemption_takes_its_months_off_and_settles_them(company):
    base(company, income="6000", year=YEAR)
    pay(company, month=1, year=YEAR)
    _decide(company, _ask(company, "exempt", 1, 6))
    # January was paid before the approval: it stays paid, but asks nothing any more.
    ledger = _ledger(company)
    row = next(r for r in ledger["rows"] if r.base)
    assert ledger["due"] == D("540.00") == _committee(company)["due"]
    assert [c.state for c in row.cells][:7] == ["paid"] + ["exempt"] * 5 + ["owed"]
    assert row.owed == 6 and row.owed_amount == D("540.00")
    assert row.paid == D("90.00")


def test_a_pending_or_refused_request_changes_nothing(company):
    base(company, income="6000", year=YEAR)
    _ask(company, "exempt", 1, 6)  # pending
    refused = _ask(company, "reduce", 7, 12, amount="1")
    _decide(company, refused, approve=False)
    assert _ledger(company)["due"] == D("1080.00")
    assert _committee(company)["due"] == D("1080.00")


def test_arrears_amount_and_my_dues_follow_the_reduction(company):
    this = timezone.localdate().year
    b = base(company, income="6000")
    relief = services.relief_request(
        actor=company.users["shuji"],
        person=company.people["shuji"],
        year=this,
        month_from=1,
        month_to=2,
        kind="reduce",
        amount="20",
        reason="家庭困难",
    )
    _decide(company, relief)
    today = date(this, 4, 10)  # January–March late
    rows = selectors.arrears_rows(DuesBase.objects.filter(pk=b.pk), today=today)
    (row,) = selectors.with_owed_amounts(rows, today=today)
    assert row.owed == 3 and row.owed_amount == D("130.00")
    mine = selectors.my_dues(user=company.users["shuji"], year=this, today=today)
    assert mine["due"] == D("940.00") and mine["owed_amount"] == D("130.00")


def test_the_branch_page_and_the_api_show_the_reduced_year(client, login, company):
    base(company, income="6000", year=YEAR)
    _decide(company, _ask(company, "exempt", 1, 12))
    login("shuji")
    page = client.get(f"/dues/branches/{company.units['branch1'].pk}/?year={YEAR}")
    assert 'data-figure="due">0.00<' in page.content.decode()
    r = client.get(f"/api/v1/dues/branches/{company.units['branch1'].pk}/ledger?year={YEAR}")
    assert r.json()["due"] == "0.00"
    assert next(x for x in r.json()["rows"] if x["monthly_due"])["due"] == "0.00"


def test_a_reduction_to_nothing_is_refused_as_an_exemption(company):
    base(company, income="6000", year=YEAR)
    with pytest.raises(DomainError) as e:
        _ask(company, "reduce", 1, 3, amount="0")
    assert e.value.code == "dues_relief_zero" and "免交" in e.value.message
    assert not DuesRelief.objects.exists()
    assert _ask(company, "exempt", 1, 3).kind == "exempt"
