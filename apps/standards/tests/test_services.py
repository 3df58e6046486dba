"""The workflow: open a round → the branch self-checks and submits (judged items filled from
records) → the reviewer scores and finalizes, or returns it. Every refused step says why."""

from decimal import Decimal

import pytest

from apps.core.errors import DomainError, Forbidden
from apps.core.models import Notification
from apps.standards import services
from apps.standards.choices import ReviewStatus, RoundStatus
from apps.standards.models import BranchReview, Checklist, ReviewItem
from apps.supervision.models import SupervisedItem

from .factories import exe_as_pdf, make_checklist, open_round, pdf, photo

S = ReviewStatus


def _items(review):
    return {ri.item.title: ri for ri in review.items.select_related("item")}


def _fill(company, review, *, files=True, score="45"):
    rows = _items(review)
    manual = rows["党员活动室标识统一"]
    meetings = rows["三会一课按规定频次召开"]
    entries = {
        manual.pk: {"score": score, "note": "已完成", "files": [photo()] if files else []},
        meetings.pk: {"score": "30", "note": "按月召开"},
    }
    return services.review_save_self(actor=company.users["shuji"], review=review, entries=entries)


def test_round_opens_a_self_check_for_every_branch_under_the_unit(company, rnd):
    branches = set(rnd.reviews.values_list("branch__name", flat=True))
    assert branches == {"生产一支部", "技术支部"}
    assert ReviewItem.objects.filter(review__round=rnd).count() == 2 * 4
    items = SupervisedItem.objects.filter(kind="standard_review", closed_at=None)
    assert items.count() == 2


def test_round_refusals(company, checklist):
    with pytest.raises(Forbidden):
        open_round_as(company, "shuji", checklist)
    empty = Checklist.objects.create(year=checklist.year + 1)
    with pytest.raises(DomainError) as e:
        open_round(company, empty)
    assert e.value.code == "empty_checklist"
    open_round(company, checklist)
    with pytest.raises(DomainError) as e:
        open_round(company, checklist)
    assert e.value.code == "period_taken"
    with pytest.raises(DomainError) as e:
        open_round(company, checklist, unit_key="prod")
    assert e.value.code == "no_branches"


def open_round_as(company, username, checklist):
    from datetime import date, timedelta

    from django.utils import timezone

    return services.round_open(
        actor=company.users[username],
        checklist=checklist,
        unit=company.units["party"],
        title="x",
        period_start=date(checklist.year, 2, 1),
        period_end=date(checklist.year, 2, 28),
        deadline=timezone.localdate() + timedelta(days=3),
    )


def test_submit_fills_judged_items_and_treats_unregistered_judges_as_manual(company, review1):
    _fill(company, review1)
    services.review_submit(actor=company.users["shuji"], review=review1)
    review1.refresh_from_db()
    assert review1.status == S.SUBMITTED
    rows = _items(review1)
    committee, roster = rows["支部委员会配备齐全"], rows["党员名册信息完整"]
    assert committee.judged and committee.judge_passed and committee.score == 10
    # 王建国's membership has no 入党日期 and no 转正日期: the roster is incomplete.
    assert roster.judged and roster.judge_passed is False and roster.score == 0
    assert "缺入党日期 1" in roster.judge_note and "branch=" in roster.judge_url
    # "elsewhere.not_installed" names a judge no installed app registers: a manual item.
    meetings = rows["三会一课按规定频次召开"]
    assert not meetings.judged and meetings.self_score == 30
    assert review1.self_score == Decimal("85")  # 10 + 0 + 30 + 45
    assert SupervisedItem.objects.get(object_id=review1.pk).closed_at is not None


def test_submit_needs_every_manual_self_score_and_the_evidence(company, review1):
    with pytest.raises(DomainError) as e:
        services.review_submit(actor=company.users["shuji"], review=review1)
    assert e.value.code == "self_incomplete"
    _fill(company, review1, files=False)
    with pytest.raises(DomainError) as e:
        services.review_submit(actor=company.users["shuji"], review=review1)
    assert e.value.code == "evidence_required" and "照片" in str(e.value.message)


@pytest.mark.parametrize("score", ["51", "-1", "abc", "0.3", "nan"])
def test_self_score_out_of_range_is_refused_and_nothing_is_stored(company, review1, score):
    with pytest.raises(DomainError) as e:
        _fill(company, review1, score=score)
    assert e.value.field.startswith("score_")
    assert not ReviewItem.objects.filter(review=review1, self_score__isnull=False).exists()


def test_wrong_upload_type_is_refused(company, review1):
    ri = _items(review1)["党员活动室标识统一"]
    with pytest.raises(DomainError) as e:
        services.review_save_self(
            actor=company.users["shuji"],
            review=review1,
            entries={ri.pk: {"score": "50", "files": [exe_as_pdf()]}},
        )
    assert e.value.field == f"files_{ri.pk}"
    ok = services.review_save_self(
        actor=company.users["shuji"],
        review=review1,
        entries={ri.pk: {"score": "50", "files": [pdf()]}},
    )
    assert ok.status == S.DRAFT


def test_auto_items_take_no_self_score(company, review1):
    ri = _items(review1)["支部委员会配备齐全"]
    with pytest.raises(DomainError) as e:
        services.review_save_self(
            actor=company.users["shuji"], review=review1, entries={ri.pk: {"score": "10"}}
        )
    assert e.value.code == "auto_item"


def test_only_the_branch_fills_its_self_check(company, review1):
    for username in ("tech_shuji", "dangwei", "bumen"):
        with pytest.raises(Forbidden):
            _fill_as(company, review1, username)


def _fill_as(company, review, username):
    services.review_save_self(actor=company.users[username], review=review, entries={})


def test_review_of_a_self_check_not_submitted_is_refused(company, review1):
    for fn in (
        lambda: services.review_score(actor=company.users["dangwei"], review=review1, scores={}),
        lambda: services.review_finalize(actor=company.users["dangwei"], review=review1),
        lambda: services.review_return(
            actor=company.users["dangwei"], review=review1, comment="补材料"
        ),
    ):
        with pytest.raises(DomainError) as e:
            fn()
        assert e.value.code == "not_submitted" and e.value.status == 409


def _submitted(company, review):
    _fill(company, review)
    return services.review_submit(actor=company.users["shuji"], review=review)


def test_score_and_finalize(company, review1, django_capture_on_commit_callbacks):
    _submitted(company, review1)
    rows = _items(review1)
    manual, meetings = rows["党员活动室标识统一"], rows["三会一课按规定频次召开"]
    with pytest.raises(DomainError) as e:
        services.review_finalize(actor=company.users["dangwei"], review=review1)
    assert e.value.code == "unscored"
    with pytest.raises(DomainError) as e:
        services.review_score(
            actor=company.users["dangwei"], review=review1, scores={manual.pk: {"score": "40"}}
        )
    assert e.value.code == "reason_required" and e.value.field == f"reason_{manual.pk}"
    with pytest.raises(DomainError) as e:
        services.review_score(
            actor=company.users["dangwei"], review=review1, scores={manual.pk: {"score": "60"}}
        )
    assert e.value.code == "score_out_of_range"
    services.review_score(
        actor=company.users["dangwei"],
        review=review1,
        scores={
            manual.pk: {"score": "50"},
            meetings.pk: {"score": "28", "reason": "2 月支委会未开"},
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.review_finalize(actor=company.users["dangwei"], review=review1, comment="较好")
    review1.refresh_from_db()
    # 10 (committee) + 0 (roster) + 28 + 50 = 88 < 90
    assert review1.status == S.FINALIZED and review1.score == Decimal("88")
    assert review1.passed is False
    assert Notification.objects.filter(user=company.users["shuji"], title__contains="88").exists()


def test_passes_at_the_threshold(company, review1):
    review1.round.checklist.threshold = Decimal("88")
    review1.round.checklist.save()
    _submitted(company, review1)
    rows = _items(review1)
    services.review_score(
        actor=company.users["dangwei"],
        review=review1,
        scores={
            rows["党员活动室标识统一"].pk: {"score": "50"},
            rows["三会一课按规定频次召开"].pk: {"score": "28", "reason": "缺一次"},
        },
    )
    services.review_finalize(actor=company.users["dangwei"], review=review1)
    review1.refresh_from_db()
    assert review1.score == Decimal("88") and review1.passed


def test_return_and_resubmit(company, review1, gb_shuji):
    _submitted(company, review1)
    with pytest.raises(DomainError) as e:
        services.review_return(actor=gb_shuji, review=review1, comment="  ")
    assert e.value.code == "required"
    services.review_return(actor=gb_shuji, review=review1, comment="补充活动照片")
    review1.refresh_from_db()
    assert review1.status == S.RETURNED and review1.returned_count == 1
    assert (
        SupervisedItem.objects.get(object_id=review1.pk, kind="standard_review").closed_at is None
    )
    services.review_submit(actor=company.users["shuji"], review=review1)
    review1.refresh_from_db()
    assert review1.status == S.SUBMITTED


def test_who_reviews(company, rnd, gb_shuji):
    r1 = rnd.reviews.get(branch=company.units["branch1"])
    r2 = rnd.reviews.get(branch=company.units["branch2"])
    _submitted(company, r1)
    for username in ("shuji", "tech_shuji", "bumen"):
        with pytest.raises(Forbidden):
            services.review_score(actor=company.users[username], review=r1, scores={})
    services.review_score(actor=gb_shuji, review=r1, scores={})  # the general branch above
    with pytest.raises(Forbidden):  # 技术支部 is not under 生产党总支
        services.review_return(actor=gb_shuji, review=r2, comment="x")


def test_refresh_follows_the_roster(company, review1):
    _submitted(company, review1)
    m = company.people["shuji"].party_membership
    from datetime import date

    m.joined_on, m.confirmed_on = date(2010, 7, 1), date(2011, 7, 1)
    m.save()
    services.review_refresh(actor=company.users["shuji"], review=review1)
    roster = _items(review1)["党员名册信息完整"]
    assert roster.judge_passed and roster.score == 10


def test_closed_round_refuses_changes(company, rnd, review1):
    services.round_close(actor=company.users["dangwei"], round=rnd)
    assert rnd.__class__.objects.get(pk=rnd.pk).status == RoundStatus.CLOSED
    with pytest.raises(DomainError) as e:
        _fill(company, review1)
    assert e.value.code == "round_closed"
    assert not SupervisedItem.objects.filter(kind="standard_review", closed_at=None).exists()
    with pytest.raises(DomainError):
        services.round_close(actor=company.users["dangwei"], round=rnd)


def test_checklist_copy(company, checklist):
    new = services.checklist_copy(actor=company.users["dangwei"], to_year=checklist.year + 1)
    assert new.items.count() == 4 and new.threshold == checklist.threshold
    assert set(new.items.values_list("judge", flat=True)) == set(
        checklist.items.values_list("judge", flat=True)
    )
    with pytest.raises(DomainError) as e:
        services.checklist_copy(actor=company.users["dangwei"], to_year=checklist.year + 1)
    assert e.value.code == "year_exists"
    with pytest.raises(DomainError) as e:
        services.checklist_copy(actor=company.users["dangwei"], to_year=1999 + 200)
    assert e.value.code == "no_source"
    with pytest.raises(Forbidden):
        services.checklist_copy(actor=company.users["shuji"], to_year=checklist.year + 2)


def test_branch_reviews_are_unique_per_round(company, rnd):
    assert BranchReview.objects.filter(round=rnd).count() == 2
    make_checklist(year=rnd.checklist.year + 1)


def test_a_committee_member_fills_too(company, review1):
    from apps.accounts.choices import Role
    from apps.accounts.models import RoleAssignment, User

    member = User.objects.create_user(username="weiyuan")
    RoleAssignment.objects.create(
        user=member, role=Role.BRANCH_COMMITTEE, unit=company.units["branch1"]
    )
    services.review_save_self(actor=member, review=review1, entries={})
    with pytest.raises(Forbidden):
        services.review_save_self(
            actor=member, review=review1.round.reviews.exclude(pk=review1.pk).get(), entries={}
        )


def test_reminders_before_the_deadline_once(company, rnd, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from apps.core import periodic

    assert services.standards_remind in periodic.hooks()
    early = timezone.now()  # the deadline is ten days away: nothing yet
    assert services.standards_remind(now=early) == 0
    near = early + timedelta(days=8)
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.standards_remind(now=near) == 2
    sent = Notification.objects.filter(title__contains="将于")
    assert {n.user.username for n in sent} == {"shuji", "tech_shuji"} and sent.count() == 2
