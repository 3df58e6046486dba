"""The 党费 standard at each bracket's edge, the one rounding rule, and the fallback."""

from datetime import date
from decimal import Decimal

import pytest

from apps.dues.models import DuesRate
from apps.dues.standard import DEFAULT, monthly_due, parse_yuan, standard_on, to_fen

D = Decimal


@pytest.mark.parametrize(
    ("income", "due"),
    [
        ("0", "0.00"),
        ("2999.99", "15.00"),  # 0.5%: 14.99995 → 15.00
        ("3000", "15.00"),  # 3000 exactly: still 0.5% (含 3000 元)
        ("3000.01", "30.00"),  # just above: 1%
        ("3001", "30.01"),
        ("5000", "50.00"),  # 5000 exactly: still 1%
        ("5000.01", "75.00"),  # 1.5%
        ("10000", "150.00"),  # 10000 exactly: still 1.5%
        ("10000.01", "200.00"),  # 2%
        ("12345.67", "246.91"),  # 246.9134 → 246.91
    ],
)
def test_salary_brackets_at_their_edges(db, income, due):
    assert monthly_due(D(income), "salary", standard_on(date(2026, 1, 1))) == D(due)


@pytest.mark.parametrize(
    ("income", "due"),
    [
        ("4998", "24.99"),
        ("4999", "25.00"),
        ("5000", "25.00"),
        ("5000.01", "50.00"),
        ("8000", "80.00"),
    ],
)
def test_retirees_brackets(db, income, due):
    assert monthly_due(D(income), "retired", standard_on(date(2026, 1, 1))) == D(due)


def test_students_and_no_income_pay_the_fixed_amount(db):
    assert monthly_due(D("0"), "no_income", standard_on(date(2026, 1, 1))) == D("0.20")
    assert monthly_due(D("800"), "no_income", standard_on(date(2026, 1, 1))) == D("0.20")


def test_fen_rounding_is_half_up():
    assert to_fen(D("5.005")) == D("5.01")
    assert to_fen(D("5.0049")) == D("5.00")
    assert to_fen(D("0.125")) == D("0.13")  # banker's rounding would give 0.12


def test_the_data_migration_seeded_the_default_rows(db):
    assert DuesRate.objects.count() == len(DEFAULT)
    assert set(standard_on(date(2026, 1, 1))) == set(DEFAULT)


def test_no_rows_at_all_falls_back_to_the_2008_defaults(db):
    DuesRate.objects.all().delete()
    assert standard_on(date(2026, 1, 1)) == DEFAULT
    assert monthly_due(D("4000"), "salary", standard_on(date(2026, 1, 1))) == D("40.00")


def test_a_new_standard_applies_from_its_start_day_and_only_to_its_kind(db):
    DuesRate.objects.create(kind="no_income", amount=D("0.50"), start_on=date(2026, 7, 1))
    before, after = standard_on(date(2026, 6, 30)), standard_on(date(2026, 7, 1))
    assert monthly_due(D("0"), "no_income", before) == D("0.20")
    assert monthly_due(D("0"), "no_income", after) == D("0.50")
    # The salary rows stay those of 2008.
    assert monthly_due(D("6000"), "salary", after) == D("90.00")


@pytest.mark.parametrize("bad", ["-1", "abc", "", None, "NaN", "1e99", "12.345", "Infinity"])
def test_an_income_that_is_negative_or_not_a_number_is_none(bad):
    assert parse_yuan(bad) is None


@pytest.mark.parametrize(
    ("typed", "value"),
    [("6000", "6000.00"), ("6,000.5", "6000.50"), ("6000元", "6000.00"), (4321.5, "4321.50")],
)
def test_typed_amounts_read_as_yuan(typed, value):
    assert parse_yuan(typed) == D(value)
