"""The contest's theory round is held in a quiz of 学习教育: bound at creation, read from each
entrant's best graded attempt once the quiz has closed, never typed; combined with the judges'
practical scores into the internal ranking."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.errors import DomainError

from .. import services
from ..choices import RoundKind
from ..errors import TalentError
from ..models import Entrant, Round, RoundScore
from . import factories as f

pytestmark = pytest.mark.django_db


def _code(exc) -> str:
    return exc.value.code


def _panel(company, n):
    people, users = [], []
    for i in range(n):
        p, u = f.worker(company, f"J{i:03d}", f"评委{i}", account=True)
        people.append(p)
        users.append(u)
    return people, users


def test_a_theory_round_must_be_bound_to_a_quiz_the_organiser_manages(company):
    c = f.contest(company)
    admin = company.users["admin"]
    with pytest.raises(DomainError) as exc:
        services.round_add(
            actor=admin, contest=c, kind=RoundKind.THEORY, name="理论", held_on=f.DAY, weight=40
        )
    assert _code(exc) == "contest_quiz_needed" and "测验" in exc.value.message
    # A quiz of another company's unit (outside the organiser's management) is refused.
    from apps.learning.models import Quiz
    from apps.orgs.choices import UnitKind
    from apps.orgs.testing import add

    q = f.quiz(company)
    elsewhere = add(None, name="兄弟公司", kind=UnitKind.COMPANY, code="X")
    Quiz.objects.filter(pk=q.pk).update(unit=elsewhere)
    q.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        f.theory(company, c, quiz=q)
    assert _code(exc) == "contest_quiz_unknown"
    assert not Round.objects.filter(contest=c).exists()


def test_the_score_comes_from_the_best_attempt_scaled_and_combined_with_the_judges(company):
    c = f.contest(company)
    judges, users = _panel(company, 3)
    q = f.quiz(company)
    t = f.theory(company, c, weight=40, quiz=q, max_score=150)
    r = f.practical(company, c, judges, weight=60)
    zhigong, bumen = company.people["zhigong"], company.people["bumen"]
    a = f.entrant(company, c, zhigong)
    b = f.entrant(company, c, bumen)
    other, _u = f.worker(company, "X001", "旁人")
    f.attempt(q, zhigong, 60, number=1, best=False)
    f.attempt(q, zhigong, 80, number=2)  # the best one counts
    f.attempt(q, other, 100)  # not an entrant: ignored
    for user in users:
        services.score_give(actor=user, round=r, entrant=a, score=70)
        services.score_give(actor=user, round=r, entrant=b, score=95)
    services.totals_compute(actor=company.users["admin"], contest=c)
    # 80 of the quiz's 100 → 120 of the round's 150 → 40 × 0.8 = 32; practical 70 → 42.
    assert RoundScore.objects.get(round=t, entrant=a).score == Decimal("120.00")
    # b has no attempt: no theory score, only the practical 95 × 0.6 = 57.
    assert not RoundScore.objects.filter(round=t, entrant=b).exists()
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.total, b.total) == (Decimal("74.00"), Decimal("57.00"))
    ranked = list(Entrant.objects.filter(contest=c).order_by("-total").values_list("pk", flat=True))
    assert ranked == [a.pk, b.pk]
    # Recomputed after a late regrade: the theory rows are replaced, never duplicated.
    f.attempt(q, bumen, 100)
    services.totals_compute(actor=company.users["admin"], contest=c)
    b.refresh_from_db()
    assert b.total == Decimal("97.00")
    assert RoundScore.objects.filter(round=t).count() == 2


def test_totals_are_refused_while_the_quiz_is_open_or_the_round_unbound_and_nothing_stored(
    company,
):
    c = f.contest(company)
    judges, users = _panel(company, 1)
    q = f.quiz(company, opens=-1, closes=2)
    t = f.theory(company, c, weight=40, quiz=q)
    r = f.practical(company, c, judges, weight=60)
    e = f.entrant(company, c, company.people["zhigong"])
    services.score_give(actor=users[0], round=r, entrant=e, score=80)
    f.attempt(q, e.person, 90)
    admin = company.users["admin"]
    with pytest.raises(DomainError) as exc:
        services.totals_compute(actor=admin, contest=c)
    assert _code(exc) == "contest_quiz_open" and q.title in exc.value.message
    assert exc.value.status == 409
    e.refresh_from_db()
    assert e.total is None and not RoundScore.objects.filter(round=t).exists()
    # The edge: at the closing instant the quiz is closed.
    services.totals_compute(actor=admin, contest=c, now=q.closes_at)
    e.refresh_from_db()
    assert e.total == Decimal("84.00")
    # A round left without a quiz (an older record) is refused by name, nothing changed.
    Round.objects.filter(pk=t.pk).update(quiz=None)
    with pytest.raises(DomainError) as exc:
        services.totals_compute(actor=admin, contest=c, now=q.closes_at + timedelta(days=1))
    assert _code(exc) == "contest_quiz_unbound" and "理论考试" in exc.value.message
    assert RoundScore.objects.filter(round=t).count() == 1
    # Binding it again makes the totals possible.
    t.refresh_from_db()
    services.round_quiz_bind(actor=admin, round=t, quiz=q)
    services.totals_compute(actor=admin, contest=c, now=q.closes_at)
    assert Round.objects.get(pk=t.pk).quiz_id == q.pk


def test_a_theory_score_is_never_typed(company, client):
    c = f.contest(company)
    t = f.theory(company, c, weight=40, quiz=f.quiz(company))
    e = f.entrant(company, c, company.people["zhigong"])
    admin = company.users["admin"]
    with pytest.raises(DomainError) as exc:
        services.score_give(actor=admin, round=t, entrant=e, score=90)
    assert _code(exc) == "contest_theory_from_quiz"
    client.force_login(admin)
    page = client.get(reverse("talent:round", args=[t.pk]))
    assert page.status_code == 200
    assert 'data-testid="quiz"' in page.text and 'data-testid="score-form"' not in page.text
    assert client.post(reverse("talent:round", args=[t.pk]), {"entrant": e.pk}).status_code == 403
    res = client.post(
        f"/api/v1/talent/rounds/{t.pk}/scores",
        {"entrant_id": e.pk, "score": 90},
        content_type="application/json",
    )
    assert res.status_code == 409
    assert res.json()["detail"]["code"] == "contest_theory_from_quiz"
    assert not RoundScore.objects.exists()


def test_the_round_form_binds_a_quiz_and_a_missing_one_keeps_what_was_typed(company, client):
    c = f.contest(company)
    q = f.quiz(company)
    client.force_login(company.users["admin"])
    url = reverse("talent:contest_round", args=[c.pk])
    page = client.get(url)
    assert page.status_code == 200 and q.title in page.text
    data = {
        "kind": "theory",
        "name": "应知应会",
        "held_on": "2026-03-10",
        "weight": "40",
        "max_score": "100",
    }
    res = client.post(url, data)
    assert res.status_code == 400 and "应知应会" in res.text and "须绑定一场" in res.text
    assert not Round.objects.exists()
    res = client.post(url, {**data, "quiz": q.pk})
    assert res.status_code == 302
    assert Round.objects.get().quiz_id == q.pk
    bind = client.get(reverse("talent:round_quiz", args=[Round.objects.get().pk]))
    assert bind.status_code == 200


def test_the_bind_step_is_the_organisers_and_refuses_a_practical_round(company, client):
    c = f.contest(company)
    judges, users = _panel(company, 1)
    r = f.practical(company, c, judges, weight=60)
    with pytest.raises(DomainError):
        services.round_quiz_bind(actor=company.users["admin"], round=r, quiz=f.quiz(company))
    client.force_login(users[0])
    assert client.get(reverse("talent:round_quiz", args=[r.pk])).status_code in (403, 404)
    assert Round.objects.get(pk=r.pk).quiz_id is None
    assert timezone.now()


def test_each_trade_may_hold_its_theory_exam_in_its_own_quiz(company, client):
    """电工 and 焊工 sit different papers: each entrant is scored by their trade's quiz; a
    trade without its own quiz uses the round's common one."""
    from ..models import Trade, TradeQuiz

    c = f.contest(company)  # trades 电工、焊工
    electric, welding = list(Trade.objects.filter(contest=c).order_by("pk"))
    common, weld_paper = f.quiz(company), f.quiz(company)
    t = f.theory(company, c, weight=100, quiz=common)
    admin = company.users["admin"]
    services.round_quiz_bind(actor=admin, round=t, quiz=weld_paper, trade=welding)
    a = f.entrant(company, c, company.people["zhigong"], trade=electric)
    b = f.entrant(company, c, company.people["bumen"], trade=welding)
    f.attempt(common, a.person, 70)
    f.attempt(weld_paper, a.person, 100)  # not his trade's paper: ignored
    f.attempt(common, b.person, 100)  # not her trade's paper: ignored
    f.attempt(weld_paper, b.person, 90)
    services.totals_compute(actor=admin, contest=c)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.total, b.total) == (Decimal("70.00"), Decimal("90.00"))
    # The round page lists each trade's quiz.
    client.force_login(admin)
    page = client.get(reverse("talent:round", args=[t.pk]))
    assert 'data-testid="trade-quizzes"' in page.text and weld_paper.title in page.text
    # A trade's quiz still open holds the totals back, by its title; nothing changes.
    late = f.quiz(company, opens=-1, closes=2)
    services.round_quiz_bind(actor=admin, round=t, quiz=late, trade=electric)
    with pytest.raises(DomainError) as exc:
        services.totals_compute(actor=admin, contest=c)
    assert _code(exc) == "contest_quiz_open" and late.title in exc.value.message
    a.refresh_from_db()
    assert a.total == Decimal("70.00")
    # Binding a trade back to the common quiz clears its own; a trade of another contest is
    # refused.
    services.round_quiz_bind(actor=admin, round=t, quiz=common, trade=electric)
    assert list(TradeQuiz.objects.filter(round=t).values_list("trade_id", flat=True)) == [
        welding.pk
    ]
    other = f.contest(company, title="另一场竞赛", trades="钳工")
    with pytest.raises(DomainError) as exc:
        services.round_quiz_bind(actor=admin, round=t, quiz=common, trade=other.trades.get())
    assert _code(exc) == "trade_unknown"


def test_the_bind_form_binds_a_trades_own_quiz(company, client):
    from ..models import TradeQuiz

    c = f.contest(company)
    welding = c.trades.get(name="焊工")
    common, paper = f.quiz(company), f.quiz(company)
    t = f.theory(company, c, quiz=common)
    client.force_login(company.users["admin"])
    url = reverse("talent:round_quiz", args=[t.pk])
    page = client.get(url)
    assert page.status_code == 200 and "焊工" in page.text
    res = client.post(url, {"trade": welding.pk, "quiz": paper.pk})
    assert res.status_code == 302
    assert TradeQuiz.objects.get(round=t).quiz_id == paper.pk
    assert Round.objects.get(pk=t.pk).quiz_id == common.pk


def test_the_api_binds_a_trades_quiz_and_one_quiz_for_all_trades(company, client, login):
    """Over /api/v1: a trade gets its own paper, then one paper for every trade clears the
    trades' own; a quiz out of the manager's reach, a trade of another contest and "all trades"
    with one trade are refused in Chinese, and nothing changes."""
    from ..models import Trade, TradeQuiz

    c = f.contest(company)
    electric, welding = list(Trade.objects.filter(contest=c).order_by("pk"))
    common, weld_paper, one_paper = f.quiz(company), f.quiz(company), f.quiz(company)
    t = f.theory(company, c, weight=100, quiz=common)
    url = f"/api/v1/talent/rounds/{t.pk}/quizzes"
    login("admin")
    body = client.post(
        url, {"quiz_id": weld_paper.pk, "trade_id": welding.pk}, content_type="application/json"
    ).json()
    assert body["quiz"]["id"] == common.pk
    assert [(x["trade"]["id"], x["quiz"]["id"], x["own"]) for x in body["trades"]] == [
        (electric.pk, common.pk, False),
        (welding.pk, weld_paper.pk, True),
    ]
    both = {"quiz_id": one_paper.pk, "trade_id": welding.pk, "all_trades": True}
    refused = client.post(url, both, content_type="application/json")
    assert refused.status_code == 400 and "二选一" in refused.json()["detail"]["message"]
    other = f.contest(company, title="另一竞赛")
    foreign = client.post(
        url,
        {"quiz_id": one_paper.pk, "trade_id": other.trades.first().pk},
        content_type="application/json",
    )
    assert foreign.status_code == 400 and "工种" in foreign.json()["detail"]["message"]
    assert client.post(url, {"quiz_id": 999999}, content_type="application/json").json()["detail"][
        "message"
    ] == str(TalentError.QUIZ_UNKNOWN.message)
    assert TradeQuiz.objects.get(round=t).quiz_id == weld_paper.pk  # nothing changed
    body = client.post(
        url, {"quiz_id": one_paper.pk, "all_trades": True}, content_type="application/json"
    ).json()
    assert {(x["quiz"]["id"], x["own"]) for x in body["trades"]} == {(one_paper.pk, False)}
    assert not TradeQuiz.objects.filter(round=t).exists()
    assert client.get(url).json() == body
    login("zhigong")
    assert client.get(url).status_code == 404  # another scope's round is not there


def test_the_bind_page_offers_one_quiz_for_all_trades(company, client, login):
    from ..models import Trade, TradeQuiz

    c = f.contest(company)
    welding = Trade.objects.filter(contest=c).order_by("pk").last()
    common, weld_paper = f.quiz(company), f.quiz(company)
    t = f.theory(company, c, weight=100, quiz=common)
    services.round_quiz_bind(actor=company.users["admin"], round=t, quiz=weld_paper, trade=welding)
    login("admin")
    page = reverse("talent:round_quiz", args=[t.pk])
    assert "所有工种统一使用此测验" in client.get(page).text
    both = client.post(page, {"quiz": weld_paper.pk, "trade": welding.pk, "all_trades": "on"})
    assert both.status_code == 400 and "二选一" in both.text  # the typed form kept
    assert client.post(page, {"quiz": weld_paper.pk, "all_trades": "on"}).status_code == 302
    assert Round.objects.get(pk=t.pk).quiz_id == weld_paper.pk
    assert not TradeQuiz.objects.filter(round=t).exists()
