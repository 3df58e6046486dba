"""Writes of 人才队伍: each one transaction, audited (auditlog on the models), people told
after the commit. The rules: a level and a written source for every pool entry, a judge scores
an entrant once within the round's range, the rounds' weights sum to 100, what one person is
awarded in a contest stays within its cap, and an approved award or a prize-winning result
enters the person in the pool with its source."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.accounts.selectors import users_of
from apps.core.errors import CoreError, Forbidden
from apps.core.judging import panel_score
from apps.core.services import notify
from apps.hazards.selectors import inspection_list
from apps.learning.selectors import best_scores, quizzes_managed
from apps.projects.selectors import project_list

from .choices import (
    PERSONAL_HONOURS,
    QUALIFYING,
    AwardStatus,
    BrandKind,
    ContestLevel,
    Grade,
    HonourKind,
    MentorshipResult,
    PoolSource,
    RoundKind,
)
from .errors import TalentError
from .models import (
    Award,
    Brand,
    Contest,
    Entrant,
    Honour,
    Mentorship,
    Round,
    RoundScore,
    TalentEntry,
    TalentLevel,
    Trade,
    TradeQuiz,
)
from .permissions import APPROVE_ROLES, can_approve, can_honour, can_manage

YEAR_MIN = 2000
CAP_MAX = Decimal("1000000")
CENT = Decimal("0.01")


def year_bounds() -> tuple[int, int]:
    """The years a contest or an honour may carry: from 2000 to next year."""
    return YEAR_MIN, timezone.localdate().year + 1


def check_year(year, field: str = "year") -> int:
    low, high = year_bounds()
    if year is None or not low <= int(year) <= high:
        raise TalentError.YEAR(field=field, low=low, high=high)
    return int(year)


def yuan(value, *, error=TalentError.AMOUNT, field: str = "amount") -> Decimal:
    """An amount in yuan as typed: a positive Decimal of at most two places (never rounded
    silently: 0.005 is refused, not made 0.01)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise error(field=field) from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        raise error(field=field)
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _manage(actor, unit) -> None:
    if not can_manage(actor, unit):
        raise Forbidden(_("只有党群工作部、工会或本部门负责人可以办理。"))


def _text(value, error, field) -> str:
    text = (value or "").strip()
    if not text:
        raise error(field=field)
    return text


def _dates(start, end, error, field="end_on") -> None:
    if start is None:
        raise CoreError.BAD_DATE(field="start_on")
    if end is not None and end < start:
        raise error(field=field)


# --- 高技能人才库 ------------------------------------------------------------------------------


@transaction.atomic
def entry_create(
    *,
    actor,
    person,
    level: TalentLevel | None,
    source: str,
    source_text: str,
    valid_from: date | None,
    valid_to: date | None = None,
) -> TalentEntry:
    """Enter a person in the 高技能人才库 by a certificate or an appointment (a contest enters
    them itself): a level, the document it rests on, a period."""
    if person is None:
        raise CoreError.PERSON_NOT_FOUND(field="person")
    _manage(actor, person.department)
    if level is None or not level.active:
        raise TalentError.LEVEL_UNKNOWN(field="level")
    if source not in (PoolSource.CERTIFICATE, PoolSource.APPOINTMENT, PoolSource.CONTEST):
        raise CoreError.BAD_CHOICE(field="source", label=_("入库来源"))
    text = _text(source_text, TalentError.SOURCE_TEXT, "source_text")
    if valid_from is None:
        raise CoreError.BAD_DATE(field="valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise TalentError.VALID_DATES(field="valid_to")
    return TalentEntry.objects.create(
        person=person,
        unit=person.department,
        level=level,
        source=source,
        source_text=text[:200],
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=actor,
    )


@transaction.atomic
def entry_end(*, actor, entry: TalentEntry, valid_to: date | None) -> TalentEntry:
    """Close an entry's period (the certificate lapsed, the appointment ended)."""
    _manage(actor, entry.unit)
    if valid_to is None:
        raise CoreError.BAD_DATE(field="valid_to")
    if valid_to < entry.valid_from:
        raise TalentError.VALID_DATES(field="valid_to")
    entry.valid_to = valid_to
    entry.save(update_fields=["valid_to", "updated_at"])
    return entry


def _pool_enter(*, actor, entrant: Entrant, why: str) -> TalentEntry | None:
    """The contest's own door into the pool: once per result, at the contest's level, for the
    contest's years, the source saying which contest, trade and prize."""
    if TalentEntry.objects.filter(entrant=entrant).exists():
        return None
    contest = entrant.contest
    today = timezone.localdate()
    try:
        valid_to = today.replace(year=today.year + contest.pool_years)
    except ValueError:  # 29 February
        valid_to = today.replace(year=today.year + contest.pool_years, day=28)
    with transaction.atomic():
        return TalentEntry.objects.create(
            person=entrant.person,
            unit=entrant.unit,
            level=contest.pool_level,
            source=PoolSource.CONTEST,
            source_text=f"{contest.title} {entrant.trade.name} {why}"[:200],
            valid_from=today,
            valid_to=valid_to,
            entrant=entrant,
            created_by=actor,
        )


@transaction.atomic
def mentorship_create(
    *, actor, master, apprentice, trade: str, goal: str, start_on, end_on=None
) -> Mentorship:
    """Pair a master with an apprentice (师带徒) in the apprentice's department."""
    if master is None:
        raise CoreError.PERSON_NOT_FOUND(field="master")
    if apprentice is None:
        raise CoreError.PERSON_NOT_FOUND(field="apprentice")
    _manage(actor, apprentice.department)
    if master.pk == apprentice.pk:
        raise TalentError.SAME_PERSON(field="apprentice")
    trade = _text(trade, TalentError.TRADE_REQUIRED, "trade")
    goal = (goal or "").strip()
    if not goal:
        raise CoreError.REQUIRED(field="goal", label=_("培养目标"))
    _dates(start_on, end_on, TalentError.PERIOD)
    open_pair = Mentorship.objects.filter(master=master, apprentice=apprentice, result="").exists()
    if open_pair:
        raise TalentError.PAIR_EXISTS(
            field="apprentice", master=master.name, apprentice=apprentice.name
        )
    return Mentorship.objects.create(
        master=master,
        apprentice=apprentice,
        unit=apprentice.department,
        trade=trade[:50],
        goal=goal[:200],
        start_on=start_on,
        end_on=end_on,
        created_by=actor,
    )


@transaction.atomic
def mentorship_result(
    *, actor, mentorship: Mentorship, result: str, result_note: str = "", end_on=None
) -> Mentorship:
    """The pair's result at the end of the period."""
    _manage(actor, mentorship.unit)
    if result not in MentorshipResult.values:
        raise CoreError.BAD_CHOICE(field="result", label=_("结果"))
    end_on = end_on or timezone.localdate()
    if end_on < mentorship.start_on:
        raise TalentError.PERIOD(field="end_on")
    mentorship.result, mentorship.result_note = result, (result_note or "").strip()[:300]
    mentorship.end_on = end_on
    mentorship.save(update_fields=["result", "result_note", "end_on", "updated_at"])
    return mentorship


# --- 职业技能竞赛 ------------------------------------------------------------------------------


def _trade_names(trades) -> list[str]:
    if isinstance(trades, str):
        trades = trades.replace(",", ",").replace("、", ",").replace("\n", ",").split(",")
    names = list(dict.fromkeys(t.strip()[:50] for t in trades or [] if t and t.strip()))
    if not names:
        raise TalentError.TRADE_REQUIRED(field="trades")
    return names


def _cap(value) -> Decimal:
    try:
        cap = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise TalentError.CAP(field="award_cap") from None
    if not cap.is_finite() or not 0 <= cap <= CAP_MAX or cap != cap.quantize(CENT):
        raise TalentError.CAP(field="award_cap")
    return cap


@transaction.atomic
def contest_create(
    *,
    actor,
    title: str,
    level: str,
    year,
    unit,
    start_on,
    end_on,
    trades,
    pool_level,
    award_cap=None,
    pool_years: int = 3,
    note: str = "",
) -> Contest:
    """A contest with its trades; the cap per person defaults to 10,000 yuan."""
    if unit is None:
        raise CoreError.UNIT_UNKNOWN(field="unit")
    _manage(actor, unit)
    title = (title or "").strip()
    if not title:
        raise CoreError.REQUIRED(field="title", label=_("竞赛名称"))
    if level not in ContestLevel.values:
        raise CoreError.BAD_CHOICE(field="level", label=_("级别"))
    year = check_year(year)
    if start_on is None:
        raise CoreError.BAD_DATE(field="start_on")
    if end_on is None or end_on < start_on:
        raise TalentError.CONTEST_DATES(field="end_on")
    if pool_level is None or not pool_level.active:
        raise TalentError.LEVEL_UNKNOWN(field="pool_level")
    cap = _cap(Contest._meta.get_field("award_cap").default if award_cap is None else award_cap)
    if pool_years is None or not 1 <= int(pool_years) <= 10:
        raise CoreError.INVALID(field="pool_years")
    names = _trade_names(trades)
    contest = Contest.objects.create(
        title=title[:100],
        level=level,
        year=year,
        unit=unit,
        start_on=start_on,
        end_on=end_on,
        award_cap=cap,
        pool_level=pool_level,
        pool_years=int(pool_years),
        note=(note or "").strip(),
        created_by=actor,
    )
    Trade.objects.bulk_create([Trade(contest=contest, name=n) for n in names])
    return contest


@transaction.atomic
def entrant_add(*, actor, contest: Contest, person, trade) -> Entrant:
    """Enter a person for one of the contest's trades, once per contest."""
    _manage(actor, contest.unit)
    if person is None:
        raise CoreError.PERSON_NOT_FOUND(field="person")
    if trade is None or trade.contest_id != contest.pk:
        raise TalentError.TRADE_UNKNOWN(field="trade")
    if Entrant.objects.filter(contest=contest, person=person).exists():
        raise TalentError.ENTRANT_EXISTS(field="person", name=person.name)
    try:
        with transaction.atomic():
            return Entrant.objects.create(
                contest=contest, trade=trade, person=person, unit=person.department
            )
    except IntegrityError:  # entered by someone else a moment ago
        raise TalentError.ENTRANT_EXISTS(field="person", name=person.name) from None


def _int(value, error, field, low, high) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise error(field=field) from None
    if (isinstance(value, float | Decimal) and number != value) or not low <= number <= high:
        raise error(field=field)
    return number


def _quiz(actor, quiz):
    """The quiz a theory round is held in: one the actor manages in 学习教育."""
    if quiz is None:
        raise TalentError.QUIZ_NEEDED(field="quiz")
    if not quizzes_managed(user=actor).filter(pk=quiz.pk).exists():
        raise TalentError.QUIZ_UNKNOWN(field="quiz")
    return quiz


@transaction.atomic
def round_add(
    *,
    actor,
    contest: Contest,
    kind: str,
    name: str,
    held_on,
    weight,
    max_score=100,
    judges=(),
    quiz=None,
) -> Round:
    """A selection round: its weight (1–100, the rounds' weights never over 100), its full
    score (1–1000), for a practical test its judges and for a theory exam the quiz of 学习教育
    it is held in (the score is never typed: it comes from the quiz)."""
    Contest.objects.select_for_update().filter(pk=contest.pk).first()  # one round at a time
    _manage(actor, contest.unit)
    if kind not in RoundKind.values:
        raise CoreError.BAD_CHOICE(field="kind", label=_("类别"))
    if kind == RoundKind.THEORY:
        quiz = _quiz(actor, quiz)
    name = (name or "").strip() or str(RoundKind(kind).label)
    if held_on is None:
        raise CoreError.BAD_DATE(field="held_on")
    weight = _int(weight, TalentError.WEIGHT, "weight", 1, 100)
    max_score = _int(max_score, TalentError.MAX_SCORE, "max_score", 1, 1000)
    used = contest.rounds.aggregate(s=Sum("weight"))["s"] or 0
    if used + weight > 100:
        raise TalentError.WEIGHTS_OVER(field="weight", used=used)
    judges = list(dict.fromkeys(judges or []))
    if kind == RoundKind.PRACTICAL and not judges:
        raise TalentError.JUDGES_REQUIRED(field="judges")
    r = Round.objects.create(
        contest=contest,
        kind=kind,
        name=name[:50],
        held_on=held_on,
        weight=weight,
        max_score=max_score,
        quiz=quiz if kind == RoundKind.THEORY else None,
    )
    if kind == RoundKind.PRACTICAL:
        r.judges.set(judges)
        users = users_of(judges)
        notify(
            users=users,
            title=_("请为“%(contest)s · %(round)s”评分")
            % {"contest": contest.title, "round": r.name},
            url=r.get_absolute_url(),
        )
    return r


def _score(value, r: Round) -> Decimal:
    try:
        score = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise TalentError.SCORE_RANGE(field="score", max=r.max_score) from None
    if not score.is_finite() or not 0 <= score <= r.max_score or score != score.quantize(CENT):
        raise TalentError.SCORE_RANGE(field="score", max=r.max_score)
    return score


def _entrant_of(r: Round, entrant) -> Entrant:
    if entrant is None or entrant.contest_id != r.contest_id:
        raise TalentError.NOT_ENTRANT(field="entrant")
    return entrant


@transaction.atomic
def score_give(*, actor, round: Round, entrant: Entrant, score) -> RoundScore:
    """A judge of a practical round scores an entrant, once, within the round's full score; the
    others' scores stay hidden until the whole panel has scored (apps.core.judging)."""
    r = round
    if r.kind == RoundKind.THEORY:
        raise TalentError.THEORY_FROM_QUIZ(field="score")
    person_id = getattr(actor, "person_id", None)
    if person_id is None or not r.judges.filter(pk=person_id).exists():
        raise TalentError.NOT_JUDGE()
    entrant = _entrant_of(r, entrant)
    value = _score(score, r)
    try:
        with transaction.atomic():
            return RoundScore.objects.create(
                round=r, entrant=entrant, judge_id=person_id, score=value, by=actor
            )
    except IntegrityError:
        raise TalentError.SCORED(field="score", name=entrant.person.name) from None


@transaction.atomic
def round_quiz_bind(*, actor, round: Round, quiz, trade=None, all_trades=False) -> Round:
    """Bind a theory round to the quiz it is held in (or to another one before the totals):
    without `trade` the round's common quiz, with a 工种 of its contest that trade's own quiz
    (its entrants are scored by it; binding a trade to the common quiz clears its own).
    `all_trades`: one paper for every trade, each trade's own quiz cleared."""
    r = round
    _manage(actor, r.contest.unit)
    if r.kind != RoundKind.THEORY:
        raise CoreError.BAD_TRANSITION()
    if all_trades and trade is not None:
        raise TalentError.QUIZ_ALL_OR_TRADE(field="all_trades")
    quiz = _quiz(actor, quiz)
    if trade is None:
        r.quiz = quiz
        r.save(update_fields=["quiz"])
        own = TradeQuiz.objects.filter(round=r)
        # the common one again for the trades bound to it, or for every trade
        (own if all_trades else own.filter(quiz=quiz)).delete()
        return r
    if trade.contest_id != r.contest_id:
        raise TalentError.TRADE_UNKNOWN(field="trade")
    if quiz.pk == r.quiz_id:
        TradeQuiz.objects.filter(round=r, trade=trade).delete()
    else:
        TradeQuiz.objects.update_or_create(round=r, trade=trade, defaults={"quiz": quiz})
    return r


def trade_quizzes(r: Round) -> dict[int, object]:
    """Each trade's quiz of a theory round (trade id → Quiz), its own else the common one."""
    own = {tq.trade_id: tq.quiz for tq in TradeQuiz.objects.filter(round=r).select_related("quiz")}
    return {
        t.pk: own.get(t.pk, r.quiz)
        for t in Trade.objects.filter(contest_id=r.contest_id)
        if own.get(t.pk, r.quiz) is not None
    }


def _theory_collect(r: Round, entrants: list[Entrant], actor, now) -> None:
    """The theory round's scores from its quizzes: each entrant's best graded attempt at the
    quiz of their 工种 (its own, else the round's common one) as a share of the quiz's 100
    points scaled to the round's full score; no attempt, no score. Refused while a trade with
    entrants has no quiz or one of their quizzes is still open (an attempt may still come)."""
    quizzes = trade_quizzes(r)
    if not quizzes:
        raise TalentError.QUIZ_UNBOUND(round=r.name)
    by_quiz: dict[int, list[Entrant]] = {}
    for e in entrants:
        quiz = quizzes.get(e.trade_id)
        if quiz is None:
            raise TalentError.QUIZ_UNBOUND(round=f"{r.name} · {e.trade.name}")
        by_quiz.setdefault(quiz.pk, []).append(e)
    found: dict[int, Decimal] = {}  # entrant id → best score
    for quiz in {q.pk: q for q in quizzes.values()}.values():
        if quiz.pk not in by_quiz:
            continue
        if not quiz.window_closed(now):
            raise TalentError.QUIZ_OPEN(
                quiz=quiz.title,
                closes=timezone.localtime(quiz.closes_at).strftime("%Y-%m-%d %H:%M"),
            )
        group = by_quiz[quiz.pk]
        best = best_scores(quiz_id=quiz.pk, person_ids=[e.person_id for e in group])
        found.update({e.pk: best[e.person_id] for e in group if e.person_id in best})
    RoundScore.objects.filter(round=r, judge__isnull=True).delete()
    RoundScore.objects.bulk_create(
        [
            RoundScore(
                round=r,
                entrant=e,
                score=(found[e.pk] * r.max_score / 100).quantize(CENT, rounding=ROUND_HALF_UP),
                at=now,
                by=actor,
            )
            for e in entrants
            if e.pk in found
        ]
    )


@transaction.atomic
def totals_compute(*, actor, contest: Contest, now=None) -> Contest:
    """Each entrant's selection total, the internal ranking: the theory rounds' scores taken
    from their quizzes, every round's score (a panel's trimmed mean) as a share of its full
    score, times its weight; only when the weights sum to 100 and every theory quiz has
    closed. Nothing is stored when one is refused."""
    _manage(actor, contest.unit)
    now = now or timezone.now()
    rounds = list(contest.rounds.select_related("quiz"))
    total_weight = sum(r.weight for r in rounds)
    if total_weight != 100:
        raise TalentError.WEIGHTS_SUM(total=total_weight)
    entrants = list(contest.entrants.select_related("trade"))
    for r in rounds:
        if r.kind == RoundKind.THEORY:
            _theory_collect(r, entrants, actor, now)
    by_entrant: dict[tuple[int, int], list[Decimal]] = {}
    for s in RoundScore.objects.filter(round__contest=contest).values_list(
        "entrant_id", "round_id", "score"
    ):
        by_entrant.setdefault((s[0], s[1]), []).append(s[2])
    for e in entrants:
        total = Decimal(0)
        for r in rounds:
            score = panel_score(by_entrant.get((e.pk, r.pk), []))
            if score is not None:
                total += score / r.max_score * r.weight
        e.total = total.quantize(CENT, rounding=ROUND_HALF_UP)
    Entrant.objects.bulk_update(entrants, ["total"])
    return contest


@transaction.atomic
def team_select(*, actor, contest: Contest, entrants) -> Contest:
    """The team sent to the group contest: exactly the entrants chosen."""
    _manage(actor, contest.unit)
    ids = [e.pk for e in entrants or []]
    if any(e.contest_id != contest.pk for e in entrants or []):
        raise TalentError.NOT_ENTRANT(field="entrants")
    contest.entrants.update(sent=False)
    contest.entrants.filter(pk__in=ids).update(sent=True)
    return contest


@transaction.atomic
def result_record(*, actor, entrant: Entrant, rank=None, grade: str = "", certificate: str = ""):
    """An entrant's result: 名次, 等级, certificate. A prize (一/二/三等奖) enters them in the
    talent pool at once, with the contest as its source."""
    contest = entrant.contest
    _manage(actor, contest.unit)
    rank = None if rank in (None, "") else _int(rank, TalentError.RANK, "rank", 1, 9999)
    if grade and grade not in Grade.values:
        raise CoreError.BAD_CHOICE(field="grade", label=_("等级"))
    entrant.rank, entrant.grade = rank, grade or ""
    entrant.certificate = (certificate or "").strip()[:100]
    entrant.save(update_fields=["rank", "grade", "certificate"])
    if entrant.grade in QUALIFYING:
        _pool_enter(actor=actor, entrant=entrant, why=str(Grade(entrant.grade).label))
    return entrant


def _approvers(contest):
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(
            role__in=APPROVE_ROLES, user__is_active=True
        ).select_related("user", "unit")
        if contest.unit.path.startswith(ra.unit.path)
    ]


@transaction.atomic
def award_record(*, actor, entrant: Entrant, amount, reason: str) -> Award:
    """Prize money for an entrant, waiting for approval; refused when the person's awards in
    this contest (all but the refused ones) would pass the contest's cap."""
    contest = entrant.contest
    _manage(actor, contest.unit)
    value = yuan(amount)
    reason = (reason or "").strip()
    if not reason:
        raise CoreError.REQUIRED(field="reason", label=_("奖励事由"))
    # Lock the entrant: two awards recorded at once cannot both slip under the cap.
    Entrant.objects.select_for_update().filter(pk=entrant.pk).first()
    given = Award.objects.filter(entrant=entrant).exclude(status=AwardStatus.REJECTED).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    if given + value > contest.award_cap:
        raise TalentError.OVER_CAP(
            field="amount",
            name=entrant.person.name,
            total=f"{given + value:.2f}",
            cap=f"{contest.award_cap:.2f}",
        )
    award = Award.objects.create(
        entrant=entrant, amount=value, reason=reason[:200], created_by=actor
    )
    notify(
        users=_approvers(contest),
        title=_("竞赛奖励待审批:%(name)s %(amount)s 元")
        % {"name": entrant.person.name, "amount": f"{value:.2f}"},
        url=contest.get_absolute_url(),
    )
    return award


@transaction.atomic
def award_decide(*, actor, award: Award, approve: bool) -> Award:
    """Approve or refuse an award; an approved award enters the person in the talent pool."""
    award = Award.objects.select_for_update().select_related("entrant__contest").get(pk=award.pk)
    contest = award.entrant.contest
    if not can_approve(actor, contest.unit):
        raise Forbidden(_("只有党群工作部或工会可以审批竞赛奖励。"))
    if award.status != AwardStatus.PENDING:
        raise TalentError.AWARD_DECIDED()
    award.status = AwardStatus.APPROVED if approve else AwardStatus.REJECTED
    award.decided_by, award.decided_at = actor, timezone.now()
    award.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    if approve:
        _pool_enter(actor=actor, entrant=award.entrant, why=award.reason)
    return award


@transaction.atomic
def award_pay(*, actor, award: Award, paid_on=None) -> Award:
    """Record that an approved award was paid."""
    award = Award.objects.select_for_update().select_related("entrant__contest").get(pk=award.pk)
    _manage(actor, award.entrant.contest.unit)
    if award.status != AwardStatus.APPROVED:
        raise TalentError.NOT_APPROVED()
    if award.paid_on is not None:
        raise TalentError.PAID()
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise CoreError.BAD_DATE(field="paid_on")
    award.paid_on = paid_on
    award.save(update_fields=["paid_on", "updated_at"])
    return award


# --- 荣誉和品牌 --------------------------------------------------------------------------------


def _honour_check(actor, unit) -> None:
    if unit is None:
        raise CoreError.UNIT_UNKNOWN(field="unit")
    if not can_honour(actor, unit):
        raise Forbidden(_("只有党委、支部书记或工会可以登记。"))


@transaction.atomic
def brand_create(
    *,
    actor,
    kind: str,
    name: str,
    unit,
    start_on,
    responsibility: str,
    members=(),
    end_on=None,
    project=None,
    inspection=None,
) -> Brand:
    """A brand, a 先锋岗, a 责任区 or a 突击队 of a unit, with its members and responsibility;
    a 突击队 names the project or the hazard campaign it serves (one the actor sees)."""
    _honour_check(actor, unit)
    if kind not in BrandKind.values:
        raise CoreError.BAD_CHOICE(field="kind", label=_("类别"))
    name = (name or "").strip()
    if not name:
        raise CoreError.REQUIRED(field="name", label=_("名称"))
    _dates(start_on, end_on, TalentError.PERIOD)
    responsibility = (responsibility or "").strip()
    if not responsibility:
        raise CoreError.REQUIRED(field="responsibility", label=_("职责和承诺"))
    members = list(dict.fromkeys(members or []))
    if kind != BrandKind.BRAND and not members:
        raise TalentError.MEMBERS_REQUIRED(field="members")
    if kind != BrandKind.COMMANDO:
        project = inspection = None
    elif project is None and inspection is None:
        raise TalentError.SERVED_REQUIRED(field="project")
    if project is not None and not project_list(user=actor).filter(pk=project.pk).exists():
        raise TalentError.SERVED_UNKNOWN(field="project")
    if inspection is not None and not inspection_list(user=actor).filter(pk=inspection.pk).exists():
        raise TalentError.SERVED_UNKNOWN(field="inspection")
    brand = Brand.objects.create(
        kind=kind,
        name=name[:100],
        unit=unit,
        start_on=start_on,
        end_on=end_on,
        responsibility=responsibility,
        project=project,
        inspection=inspection,
        created_by=actor,
    )
    brand.members.set(members)
    return brand


SOURCE_FIELDS = {
    "entrant": "entrant_id",
    "scorecard": "scorecard_id",
    "appraisal": "appraisal_entry_id",
}


@transaction.atomic
def honour_create(
    *,
    actor,
    kind: str,
    year,
    source: str,
    awarded_on,
    title: str = "",
    note: str = "",
) -> Honour:
    """An honour awarded on a record of the platform the actor picked from the candidates
    (`selectors.candidate_source`): the unit and person it goes to come from that record,
    and the honour keeps the record and its sentence as evidence. A record is the evidence of
    one honour of a kind."""
    from .selectors import honour_candidate

    if kind not in HonourKind.values:
        raise CoreError.BAD_CHOICE(field="kind", label=_("荣誉类别"))
    year = check_year(year)
    if awarded_on is None:
        raise CoreError.BAD_DATE(field="awarded_on")
    picked = honour_candidate(user=actor, kind=kind, year=year, key=source)
    if picked is None:
        raise TalentError.SOURCE_UNKNOWN(field="source", kind=HonourKind(kind).label, year=year)
    _honour_check(actor, picked.unit)
    field = SOURCE_FIELDS[picked.key.split(":")[0]]
    record_id = int(picked.key.split(":")[1])
    if Honour.objects.filter(kind=kind, **{field: record_id}).exists():
        raise TalentError.HONOURED(field="source", kind=HonourKind(kind).label)
    title = (title or "").strip() or f"{year}年度{HonourKind(kind).label}"
    note = (note or "").strip()
    evidence = picked.evidence + (f"\n{note}" if note else "")
    try:
        with transaction.atomic():
            return Honour.objects.create(
                kind=kind,
                year=year,
                title=title[:100],
                unit=picked.unit,
                person=picked.person if kind in PERSONAL_HONOURS else None,
                evidence=evidence,
                awarded_on=awarded_on,
                created_by=actor,
                **{field: record_id},
            )
    except IntegrityError:  # awarded by someone else a moment ago
        raise TalentError.HONOURED(field="source", kind=HonourKind(kind).label) from None


# --- reminders ---------------------------------------------------------------------------------

EXPIRY_NOTICE_DAYS = 30


def pool_expiry_remind(*, now) -> int:
    """The periodic pass: an entry whose validity ends within 30 days tells its member (to renew
    the certificate) and the heads of their department, once per entry and end date."""
    from datetime import timedelta

    from apps.accounts.choices import Role
    from apps.accounts.models import User

    today = timezone.localdate(now)
    ending = list(
        TalentEntry.objects.filter(
            valid_to__gte=today, valid_to__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS)
        ).select_related("person", "level", "unit")
    )
    if not ending:
        return 0
    members = {
        u.person_id: u
        for u in User.objects.filter(person__in=[e.person_id for e in ending], is_active=True)
    }
    heads: dict[int, list] = {}
    for ra in RoleAssignment.objects.filter(
        role=Role.DEPARTMENT_HEAD, unit__in={e.unit_id for e in ending}, user__is_active=True
    ).select_related("user"):
        heads.setdefault(ra.unit_id, []).append(ra.user)
    for e in ending:
        users = [members[e.person_id]] if e.person_id in members else []
        notify(
            users=users + heads.get(e.unit_id, []),
            title=_("%(name)s 的人才库资格(%(level)s)将于 %(day)s 到期,请及时办理续期")
            % {"name": e.person.name, "level": e.level.name, "day": e.valid_to.isoformat()},
            url=e.get_absolute_url(),
            dedupe_key=f"talent-expiry:{e.pk}:{e.valid_to.isoformat()}",
        )
    return len(ending)
