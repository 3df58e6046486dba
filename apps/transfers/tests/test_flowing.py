from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core import participation
from apps.core.errors import DomainError
from apps.core.indicators import bounds
from apps.transfers import services
from apps.transfers.choices import FlowDirection

pytestmark = pytest.mark.django_db


def _out(company, **kw):
    today = timezone.localdate()
    fields = {
        "direction": FlowDirection.OUT,
        "branch": company.units["branch1"],
        "person": company.people["shuji"],
        "place": "广东省深圳市",
        "place_org": "中共深圳市宝安区流动党员党委",
        "start_on": today - timedelta(days=60),
        "end_on": today + timedelta(days=120),
        "contact": "李书记 13900000000",
        "certificate_no": "LD2026001",
        **kw,
    }
    return services.flowing_register(actor=company.users["shuji"], **fields)


def test_their_study_where_they_are_counts_for_them_in_theory_coverage(company):
    member = _out(company)
    today = timezone.localdate()
    services.activity_record(
        actor=company.users["shuji"],
        member=member,
        kind="study",
        day=today - timedelta(days=3),
        title="参加流入地支部主题党日",
        hours=Decimal("2"),
    )
    source = participation.sources()["transfers.flowing"]
    lo, hi = bounds(today - timedelta(days=30), today)
    assert list(source(start=lo, end=hi)) == [{"member__person_id": company.people["shuji"].pk}]
    lo, hi = bounds(today - timedelta(days=60), today - timedelta(days=31))
    assert not source(start=lo, end=hi).exists()


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"person": None}, "flow_person"),
        ({"certificate_no": "  "}, "required"),
        ({"end_on": timezone.localdate() - timedelta(days=90)}, "flow_dates"),
    ],
)
def test_a_registration_missing_what_it_needs_is_refused(company, kw, code):
    with pytest.raises(DomainError) as e:
        _out(company, **kw)
    assert e.value.code == code


def test_a_certificate_number_is_registered_once_and_an_in_coming_member_needs_only_a_name(
    company,
):
    _out(company)
    with pytest.raises(DomainError) as e:
        _out(company, person=None, direction=FlowDirection.IN, name="周强")
    assert e.value.code == "certificate_taken"
    member = _out(
        company, person=None, direction=FlowDirection.IN, name="周强", certificate_no="LD9"
    )
    assert member.name == "周强" and member.person is None


def test_an_activity_before_the_registration_or_of_too_many_hours_is_refused(company):
    member = _out(company)
    for kw, code in (
        ({"day": member.start_on - timedelta(days=1)}, "activity_day"),
        ({"day": timezone.localdate(), "hours": Decimal("30")}, "hours"),
    ):
        with pytest.raises(DomainError) as e:
            services.activity_record(
                actor=company.users["shuji"], member=member, kind="meeting", title="会", **kw
            )
        assert e.value.code == code
