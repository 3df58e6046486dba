"""The 党费 rules at their edges: each refusal with its Chinese message and nothing stored."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.errors import DomainError, Forbidden
from apps.core.models import Notification
from apps.dues import services
from apps.dues.models import DuesBase, DuesPayment, DuesRelief, DuesRemittance
from apps.dues.selectors import arrears_rows, lapsed_rows

from .factories import base, pay

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = timezone.localdate().year


@pytest.mark.parametrize("bad", ["-100", "abc", "", "1,2,3x", "NaN"])
def test_an_income_negative_or_not_a_number_is_refused_and_nothing_stored(company, bad):
    with pytest.raises(DomainError) as e:
        base(company, income=bad)
    assert e.value.field == "income"
    assert "月收入基数须是不小于 0 的数字" in str(e.value.message)
    assert not DuesBase.objects.exists()


def test_a_base_gives_the_monthly_dues_and_a_correction_replaces_it(company):
    b = base(company, income="5000")
    assert b.monthly_due == D("50.00") and b.branch == company.units["branch1"]
    again = base(company, income="5000.01")
    assert again.pk == b.pk and again.monthly_due == D("75.00")
    assert DuesBase.objects.count() == 1


def test_a_non_member_has_no_base(company):
    with pytest.raises(DomainError) as e:
        base(company, key="zhigong")
    assert "不是" in str(e.value.message)
    assert not DuesBase.objects.exists()


def test_a_secretary_records_only_for_their_branch(company):
    with pytest.raises(Forbidden):
        base(company, key="tech_worker", actor="shuji")
    assert not DuesBase.objects.exists()


def test_a_payment_defaults_to_what_is_due_and_tells_the_member(
    company, django_capture_on_commit_callbacks
):
    base(company, income="6000")
    with django_capture_on_commit_callbacks(execute=True):
        p = pay(company, month=1)
    assert p.amount == D("90.00") and p.on_time
    assert Notification.objects.filter(user=company.users["shuji"]).count() == 1


def test_a_payment_for_a_month_already_paid_is_refused(company):
    base(company)
    pay(company, month=3)
    with pytest.raises(DomainError) as e:
        pay(company, month=3, method="transfer")
    assert e.value.status == 409
    assert f"{YEAR} 年 3 月的党费已交纳" in str(e.value.message)
    assert DuesPayment.objects.count() == 1


def test_a_member_not_in_the_branch_is_refused(company):
    base(company, key="tech_worker")
    with pytest.raises(DomainError) as e:
        pay(company, key="tech_worker", actor="dangwei", branch="branch1")
    assert str(e.value.message) == "“陈静”不是“生产一支部”的党员。"
    assert not DuesPayment.objects.exists()


def test_less_than_due_is_refused_more_is_welcome(company):
    base(company, income="6000")
    with pytest.raises(DomainError) as e:
        pay(company, month=2, amount="89.99")
    assert "应交 90.00 元" in str(e.value.message)
    assert pay(company, month=2, amount="100").amount == D("100.00")


def test_a_payment_on_someone_s_behalf_names_the_payer(company):
    base(company)
    with pytest.raises(DomainError) as e:
        pay(company, month=4, method="proxy")
    assert e.value.field == "payer"
    assert pay(company, month=4, method="proxy", payer="配偶").payer == "配偶"


def test_a_payment_after_its_month_is_late(company):
    base(company)
    p = pay(company, month=1, paid_on=date(YEAR, 2, 1))
    assert not p.on_time


def test_a_payment_without_a_base_asks_for_it(company):
    with pytest.raises(DomainError) as e:
        pay(company, month=1)
    assert "还没有" in str(e.value.message)


def test_bad_month_and_amount(company):
    base(company)
    with pytest.raises(DomainError):
        pay(company, month=13, paid_on=None)
    with pytest.raises(DomainError) as e:
        pay(company, month=1, amount="abc")
    assert e.value.field == "amount"
    assert not DuesPayment.objects.exists()


def test_an_exemption_approved_by_the_committee_settles_its_months(company):
    base(company, income="6000")
    pay(company, month=2)
    relief = services.relief_request(
        actor=company.users["shuji"],
        person=company.people["shuji"],
        year=YEAR,
        month_from=1,
        month_to=3,
        kind="exempt",
        reason="因病休养",
    )
    with pytest.raises(Forbidden):
        services.relief_decide(actor=company.users["shuji"], relief=relief, approve=True)
    services.relief_decide(actor=company.users["dangwei"], relief=relief, approve=True)
    months = dict(DuesPayment.objects.values_list("month", "method"))
    assert months == {1: "exempt", 2: "cash", 3: "exempt"}
    with pytest.raises(DomainError) as e:
        pay(company, month=1)
    assert e.value.status == 409


def test_a_reduction_lowers_what_is_due(company):
    base(company, income="6000")
    relief = services.relief_request(
        actor=company.users["shuji"],
        person=company.people["shuji"],
        year=YEAR,
        month_from=5,
        month_to=6,
        kind="reduce",
        amount="10",
        reason="家庭困难",
    )
    with pytest.raises(DomainError):  # the same months again
        services.relief_request(
            actor=company.users["shuji"],
            person=company.people["shuji"],
            year=YEAR,
            month_from=6,
            month_to=7,
            kind="exempt",
            reason="再次申请",
        )
    services.relief_decide(actor=company.users["dangwei"], relief=relief, approve=True)
    assert pay(company, month=5).amount == D("10.00")
    assert pay(company, month=7).amount == D("90.00")
    assert DuesRelief.objects.count() == 1


def test_a_remittance_must_reconcile_to_the_fen(company):
    base(company, income="6000")
    pay(company, month=1)
    pay(company, month=2, amount="100.5")
    branch = company.units["branch1"]
    with pytest.raises(DomainError) as e:
        services.remittance_submit(actor=company.users["shuji"], branch=branch, amount="190.49")
    assert "与 2 笔未上缴党费合计 190.50 元不符" in str(e.value.message)
    assert not DuesRemittance.objects.exists()
    assert DuesPayment.objects.filter(remittance__isnull=True).count() == 2
    r = services.remittance_submit(actor=company.users["shuji"], branch=branch, amount="190.50")
    assert r.count == 2 and r.amount == D("190.50")
    assert not DuesPayment.objects.filter(remittance__isnull=True).exists()
    with pytest.raises(DomainError):  # nothing left to remit
        services.remittance_submit(actor=company.users["shuji"], branch=branch, amount="0")
    with pytest.raises(Forbidden):
        services.remittance_confirm(actor=company.users["shuji"], remittance=r)
    assert services.remittance_confirm(actor=company.users["dangwei"], remittance=r).status == (
        "confirmed"
    )


def test_arrears_count_the_closed_months_not_settled(company):
    base(company)
    pay(company, month=1)
    pay(company, month=2)
    today = date(YEAR, 6, 15)  # January to May are due
    row = arrears_rows(DuesBase.objects.all(), today=today).get()
    assert row.owed == 3


def test_six_months_without_payment_is_flagged_and_a_pending_request_is_a_reason(company):
    base(company)
    pay(company, month=1)
    bases = DuesBase.objects.all()
    # Paid January; by 15 July, February–June are five closed months: not yet.
    assert not lapsed_rows(bases, today=date(YEAR, 7, 15), months=6).exists()
    # By 15 August, February–July: six months.
    assert lapsed_rows(bases, today=date(YEAR, 8, 15), months=6).exists()
    services.relief_request(
        actor=company.users["shuji"],
        person=company.people["shuji"],
        year=YEAR,
        month_from=2,
        month_to=7,
        kind="exempt",
        reason="长期病休",
    )
    assert not lapsed_rows(bases, today=date(YEAR, 8, 15), months=6).exists()


def test_the_reminder_pass_sends_once_a_month_from_its_day(
    company, django_capture_on_commit_callbacks
):
    base(company)
    pay(company, month=1)
    tz = timezone.get_current_timezone()
    early = datetime(YEAR, 8, 19, 9, tzinfo=tz)
    on_day = datetime(YEAR, 8, 20, 9, tzinfo=tz)
    assert services.dues_remind(now=early) == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.dues_remind(now=on_day)
    with django_capture_on_commit_callbacks(execute=True):
        services.dues_remind(now=on_day)  # the tick ran twice: nothing more
    member = Notification.objects.filter(user=company.users["shuji"])
    titles = sorted(member.values_list("title", flat=True))
    assert len(titles) == 2  # the member's arrears and, as secretary, the 党章第九条 flag
    assert any("个月的党费尚未交纳" in t for t in titles)
    assert any("连续 6 个月未交纳党费" in t for t in titles)
