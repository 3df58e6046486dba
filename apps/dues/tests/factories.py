"""Test helpers of 党费: the 2008 standard's rows (the live server flushes the data
migration's), a base and a payment made through the services."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from apps.dues import services
from apps.dues.models import DuesRate
from apps.dues.standard import DEFAULT, DEFAULT_START


def standard_rows() -> None:
    """The default standard as rows (what migration 0002 seeds)."""
    if not DuesRate.objects.exists():
        DuesRate.objects.bulk_create(
            DuesRate(
                kind=b.kind,
                upper=b.upper,
                percent=b.percent,
                amount=b.amount,
                start_on=DEFAULT_START,
            )
            for b in DEFAULT
        )


def base(company, key="shuji", income="6000", year=None, actor="dangwei", kind="salary"):
    return services.base_save(
        actor=company.users[actor],
        person=company.people[key],
        year=year or timezone.localdate().year,
        income=income,
        kind=kind,
    )


def pay(company, key="shuji", month=1, year=None, actor="shuji", branch="branch1", **kw):
    kw.setdefault("method", "cash")
    if "paid_on" not in kw:
        kw["paid_on"] = date(year or timezone.localdate().year, month, 5)
    return services.payment_record(
        actor=company.users[actor],
        branch=company.units[branch],
        person=company.people[key],
        year=year or timezone.localdate().year,
        month=month,
        **kw,
    )


YUAN = Decimal
