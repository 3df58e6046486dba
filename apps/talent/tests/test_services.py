from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core import talentpool
from apps.core.errors import DomainError, Forbidden

from .. import selectors, services
from ..choices import AwardStatus, BrandKind, HonourKind, PoolSource
from ..models import Award, Brand, Contest, Entrant, Honour, Mentorship, RoundScore, TalentEntry
from . import factories as f

pytestmark = pytest.mark.django_db


def _code(exc) -> str:
    return exc.value.code


def test_default_levels_are_seeded_in_rank_order():
    from ..models import TalentLevel

    assert list(TalentLevel.objects.values_list("name", flat=True)[:5]) == [
        "首席技师",
        "技能大师",
        "高级技师",
        "技师",
        "高级工",
    ]


def test_entry_by_certificate_and_the_lookup_answers_in_one_query(
    company, django_assert_num_queries
):
    admin = company.users["admin"]
    zhigong = company.people["zhigong"]
    today = timezone.localdate()
    services.entry_create(
        actor=admin,
        person=zhigong,
        level=f.level("高级工"),
        source=PoolSource.CERTIFICATE,
        source_text="高级工职业资格证书 No.123",
        valid_from=today - timedelta(days=10),
    )
    services.entry_create(
        actor=admin,
        person=zhigong,
        level=f.level("高级技师"),
        source=PoolSource.APPOINTMENT,
        source_text="公司聘任文件〔2026〕3号",
        valid_from=today - timedelta(days=5),
        valid_to=today + timedelta(days=365),
    )
    with django_assert_num_queries(1):
        marks = talentpool.marks([zhigong.pk, company.people["bumen"].pk], on=today)
    assert set(marks) == {zhigong.pk}
    assert marks[zhigong.pk].level == "高级技师"  # the highest valid level
    assert "聘任" in marks[zhigong.pk].source
    # Outside the period nobody is in the pool.
    assert talentpool.marks([zhigong.pk], on=today - timedelta(days=30)) == {}


@pytest.mark.parametrize(
    "over, code",
    [
        ({"source_text": "  "}, "source_text"),
        ({"valid_to": date(2020, 1, 1)}, "valid_dates"),
        ({"level": None}, "level_unknown"),
    ],
)
def test_entry_refusals_store_nothing(company, over, code):
    fields = {
        "actor": company.users["admin"],
        "person": company.people["zhigong"],
        "level": f.level(),
        "source": PoolSource.CERTIFICATE,
        "source_text": "技师证书",
        "valid_from": date(2026, 1, 1),
    }
    fields.update(over)
    with pytest.raises(DomainError) as exc:
        services.entry_create(**fields)
    assert _code(exc) == code
    assert "。" in str(exc.value.message)
    assert not TalentEntry.objects.exists()


def test_entry_needs_a_manager_of_the_persons_unit(company):
    with pytest.raises(Forbidden):
        services.entry_create(
            actor=company.users["zhigong"],
            person=company.people["zhigong"],
            level=f.level(),
            source=PoolSource.CERTIFICATE,
            source_text="技师证书",
            valid_from=date(2026, 1, 1),
        )
    assert not TalentEntry.objects.exists()


def test_mentorship_pair_and_result(company):
    admin = company.users["admin"]
    master, apprentice = company.people["bumen"], company.people["zhigong"]
    m = services.mentorship_create(
        actor=admin,
        master=master,
        apprentice=apprentice,
        trade="电工",
        goal="一年内取得中级工证书",
        start_on=date(2026, 1, 1),
    )
    with pytest.raises(DomainError) as exc:
        services.mentorship_create(
            actor=admin,
            master=master,
            apprentice=apprentice,
            trade="电工",
            goal="再结对",
            start_on=date(2026, 2, 1),
        )
    assert _code(exc) == "pair_exists"
    with pytest.raises(DomainError) as exc:
        services.mentorship_create(
            actor=admin,
            master=master,
            apprentice=master,
            trade="电工",
            goal="x",
            start_on=date(2026, 1, 1),
        )
    assert _code(exc) == "same_person"
    services.mentorship_result(
        actor=admin, mentorship=m, result="excellent", result_note="取证", end_on=date(2026, 12, 1)
    )
    m.refresh_from_db()
    assert (m.result, m.end_on) == ("excellent", date(2026, 12, 1))
    assert Mentorship.objects.count() == 1


def test_contest_cap_defaults_to_ten_thousand_and_year_is_bounded(company):
    c = f.contest(company)
    assert c.award_cap == Decimal("10000.00")
    assert list(c.trades.values_list("name", flat=True)) == ["电工", "焊工"]
    for year in (1999, timezone.localdate().year + 2, 10**20):
        with pytest.raises(DomainError) as exc:
            f.contest(company, year=year, title=f"竞赛{year}")
        assert _code(exc) == "year"
    assert Contest.objects.count() == 1


@pytest.mark.parametrize("cap", ["-1", "abc", "1000000.01", "1.234"])
def test_contest_cap_out_of_range_is_refused(company, cap):
    with pytest.raises(DomainError) as exc:
        f.contest(company, cap=cap)
    assert _code(exc) == "cap"
    assert not Contest.objects.exists()


def _panel(company, n=5):
    people = [f.worker(company, f"3{i:04d}", f"评委{i}", account=True) for i in range(n)]
    return [p for p, _ in people], [u for _, u in people]


def test_round_weights_and_ranges(company):
    c = f.contest(company)
    judges, _users = _panel(company, 3)
    for weight in (0, 101, "x", 1.5):
        with pytest.raises(DomainError) as exc:
            f.practical(company, c, judges, weight=weight)
        assert _code(exc) == "weight"
    with pytest.raises(DomainError) as exc:
        f.practical(company, c, judges, max_score=0)
    assert _code(exc) == "max_score"
    with pytest.raises(DomainError) as exc:
        f.practical(company, c, [], weight=60)
    assert _code(exc) == "judges_required"
    f.practical(company, c, judges, weight=60)
    with pytest.raises(DomainError) as exc:
        f.theory(company, c, weight=50, quiz=f.quiz(company))
    assert _code(exc) == "weights_over"
    assert c.rounds.count() == 1
    with pytest.raises(DomainError) as exc:
        services.totals_compute(actor=company.users["admin"], contest=c)
    assert _code(exc) == "weights_sum"


def test_judges_score_once_in_range_and_the_total_is_the_trimmed_weighted_mean(company):
    c = f.contest(company)
    judges, users = _panel(company, 5)
    r = f.practical(company, c, judges, weight=60)
    q = f.quiz(company)
    t = f.theory(company, c, weight=40, quiz=q)
    e = f.entrant(company, c, company.people["zhigong"])
    for user, score in zip(users, [70, 80, 85, 90, 100], strict=True):
        services.score_give(actor=user, round=r, entrant=e, score=score)
    with pytest.raises(DomainError) as exc:
        services.score_give(actor=users[0], round=r, entrant=e, score=75)
    assert _code(exc) == "scored"
    assert RoundScore.objects.filter(round=r).count() == 5
    e2 = f.entrant(company, c, company.people["bumen"])
    for bad in (-1, 100.01, "x", "1e400", "nan"):
        with pytest.raises(DomainError) as exc:
            services.score_give(actor=users[0], round=r, entrant=e2, score=bad)
        assert _code(exc) == "score_range"
    with pytest.raises(Forbidden) as exc:
        services.score_give(actor=company.users["admin"], round=r, entrant=e2, score=50)
    assert "评委" in str(exc.value.message)
    assert not RoundScore.objects.filter(entrant=e2).exists()
    f.attempt(q, e.person, 90)
    assert t.quiz_id == q.pk
    services.totals_compute(actor=company.users["admin"], contest=c)
    e.refresh_from_db()
    # practical: mean of 80, 85, 90 = 85 → 51; theory 90 → 36.
    assert e.total == Decimal("87.00")
    sheet = selectors.round_sheet(r=r, person_id=judges[0].pk)
    assert sheet[0]["panel"] == Decimal("85.00") and sheet[0]["mine"] == Decimal("70.00")
    assert sheet[1]["panel"] is None  # e2: nobody scored yet


def test_a_judge_does_not_see_the_panel_score_before_all_have_scored(company):
    c = f.contest(company)
    judges, users = _panel(company, 2)
    r = f.practical(company, c, judges)
    e = f.entrant(company, c, company.people["zhigong"])
    services.score_give(actor=users[0], round=r, entrant=e, score=80)
    row = selectors.round_sheet(r=r, person_id=judges[0].pk)[0]
    assert row["panel"] is None and row["scored"] == 1


def test_award_over_the_cap_is_refused_and_approval_enters_the_pool(company):
    c = f.contest(company, cap="12000")
    e = f.entrant(company, c, company.people["zhigong"])
    admin = company.users["admin"]
    a = services.award_record(actor=admin, entrant=e, amount="8000", reason="电工一等奖")
    with pytest.raises(DomainError) as exc:
        services.award_record(actor=admin, entrant=e, amount="4000.01", reason="追加")
    assert _code(exc) == "over_cap"
    assert "12000.00" in str(exc.value.message)
    assert Award.objects.count() == 1
    assert not TalentEntry.objects.exists()
    services.award_decide(actor=admin, award=a, approve=True)
    entry = TalentEntry.objects.get()
    assert entry.source == PoolSource.CONTEST and entry.entrant_id == e.pk
    assert "2026年职工职业技能竞赛" in entry.source_text and "电工一等奖" in entry.source_text
    assert talentpool.marks([e.person_id], on=timezone.localdate())[e.person_id].level == "技师"
    with pytest.raises(DomainError) as exc:
        services.award_decide(actor=admin, award=a, approve=True)
    assert _code(exc) == "award_decided"
    # A refused award frees its share of the cap.
    b = services.award_record(actor=admin, entrant=e, amount="4000", reason="追加")
    services.award_decide(actor=admin, award=b, approve=False)
    services.award_record(actor=admin, entrant=e, amount="4000", reason="追加二")
    assert TalentEntry.objects.count() == 1  # one entry per result


@pytest.mark.parametrize("amount", ["0", "-5", "1.005", "abc", "Infinity"])
def test_bad_amounts_are_refused(company, amount):
    c = f.contest(company)
    e = f.entrant(company, c, company.people["zhigong"])
    with pytest.raises(DomainError) as exc:
        services.award_record(actor=company.users["admin"], entrant=e, amount=amount, reason="x")
    assert _code(exc) == "amount"
    assert not Award.objects.exists()


def test_award_decided_only_by_approvers_and_paid_after_approval(company):
    c = f.contest(company)
    e = f.entrant(company, c, company.people["zhigong"])
    a = services.award_record(
        actor=company.users["bumen"], entrant=e, amount="500", reason="三等奖"
    )
    with pytest.raises(Forbidden):
        services.award_decide(actor=company.users["bumen"], award=a, approve=True)
    with pytest.raises(DomainError) as exc:
        services.award_pay(actor=company.users["admin"], award=a)
    assert _code(exc) == "not_approved"
    services.award_decide(actor=company.users["dangwei"], award=a, approve=True)
    services.award_pay(actor=company.users["admin"], award=a, paid_on=timezone.localdate())
    a.refresh_from_db()
    assert a.status == AwardStatus.APPROVED and a.paid


def test_a_prize_result_enters_the_pool_and_a_merit_does_not(company):
    c = f.contest(company)
    e1 = f.entrant(company, c, company.people["zhigong"])
    e2 = f.entrant(company, c, company.people["bumen"])
    admin = company.users["admin"]
    services.result_record(actor=admin, entrant=e1, rank=2, grade="second", certificate="证书")
    services.result_record(actor=admin, entrant=e2, rank=9, grade="merit")
    assert list(TalentEntry.objects.values_list("person_id", flat=True)) == [e1.person_id]
    assert "二等奖" in TalentEntry.objects.get().source_text
    with pytest.raises(DomainError) as exc:
        services.result_record(actor=admin, entrant=e2, rank=0)
    assert _code(exc) == "rank"


def test_entrant_once_and_team_selection(company):
    c = f.contest(company)
    e = f.entrant(company, c, company.people["zhigong"])
    with pytest.raises(DomainError) as exc:
        f.entrant(company, c, company.people["zhigong"])
    assert _code(exc) == "entrant_exists"
    other = f.contest(company, title="另一竞赛")
    with pytest.raises(DomainError) as exc:
        f.entrant(company, c, company.people["bumen"], trade=other.trades.first())
    assert _code(exc) == "trade_unknown"
    services.team_select(actor=company.users["admin"], contest=c, entrants=[e])
    assert list(Entrant.objects.filter(sent=True)) == [e]


def test_selections_bonus_reads_the_pool(company):
    """竞聘 asks apps.core.talentpool: the registered lookup is this app's."""
    assert talentpool._lookup is selectors.pool_marks


def test_brand_and_honour_rules(company):
    admin = company.users["admin"]
    with pytest.raises(DomainError) as exc:
        services.brand_create(
            actor=admin,
            kind=BrandKind.COMMANDO,
            name="抢修突击队",
            unit=company.units["prod"],
            start_on=date(2026, 1, 1),
            responsibility="迎峰度夏抢修",
            members=[],
        )
    assert _code(exc) == "members_required"
    b = services.brand_create(
        actor=admin,
        kind=BrandKind.POST,
        name="运行一班党员先锋岗",
        unit=company.units["prod"],
        start_on=date(2026, 1, 1),
        responsibility="安全运行零差错",
        members=[company.people["zhigong"]],
    )
    assert list(b.members.all()) == [company.people["zhigong"]]
    card = f.excellent_card(company, "branch1")
    with pytest.raises(DomainError) as exc:
        services.honour_create(
            actor=admin,
            kind=HonourKind.BRANCH,
            year=1900,
            source=f"scorecard:{card.pk}",
            awarded_on=date(2026, 7, 1),
        )
    assert _code(exc) == "year"
    h = services.honour_create(
        actor=admin,
        kind=HonourKind.BRANCH,
        year=2025,
        source=f"scorecard:{card.pk}",
        awarded_on=date(2026, 7, 1),
    )
    assert h.title == "2025年度先进党支部"
    assert Brand.objects.count() == 1 and Honour.objects.count() == 1
    board = selectors.honour_board(unit=company.units["party"])
    assert board["years"][0][0] == 2025


def test_expiry_reminder_tells_the_member_and_the_head_once(
    company, django_capture_on_commit_callbacks
):
    from apps.core.models import Notification

    today = timezone.localdate()
    services.entry_create(
        actor=company.users["admin"],
        person=company.people["zhigong"],
        level=f.level(),
        source=PoolSource.CERTIFICATE,
        source_text="技师证书",
        valid_from=today - timedelta(days=300),
        valid_to=today + timedelta(days=10),
    )
    now = timezone.now()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.pool_expiry_remind(now=now) == 1
    to = set(Notification.objects.values_list("user__username", flat=True))
    assert to == {"zhigong", "bumen"}
    assert Notification.objects.count() == 2
    assert services.pool_expiry_remind(now=now + timedelta(days=11)) == 0
