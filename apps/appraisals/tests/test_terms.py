from datetime import date, datetime, time

import pytest
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.appraisals import services
from apps.appraisals.choices import CommitteeStatus, Post
from apps.appraisals.models import Committee, TermSettings
from apps.core.errors import DomainError
from apps.core.models import Notification
from apps.orgs.models import PartyMembership
from apps.supervision.models import SupervisedItem

pytestmark = pytest.mark.django_db


def _at(day: date):
    return timezone.make_aware(datetime.combine(day, time(9)))


def test_a_term_is_three_years_for_a_branch_five_for_a_committee_and_editable(company):
    admin, u = company.users["dangwei"], company.units
    branch = services.committee_register(
        actor=admin, unit=u["branch1"], elected_on=date(2024, 3, 1)
    )
    party = services.committee_register(actor=admin, unit=u["party"], elected_on=date(2024, 3, 1))
    assert (branch.ends_on, party.ends_on) == (date(2027, 3, 1), date(2029, 3, 1))
    TermSettings.objects.create(branch_years=5)
    assert services.committee_register(
        actor=admin, unit=u["branch2"], elected_on=date(2024, 3, 1)
    ).ends_on == date(2029, 3, 1)
    with pytest.raises(DomainError) as e:
        services.committee_register(actor=admin, unit=u["prod"], elected_on=date(2024, 3, 1))
    assert e.value.code == "not_party_unit"


def test_reminders_six_and_one_months_before_the_end_once_each_then_overdue_is_supervised(
    company, django_capture_on_commit_callbacks
):
    c = services.committee_register(
        actor=company.users["dangwei"], unit=company.units["branch1"], elected_on=date(2024, 3, 1)
    )
    days = {  # the frozen clock: the day before each threshold and the day of it
        date(2026, 8, 31): 0,
        date(2026, 9, 1): 1,
        date(2026, 9, 2): 1,
        date(2027, 1, 31): 1,
        date(2027, 2, 1): 2,
        date(2027, 3, 1): 2,
    }
    for day, expected in days.items():
        with django_capture_on_commit_callbacks(execute=True):
            services.terms_remind(now=_at(day))
        sent = Notification.objects.filter(
            user=company.users["shuji"], dedupe_key__startswith=f"term:{c.pk}:"
        )
        assert sent.count() == expected, day
    assert Notification.objects.filter(
        user=company.users["dangwei"], dedupe_key=f"term:{c.pk}:6"
    ).exists()
    assert not SupervisedItem.objects.filter(kind=services.KIND).exists()
    services.terms_remind(now=_at(date(2027, 3, 2)))
    item = SupervisedItem.objects.get(kind=services.KIND, object_id=c.pk)
    assert item.owner_unit == company.units["branch1"] and item.closed_at is None


def _ballot(company, **kw):
    p = company.people
    fields = {
        "unit": company.units["branch2"],
        "held_on": timezone.localdate(),
        "electors": 10,
        "present": 9,
        "candidates": [(p["tech_worker"], Post.SECRETARY, 8), (p["dangwei"], Post.MEMBER, 5)],
        **kw,
    }
    return services.election_record(actor=company.users["dangwei"], **fields)


def test_the_election_grants_the_elected_their_roles_and_ends_the_old_term(company):
    from apps.accounts.models import User

    old = services.committee_register(
        actor=company.users["dangwei"], unit=company.units["branch2"], elected_on=date(2023, 1, 1)
    )
    services.terms_remind(now=_at(date(2026, 6, 1)))  # overdue: under supervision
    User.objects.create_user(
        username="chenjing", password="x", person=company.people["tech_worker"]
    )
    new = _ballot(company)
    old.refresh_from_db()
    assert old.status == CommitteeStatus.ENDED and new.status == CommitteeStatus.CURRENT
    assert SupervisedItem.objects.get(object_id=old.pk, kind=services.KIND).closed_at is not None
    roles = set(
        RoleAssignment.objects.filter(unit=company.units["branch2"]).values_list(
            "user__person__name", "role"
        )
    )
    assert ("陈静", Role.BRANCH_SECRETARY) in roles and ("刘芳", Role.BRANCH_COMMITTEE) in roles
    # The secretary before the election, not elected, no longer holds the role.
    assert not RoleAssignment.objects.filter(
        user=company.users["tech_shuji"], unit=company.units["branch2"]
    ).exists()


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"present": 8}, "quorum"),  # 8 of 10 is not more than four fifths
        ({"present": 11}, "electors"),
        ({"candidates": []}, "no_candidates"),
    ],
)
def test_a_ballot_breaking_the_rules_is_refused_and_nothing_is_stored(company, kw, code):
    with pytest.raises(DomainError) as e:
        _ballot(company, **kw)
    assert e.value.code == code
    assert not Committee.objects.exists()


def test_a_majority_of_those_present_elects_and_candidates_are_full_members(company):
    p = company.people
    # 9 present: 4 votes is not more than half, so the secretary is not elected.
    with pytest.raises(DomainError) as e:
        _ballot(
            company,
            candidates=[(p["tech_worker"], Post.SECRETARY, 4), (p["dangwei"], Post.MEMBER, 5)],
        )
    assert e.value.code == "one_secretary"
    PartyMembership.objects.filter(person=p["dangwei"]).update(kind="probationary")
    with pytest.raises(DomainError) as e:
        _ballot(company)
    assert e.value.code == "not_member"
