"""Writes of a selection: each step is one transaction through the state machine
(`choices.TRANSITIONS`), with its timeline event; refusals are `SelectionError` codes."""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.services import role_grant
from apps.core import talentpool
from apps.core.audit import audit_event
from apps.core.errors import CoreError, Forbidden
from apps.core.forms import end_of_day
from apps.core.judging import panel_score
from apps.core.services import notify
from apps.core.timeline import timeline_write
from apps.core.workdays import deadline_after_workdays
from apps.learning.selectors import best_scores
from apps.orgs.choices import EmploymentStatus, UnitKind
from apps.orgs.models import Person
from apps.supervision.services import supervise, supervision_close

from . import eligibility
from .choices import (
    GRADE_SCORE,
    IN_ROUNDS,
    TRANSITIONS,
    ApplicantStatus,
    Grade,
    SelectionAction,
    SelectionStatus,
    TermOutcome,
    VoteRound,
)
from .errors import SelectionError
from .models import Applicant, Ballot, JudgeScore, Objection, Selection, SelectionEvent, Tally
from .permissions import TEAM_LEADER, can_manage

A = SelectionAction
CENT = Decimal("0.01")
# The term review is due at the term's end; reminders start this many days before.
TERM_REMIND_DAYS = 60


def _check_manage(actor, selection: Selection) -> None:
    if not can_manage(actor, selection):
        raise Forbidden(_("只有管理范围覆盖该班组的党群工作部管理员可以办理竞聘。"))


def _move(selection: Selection, action: str, *, actor, note: str = "", data=None, **fields):
    """Take `action` if the state machine admits it: the new status and `fields` saved, the step
    on the timeline. Locks the row so two steps never cross."""
    locked = Selection.objects.select_for_update().get(pk=selection.pk)
    sources, target = TRANSITIONS[action]
    if locked.status not in sources:
        raise CoreError.BAD_TRANSITION()
    before = locked.status
    for name, value in fields.items():
        setattr(selection, name, value)
    if target:
        selection.status = target
    selection.save(update_fields=["status", "updated_at", *fields])
    timeline_write(
        SelectionEvent,
        selection,
        actor=actor,
        action=action,
        from_status=before,
        to_status=selection.status,
        note=note,
        data=data,
    )
    return selection


def _validate(data: dict) -> None:
    total = sum(data.get(k) or 0 for k in ("weight_written", "weight_interview", "weight_vote"))
    if total != 100:
        raise SelectionError.WEIGHTS(field="weight_written", total=total)
    if data["team"].kind != UnitKind.TEAM:
        raise SelectionError.NOT_TEAM(field="team")
    low, high = data.get("min_age"), data.get("max_age")
    if low is not None and high is not None and low > high:
        raise SelectionError.AGE_RANGE(field="max_age")
    if data["apply_until"] < data["apply_from"]:
        raise SelectionError.WINDOW(field="apply_until")
    if data.get("weight_written") and data.get("quiz") is None:
        raise SelectionError.QUIZ_NEEDED(field="quiz")
    if not data["team"].path.startswith(data["audience"].path):
        raise SelectionError.AUDIENCE(field="audience")


@transaction.atomic
def selection_create(*, actor, judges=(), **data) -> Selection:
    """Draft a notice. Weights sum to 100, the post is a team inside the audience."""
    _validate(data)
    selection = Selection(created_by=actor, **data)
    _check_manage(actor, selection)
    selection.save()
    selection.judges.set(judges)
    timeline_write(
        SelectionEvent, selection, actor=actor, action=A.CREATE, to_status=selection.status
    )
    return selection


@transaction.atomic
def selection_publish(*, actor, selection: Selection) -> Selection:
    _check_manage(actor, selection)
    return _move(selection, A.PUBLISH, actor=actor)


@transaction.atomic
def selection_close_apply(*, actor, selection: Selection) -> Selection:
    _check_manage(actor, selection)
    return _move(selection, A.CLOSE_APPLY, actor=actor)


@transaction.atomic
def selection_cancel(*, actor, selection: Selection, reason: str) -> Selection:
    _check_manage(actor, selection)
    return _move(selection, A.CANCEL, actor=actor, note=reason)


# --- application ------------------------------------------------------------------------------


def check_people(selection: Selection, people, *, on: date) -> dict[int, list[dict]]:
    """Each person's condition rows (no query beyond loading the people)."""
    return {p.pk: eligibility.check(selection, p, on=on) for p in people}


@transaction.atomic
def selection_apply(
    *,
    actor,
    selection: Selection,
    statement: str,
    request_exception: bool = False,
    exception_request: str = "",
    now=None,
) -> Applicant:
    """Apply within the window, once. Conditions are checked at once against the roster; one
    not met refuses the application unless the applicant asks for an exception with a reason
    (a reviewer then decides)."""
    today = timezone.localdate(now)
    if actor.person_id is None:
        raise SelectionError.NO_PERSON()
    if selection.status != SelectionStatus.OPEN or not (
        selection.apply_from <= today <= selection.apply_until
    ):
        raise SelectionError.NOT_OPEN(start=selection.apply_from, end=selection.apply_until)
    if not statement.strip():
        raise CoreError.REQUIRED(field="statement", label=_("竞聘陈述"))
    person = Person.objects.get(pk=actor.person_id)
    rows = eligibility.check(selection, person, on=today)
    missing = eligibility.unmet(rows)
    if missing and not request_exception:
        raise SelectionError.NOT_MET(field="statement", unmet="、".join(missing))
    if missing and not exception_request.strip():
        raise SelectionError.REASON_NEEDED(field="exception_request")
    status = ApplicantStatus.PENDING if missing else ApplicantStatus.ELIGIBLE
    try:
        with transaction.atomic():
            return Applicant.objects.create(
                selection=selection,
                person=person,
                statement=statement.strip(),
                checks=rows,
                status=status,
                exception_request=exception_request.strip() if missing else "",
            )
    except IntegrityError:
        raise SelectionError.APPLIED() from None


@transaction.atomic
def applicant_exception(*, actor, applicant: Applicant, admit: bool, reason: str) -> Applicant:
    """A reviewer admits (破格) or refuses an applicant who does not meet a condition; only with a
    written reason, on the timeline and in the audit trail."""
    selection = applicant.selection
    _check_manage(actor, selection)
    if selection.status not in TRANSITIONS[A.EXCEPTION][0]:
        raise CoreError.BAD_TRANSITION()
    if applicant.status != ApplicantStatus.PENDING:
        raise SelectionError.NOT_PENDING()
    if not reason.strip():
        raise SelectionError.REASON_NEEDED(field="reason")
    applicant.status = ApplicantStatus.ADMITTED if admit else ApplicantStatus.REFUSED
    applicant.exception_reason = reason.strip()
    applicant.exception_by = actor
    applicant.save(update_fields=["status", "exception_reason", "exception_by"])
    label = _("准予破格") if admit else _("不予破格")
    timeline_write(
        SelectionEvent,
        selection,
        actor=actor,
        action=A.EXCEPTION,
        note=f"{applicant.person.name}:{label}。{applicant.exception_reason}",
    )
    audit_event(
        actor=actor,
        instance=selection,
        message=f"{label}:{applicant.person.name}",
        data={"applicant": applicant.pk, "reason": applicant.exception_reason},
    )
    return applicant


@transaction.atomic
def selection_start_rounds(*, actor, selection: Selection) -> Selection:
    """Applications decided: the candidates go to the rounds, with their vote tallies ready (so
    a vote only increments) and their talent-pool bonus fixed as of today."""
    _check_manage(actor, selection)
    if selection.applicants.filter(status=ApplicantStatus.PENDING).exists():
        raise SelectionError.NOT_PENDING(message=_("还有待破格审查的报名,请先审查。"))
    candidates = list(selection.applicants.filter(status__in=IN_ROUNDS))
    if not candidates:
        raise SelectionError.NO_CANDIDATES()
    _move(selection, A.START_ROUNDS, actor=actor)
    marks = talentpool.marks([c.person_id for c in candidates], on=timezone.localdate())
    for c in candidates:
        mark = marks.get(c.person_id)
        if mark:
            c.bonus, c.bonus_source = selection.pool_bonus, f"{mark.level} · {mark.source}"[:200]
    Applicant.objects.bulk_update(candidates, ["bonus", "bonus_source"])
    _open_tallies(candidates, VoteRound.SELECTION)
    return selection


def _open_tallies(applicants, round_: str) -> None:
    Tally.objects.bulk_create(
        [Tally(applicant=a, round=round_, grade=g) for a in applicants for g in Grade.values],
        ignore_conflicts=True,
    )


# --- rounds -----------------------------------------------------------------------------------


@transaction.atomic
def score_give(*, actor, applicant: Applicant, score) -> JudgeScore:
    """A judge scores a candidate's speech and interview, once, 0–100."""
    selection = applicant.selection
    if actor.person_id is None or not selection.judges.filter(pk=actor.person_id).exists():
        raise SelectionError.NOT_JUDGE()
    if selection.status != SelectionStatus.ROUNDS:
        raise CoreError.BAD_TRANSITION()
    if applicant.status not in IN_ROUNDS:
        raise SelectionError.NOT_CANDIDATE()
    try:
        value = Decimal(str(score))
    except (ArithmeticError, ValueError):
        raise SelectionError.SCORE_RANGE(field="score") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise SelectionError.SCORE_RANGE(field="score")
    try:
        with transaction.atomic():
            return JudgeScore.objects.create(
                applicant=applicant, judge_id=actor.person_id, score=value.quantize(CENT)
            )
    except IntegrityError:
        raise SelectionError.SCORED() from None


def team_members(selection: Selection):
    return Person.objects.filter(team=selection.team, status=EmploymentStatus.ACTIVE)


def vote_round_open(selection: Selection) -> str | None:
    """The 民主测评 that is open now: the selection's during the rounds, the term's while in
    office."""
    if selection.status == SelectionStatus.ROUNDS:
        return VoteRound.SELECTION
    if selection.status == SelectionStatus.APPOINTED:
        return VoteRound.TERM
    return None


def vote_candidates(selection: Selection, round_: str):
    qs = selection.applicants.select_related("person")
    if round_ == VoteRound.TERM:
        return qs.filter(appointed=True)
    return qs.filter(status__in=IN_ROUNDS)


def vote_cast(*, actor, selection: Selection, grades: dict) -> None:
    """One anonymous 民主测评 ballot of a team member: a grade for each candidate. The ballot
    row says only that this member voted (a unique constraint: once, whatever the concurrency);
    the grades only increment counts. The checks read before the write transaction: on SQLite
    a transaction holds the one write lock from its start (IMMEDIATE), and a burst of ballots
    queued behind each other's reads, second taps included."""
    round_ = vote_round_open(selection)
    if round_ is None:
        raise CoreError.BAD_TRANSITION()
    if actor.person_id is None or not team_members(selection).filter(pk=actor.person_id).exists():
        raise SelectionError.NOT_MEMBER(team=selection.team.name)
    candidates = {a.pk for a in vote_candidates(selection, round_)}
    chosen = {int(k): v for k, v in grades.items() if v}
    if set(chosen) != candidates or not set(chosen.values()) <= set(Grade.values):
        raise SelectionError.VOTE_INCOMPLETE()
    ballot = Ballot(selection=selection, round=round_, voter_id=actor.person_id)
    if Ballot.objects.filter(selection=selection, round=round_, voter_id=actor.person_id).exists():
        raise SelectionError.VOTED()
    by_grade: dict[str, list[int]] = {}
    for applicant_id, grade in chosen.items():
        by_grade.setdefault(grade, []).append(applicant_id)
    with transaction.atomic():
        # The round may have closed since the checks above: nothing is stored then.
        current = Selection.objects.filter(pk=selection.pk).values_list("status", flat=True)
        if vote_round_open(Selection(status=current.first())) != round_:
            raise CoreError.BAD_TRANSITION()
        try:
            with transaction.atomic():
                ballot.save()
        except IntegrityError:
            raise SelectionError.VOTED() from None
        for grade, applicant_ids in by_grade.items():
            Tally.objects.filter(applicant_id__in=applicant_ids, round=round_, grade=grade).update(
                count=F("count") + 1
            )


# --- result, 公示, objections, appointment ----------------------------------------------------


def _vote_scores(applicants, round_: str) -> dict[int, Decimal | None]:
    counts: dict[int, dict[str, int]] = {}
    for t in Tally.objects.filter(applicant__in=applicants, round=round_):
        counts.setdefault(t.applicant_id, {})[t.grade] = t.count
    out = {}
    for a in applicants:
        got = counts.get(a.pk, {})
        n = sum(got.values())
        out[a.pk] = (
            (Decimal(sum(GRADE_SCORE[g] * c for g, c in got.items())) / n).quantize(CENT)
            if n
            else None
        )
    return out


def results(selection: Selection, candidates: list[Applicant]) -> list[Applicant]:
    """Fill each candidate's round scores and weighted total (not saved) and rank them: the
    written test from the bound quiz (the best graded attempt), the panel's trimmed mean, the
    vote's mean grade score, plus the talent-pool bonus."""
    written = {}
    if selection.quiz_id:
        written = best_scores(
            quiz_id=selection.quiz_id, person_ids=[c.person_id for c in candidates]
        )
    scores: dict[int, list] = {}
    for applicant_id, score in JudgeScore.objects.filter(applicant__in=candidates).values_list(
        "applicant_id", "score"
    ):
        scores.setdefault(applicant_id, []).append(score)
    votes = _vote_scores(candidates, VoteRound.SELECTION)
    for c in candidates:
        c.written = written.get(c.person_id)
        c.interview = panel_score(scores.get(c.pk, []))
        c.vote = votes[c.pk]
        c.total = (
            sum(
                (Decimal(w) * (v or 0) / 100)
                for w, v in (
                    (selection.weight_written, c.written),
                    (selection.weight_interview, c.interview),
                    (selection.weight_vote, c.vote),
                )
            )
            + c.bonus
        ).quantize(CENT, rounding=ROUND_HALF_UP)
    ordered = sorted(candidates, key=lambda c: (-c.total, -(c.interview or 0), c.pk))
    for i, c in enumerate(ordered, 1):
        c.rank = i
    return ordered


@transaction.atomic
def selection_publicize(*, actor, selection: Selection, now=None) -> Selection:
    """Every judge has scored and every written score is in: the totals and ranking are fixed
    and the result goes on 公示 for the notice's working days."""
    _check_manage(actor, selection)
    if selection.status != SelectionStatus.ROUNDS:
        raise CoreError.BAD_TRANSITION()
    candidates = list(selection.applicants.filter(status__in=IN_ROUNDS).select_related("person"))
    panel = selection.judges.count()
    counted = {
        a: n
        for a, n in JudgeScore.objects.filter(applicant__in=candidates)
        .values_list("applicant_id")
        .annotate(n=Count("pk"))
    }
    ordered = results(selection, candidates)
    missing = [
        c.person.name
        for c in ordered
        if (panel and counted.get(c.pk, 0) < panel)
        or (selection.weight_written and c.written is None)
    ]
    if missing:
        raise SelectionError.SCORES_MISSING(names="、".join(missing))
    Applicant.objects.bulk_update(ordered, ["written", "interview", "vote", "total", "rank"])
    until = deadline_after_workdays(now or timezone.now(), selection.publicity_days)
    return _move(selection, A.PUBLICIZE, actor=actor, publicity_until=until)


@transaction.atomic
def note_save(*, actor, applicant: Applicant, note: str) -> Applicant:
    """考察 notes on a candidate, on the record."""
    selection = applicant.selection
    _check_manage(actor, selection)
    if selection.status not in TRANSITIONS[A.NOTE][0]:
        raise CoreError.BAD_TRANSITION()
    if not note.strip():
        raise CoreError.REQUIRED(field="note", label=_("考察意见"))
    applicant.inspection_note = note.strip()
    applicant.save(update_fields=["inspection_note"])
    timeline_write(
        SelectionEvent,
        selection,
        actor=actor,
        action=A.NOTE,
        note=f"{applicant.person.name}:{applicant.inspection_note}",
    )
    return applicant


@transaction.atomic
def objection_raise(
    *, actor, selection: Selection, text: str, anonymous: bool = False, now=None
) -> Objection:
    """An objection during 公示, by anyone who sees the selection. An anonymous one keeps no
    author, no time but the day, and no actor on the timeline."""
    now = now or timezone.now()
    if selection.status != SelectionStatus.PUBLICITY:
        raise CoreError.BAD_TRANSITION()
    if now > selection.publicity_until:
        raise SelectionError.PUBLICITY_OVER(
            end=timezone.localtime(selection.publicity_until).strftime("%Y-%m-%d %H:%M")
        )
    if not text.strip():
        raise CoreError.REQUIRED(field="text", label=_("异议内容"))
    day = timezone.localdate(now)
    objection = Objection.objects.create(
        selection=selection,
        author_id=None if anonymous else actor.person_id,
        day=day,
        text=text.strip(),
    )
    timeline_write(
        SelectionEvent,
        selection,
        actor=None if anonymous else actor,
        action=A.OBJECTION,
        note=_("匿名异议") if anonymous else "",
        at=timezone.make_aware(datetime.combine(day, time.min)) if anonymous else now,
    )
    return objection


@transaction.atomic
def objection_answer(*, actor, objection: Objection, answer: str) -> Objection:
    selection = objection.selection
    _check_manage(actor, selection)
    if selection.status not in TRANSITIONS[A.ANSWER][0]:
        raise CoreError.BAD_TRANSITION()
    if objection.answered_at:
        raise SelectionError.ANSWERED()
    if not answer.strip():
        raise CoreError.REQUIRED(field="answer", label=_("答复"))
    objection.answer, objection.answered_by = answer.strip(), actor
    objection.answered_at = timezone.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at"])
    timeline_write(SelectionEvent, selection, actor=actor, action=A.ANSWER, note=objection.answer)
    return objection


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def selection_appoint(*, actor, selection: Selection, now=None) -> Selection:
    """After 公示 with every objection answered: the top `places` candidates get the 班组长 role
    on the team through the role service, for the term; the term review joins 督办."""
    now = now or timezone.now()
    _check_manage(actor, selection)
    if selection.status != SelectionStatus.PUBLICITY:
        raise CoreError.BAD_TRANSITION()
    if now < selection.publicity_until:
        raise SelectionError.PUBLICITY_RUNNING(
            end=timezone.localtime(selection.publicity_until).strftime("%Y-%m-%d %H:%M")
        )
    open_objections = selection.objections.filter(answered_at=None).count()
    if open_objections:
        raise SelectionError.OPEN_OBJECTIONS(n=open_objections)
    chosen = list(
        selection.applicants.filter(status__in=IN_ROUNDS, rank__lte=selection.places)
        .select_related("person")
        .order_by("rank")
    )
    for applicant in chosen:
        role_grant(actor=actor, role=TEAM_LEADER, unit=selection.team, person=applicant.person)
    Applicant.objects.filter(pk__in=[a.pk for a in chosen]).update(appointed=True)
    _open_tallies(chosen, VoteRound.TERM)
    start = timezone.localdate(now)
    end = _add_years(start, selection.term_years) - timedelta(days=1)
    _move(
        selection,
        A.APPOINT,
        actor=actor,
        note="、".join(a.person.name for a in chosen),
        term_start=start,
        term_end=end,
    )
    _supervise_term(selection, actor=actor, now=now)
    notify(
        users=[a.person.user for a in chosen if getattr(a.person, "user", None)],
        title=_("您已被聘任为%(team)s班组长") % {"team": selection.team.name},
        url=selection.get_absolute_url(),
    )
    return selection


def term_results(selection: Selection, *, on: date) -> dict:
    """The team's results over the term so far, from the platform: the registered indicators of
    hazards and appeals, the latest locked 量化考核 grade, and the term 民主测评."""
    from apps.core import indicators
    from apps.kpi.choices import PeriodStatus
    from apps.kpi.models import Scorecard

    start = selection.term_start or on
    out = {}
    for code in ("hazards.on_time_rate", "appeals.on_time_rate", "appeals.satisfaction"):
        calc = indicators.get(code)
        if calc is None:
            continue
        value = calc.fn(units=[selection.team], start=start, end=on).get(selection.team.pk)
        out[str(calc.label)] = (
            f"{value.value}{calc.measure}" if value and value.value is not None else "—"
        )
    card = (
        Scorecard.objects.filter(unit=selection.team, period__status=PeriodStatus.LOCKED)
        .exclude(grade="")
        .order_by("-period__end")
        .first()
    )
    out[_("量化考核等次")] = card.get_grade_display() if card else "—"
    leaders = list(vote_candidates(selection, VoteRound.TERM))
    votes = _vote_scores(leaders, VoteRound.TERM)
    for a in leaders:
        out[_("任期民主测评:%(name)s") % {"name": a.person.name}] = (
            str(votes[a.pk]) if votes[a.pk] is not None else "—"
        )
    return out


@transaction.atomic
def selection_term_review(*, actor, selection: Selection, outcome: str, note: str, now=None):
    """The term review (任期考核): the team's results fixed on the record with the reviewer's
    opinion; renewal starts a new term, a new selection ends it and takes back the role."""
    _check_manage(actor, selection)
    if outcome not in TermOutcome.values:
        raise CoreError.BAD_CHOICE(field="outcome", label=_("考核结论"))
    if not note.strip():
        raise CoreError.REQUIRED(field="note", label=_("任期考核意见"))
    today = timezone.localdate(now)
    figures = term_results(selection, on=today)
    renew = outcome == TermOutcome.RENEW
    fields = {"term_results": figures, "term_note": note.strip(), "term_outcome": outcome}
    if renew:
        fields["term_start"] = selection.term_end + timedelta(days=1)
        fields["term_end"] = _add_years(fields["term_start"], selection.term_years) - timedelta(
            days=1
        )
    else:
        fields["status"] = SelectionStatus.CLOSED
    _move(selection, A.TERM_REVIEW, actor=actor, note=note.strip(), data=figures, **fields)
    if renew:
        # A new term gets its own 民主测评 and its own follow-up.
        Ballot.objects.filter(selection=selection, round=VoteRound.TERM).delete()
        Tally.objects.filter(applicant__selection=selection, round=VoteRound.TERM).update(count=0)
        _supervise_term(selection, actor=actor, now=now)
        return selection
    from apps.accounts.models import RoleAssignment
    from apps.accounts.services import role_revoke

    leaders = selection.applicants.filter(appointed=True).values("person_id")
    for grant in RoleAssignment.objects.filter(
        role=TEAM_LEADER, unit=selection.team, user__person__in=leaders
    ):
        role_revoke(actor=actor, assignment=grant)
    supervision_close(record=selection)
    return selection


def _supervise_term(selection: Selection, *, actor, now=None) -> None:
    supervise(
        record=selection,
        kind="selection_term",
        title=_("班组长任期考核:%(team)s") % {"team": selection.team.name},
        url=selection.get_absolute_url(),
        owner_unit=selection.team.get_parent() or selection.team,
        due_at=end_of_day(selection.term_end),
        now=now,
        assigned_by=actor,
    )


def term_remind(*, now) -> int:
    """Reminders before a term ends, once per selection and term: the organisers who reach the
    team and the team leaders. The review itself is followed up in 督办."""
    from apps.accounts.models import RoleAssignment

    today = timezone.localdate(now)
    due = Selection.objects.filter(
        status=SelectionStatus.APPOINTED,
        term_end__lte=today + timedelta(days=TERM_REMIND_DAYS),
        term_end__gte=today,
    ).select_related("team")
    sent = 0
    for selection in due:
        ancestors = [selection.team.path[:n] for n in range(4, len(selection.team.path) + 1, 4)]
        organisers = [
            g.user
            for g in RoleAssignment.objects.filter(
                role__in=RoleAssignment.ORG_ADMIN_ROLES,
                unit__path__in=ancestors,
                user__is_active=True,
            ).select_related("user")
        ]
        leaders = [
            g.user
            for g in RoleAssignment.objects.filter(
                role=TEAM_LEADER, unit=selection.team
            ).select_related("user")
        ]
        notify(
            users={u.pk: u for u in organisers + leaders}.values(),
            title=_("%(team)s班组长任期将于 %(end)s 届满,请组织任期考核")
            % {"team": selection.team.name, "end": selection.term_end},
            url=selection.get_absolute_url(),
            dedupe_key=f"selection:{selection.pk}:term:{selection.term_end}",
        )
        sent += 1
    return sent
