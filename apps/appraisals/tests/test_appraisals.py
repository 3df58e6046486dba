import pytest

from apps.appraisals import selectors, services
from apps.appraisals.choices import AppraisalStatus, Grade
from apps.appraisals.models import AppraisalVote
from apps.core import indicators
from apps.core.errors import DomainError, Forbidden
from apps.orgs.models import PartyMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def appraisal(company):
    # 技术支部: 陈静 (tech_worker) and 刘芳 (dangwei) are its members.
    return services.appraisal_open(
        actor=company.users["dangwei"], branch=company.units["branch2"], year=2025
    )


def _entry(appraisal, person):
    return appraisal.entries.get(person=person)


def test_every_member_of_the_branch_is_on_the_list_and_a_year_is_appraised_once(company, appraisal):
    assert {e.person_id for e in appraisal.entries.all()} == set(
        PartyMembership.objects.filter(branch=company.units["branch2"]).values_list(
            "person_id", flat=True
        )
    )
    with pytest.raises(DomainError) as e:
        services.appraisal_open(
            actor=company.users["dangwei"], branch=company.units["branch2"], year=2025
        )
    assert e.value.code == "exists"


def test_a_member_votes_once_and_a_non_member_not_at_all(company, appraisal):
    member = company.users["dangwei"]  # 刘芳, a member of 技术支部
    entry = _entry(appraisal, company.people["tech_worker"])
    services.vote_cast(actor=member, appraisal=appraisal, grades={entry.pk: Grade.EXCELLENT})
    with pytest.raises(DomainError) as e:
        services.vote_cast(actor=member, appraisal=appraisal, grades={entry.pk: Grade.BASIC})
    assert e.value.code == "voted"
    with pytest.raises(Forbidden):  # 王建国 is of 生产一支部
        services.vote_cast(
            actor=company.users["shuji"], appraisal=appraisal, grades={entry.pk: Grade.BASIC}
        )
    assert AppraisalVote.objects.count() == 1


def test_a_ballot_with_one_bad_grade_is_stored_not_at_all(company, appraisal):
    a, b = appraisal.entries.all()
    with pytest.raises(DomainError) as e:
        services.vote_cast(
            actor=company.users["dangwei"],
            appraisal=appraisal,
            grades={a.pk: Grade.QUALIFIED, b.pk: "great"},
        )
    assert e.value.code == "bad_grade" and e.value.field == f"grade_{b.pk}"
    assert not AppraisalVote.objects.exists()


@pytest.mark.parametrize(
    ("grade", "needs_reason"), [(g, g in ("basic", "unqualified")) for g in Grade.values]
)
def test_the_last_two_grades_need_the_reasons(company, appraisal, grade, needs_reason):
    entry = _entry(appraisal, company.people["tech_worker"])
    actor = company.users["tech_shuji"]
    if needs_reason:
        with pytest.raises(DomainError) as e:
            services.grade_decide(actor=actor, entry=entry, grade=grade, reason="  ")
        assert e.value.code == "reason_required"
    services.grade_decide(
        actor=actor, entry=entry, grade=grade, reason="缺席组织生活三次" if needs_reason else ""
    )
    entry.refresh_from_db()
    assert entry.grade == grade


def test_only_the_member_writes_their_self_appraisal(company, appraisal):
    entry = _entry(appraisal, company.people["tech_worker"])
    with pytest.raises(Forbidden):
        services.self_appraisal_save(actor=company.users["dangwei"], entry=entry, self_text="代写")


def test_closing_needs_every_grade_and_the_results_feed_the_record_and_the_indicator(
    company, appraisal
):
    actor = company.users["tech_shuji"]
    with pytest.raises(DomainError) as e:
        services.appraisal_close(actor=actor, appraisal=appraisal)
    assert e.value.code == "undecided"
    worker, admin = company.people["tech_worker"], company.people["dangwei"]
    services.grade_decide(actor=actor, entry=_entry(appraisal, worker), grade=Grade.EXCELLENT)
    services.grade_decide(
        actor=actor, entry=_entry(appraisal, admin), grade=Grade.BASIC, reason="学习不够"
    )
    services.appraisal_close(actor=actor, appraisal=appraisal)
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.CLOSED
    assert selectors.person_grades(worker.pk)[0]["grade"] == Grade.EXCELLENT
    assert list(
        selectors.graded(user=actor, year=2025, grades=[Grade.EXCELLENT]).values_list(
            "person_id", flat=True
        )
    ) == [worker.pk]
    from datetime import date

    unit = company.units["party"]
    value = indicators.get("appraisals.qualified_rate").fn(
        units=[unit], start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert value[unit.pk].value == 50 and value[unit.pk].denominator == 2
    with pytest.raises(DomainError) as e:
        services.grade_decide(actor=actor, entry=_entry(appraisal, worker), grade=Grade.QUALIFIED)
    assert e.value.code == "closed"
