"""Writes of surveys. `answer_submit` is the one place an answer is taken: the invitation (who)
and the response (what) are written in one transaction and share nothing a join could use."""

from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.errors import CoreError, Forbidden
from apps.core.scope import reaches
from apps.core.services import notify
from apps.orgs.choices import EmploymentStatus
from apps.orgs.models import OrgUnit, Person
from apps.orgs.scope import in_subtree

from .choices import CHOICE_KINDS, PersonKind, QuestionKind, SurveyStatus
from .errors import SurveyError
from .models import (
    MIN_GROUP,
    SCALE_MAX,
    SCALE_MIN,
    TEXT_MAX,
    Invitation,
    Question,
    Response,
    Survey,
)
from .presets import TEMPLATES
from .tallies import tally_add

COARSE_TTL = 90 * 86400

# The membership (a reverse one-to-one of Person) that makes a person of each kind.
MEMBERSHIP = {
    PersonKind.PARTY: "party_membership",
    PersonKind.UNION: "union_membership",
    PersonKind.LEAGUE: "league_membership",
}


def _may_manage(user, unit) -> None:
    if not reaches(user, unit):
        raise Forbidden()


def _locked(actor, survey: Survey, status: str, refusal=CoreError.BAD_TRANSITION) -> Survey:
    """The survey locked for a change, which it must be in `status` for."""
    _may_manage(actor, survey.audience)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != status:
        raise refusal()
    return survey


def _person_kinds(kinds) -> list[str]:
    kinds = list(dict.fromkeys(kinds or ()))
    if any(k not in PersonKind.values for k in kinds):
        raise SurveyError.BAD_PERSON_KIND(field="person_kinds")
    return kinds


def _check_window(opens_at: datetime, closes_at: datetime) -> None:
    if closes_at <= opens_at:
        raise SurveyError.BAD_WINDOW(field="closes_at")


@transaction.atomic
def survey_create(
    *,
    actor,
    title: str,
    kind: str,
    audience: OrgUnit,
    opens_at: datetime,
    closes_at: datetime,
    intro: str = "",
    min_group: int = MIN_GROUP,
    person_kinds=(),
    counts_for_satisfaction: bool = False,
    template: str = "",
) -> Survey:
    """A draft survey of the audience unit's subtree, made by a cadre who reaches that unit;
    from a template (`apps.surveys.presets`) it has the template's kind and questions, and its
    title, introduction and satisfaction flag where none are given."""
    _may_manage(actor, audience)
    preset = None
    if template:
        preset = TEMPLATES.get(template)
        if preset is None:
            raise SurveyError.UNKNOWN_TEMPLATE(field="template")
        kind = preset.kind
        title = title.strip() or preset.title
        intro = intro or preset.intro
        counts_for_satisfaction = counts_for_satisfaction or preset.counts_for_satisfaction
    if not title.strip():
        raise CoreError.REQUIRED(field="title", label="标题")
    _check_window(opens_at, closes_at)
    survey = Survey.objects.create(
        title=title.strip(),
        intro=intro,
        kind=kind,
        audience=audience,
        opens_at=opens_at,
        closes_at=closes_at,
        min_group=max(min_group, MIN_GROUP),
        person_kinds=_person_kinds(person_kinds),
        counts_for_satisfaction=counts_for_satisfaction,
    )
    if preset is not None:
        Question.objects.bulk_create(preset.build(survey))
    return survey


@transaction.atomic
def survey_update(
    *,
    actor,
    survey: Survey,
    title: str,
    kind: str,
    audience: OrgUnit,
    opens_at: datetime,
    closes_at: datetime,
    intro: str = "",
    person_kinds=(),
    counts_for_satisfaction: bool = False,
) -> Survey:
    """A draft's title, audience and window; once published (the audience invited) they stay."""
    survey = _locked(actor, survey, SurveyStatus.DRAFT, SurveyError.NOT_DRAFT)
    _may_manage(actor, audience)
    if not title.strip():
        raise CoreError.REQUIRED(field="title", label="标题")
    _check_window(opens_at, closes_at)
    survey.title = title.strip()
    survey.intro = intro
    survey.kind = kind
    survey.audience = audience
    survey.opens_at = opens_at
    survey.closes_at = closes_at
    survey.person_kinds = _person_kinds(person_kinds)
    survey.counts_for_satisfaction = counts_for_satisfaction
    survey.save()
    return survey


def _editable(actor, survey: Survey) -> Survey:
    """The survey locked for a change of its questions: not closed, and nobody has answered
    (an answer names questions by id and options by index)."""
    _may_manage(actor, survey.audience)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == SurveyStatus.CLOSED:
        raise SurveyError.NOT_EDITABLE()
    if survey.responses.exists():
        raise SurveyError.ANSWERED()
    return survey


def _lines(values) -> list[str]:
    return [str(v).strip() for v in values or [] if str(v).strip()]


def _question_fields(text: str, kind: str, options, rows) -> dict:
    """A question's cleaned fields: options only for a choice, rows only for a matrix."""
    if not text.strip():
        raise CoreError.REQUIRED(field="text", label="题目")
    options = _lines(options) if kind in CHOICE_KINDS else []
    rows = _lines(rows) if kind == QuestionKind.MATRIX else []
    if kind in CHOICE_KINDS and len(options) < 2:
        raise SurveyError.FEW_OPTIONS(field="options")
    if kind == QuestionKind.MATRIX and not rows:
        raise SurveyError.NO_ROWS(field="rows")
    for values, field in ((options, "options"), (rows, "rows")):
        seen = set()
        for value in values:
            if value in seen:
                raise SurveyError.DUPLICATE_OPTION(field=field, text=value)
            seen.add(value)
    return {"text": text.strip(), "kind": kind, "options": options, "rows": rows}


@transaction.atomic
def question_add(
    *,
    actor,
    survey: Survey,
    text: str,
    kind: str,
    required: bool = True,
    options: list[str] | None = None,
    rows: list[str] | None = None,
) -> Question:
    """A question at the end of a survey nobody has answered yet."""
    survey = _editable(actor, survey)
    fields = _question_fields(text, kind, options, rows)
    order = survey.questions.count() + 1
    return Question.objects.create(survey=survey, order=order, required=required, **fields)


@transaction.atomic
def question_update(
    *,
    actor,
    question: Question,
    text: str,
    kind: str,
    required: bool = True,
    options: list[str] | None = None,
    rows: list[str] | None = None,
) -> Question:
    _editable(actor, question.survey)
    for name, value in _question_fields(text, kind, options, rows).items():
        setattr(question, name, value)
    question.required = required
    question.save()
    return question


def _renumber(survey: Survey, questions: list[Question]) -> None:
    for n, q in enumerate(questions, start=1):
        q.order = n
    Question.objects.bulk_update(questions, ["order"])


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    survey = _editable(actor, question.survey)
    question.delete()
    _renumber(survey, list(survey.questions.all()))


@transaction.atomic
def question_move(*, actor, question: Question, up: bool) -> None:
    """One place up or down (the first stays first, the last last)."""
    survey = _editable(actor, question.survey)
    questions = list(survey.questions.all())
    i = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(questions):
        questions[i], questions[j] = questions[j], questions[i]
        _renumber(survey, questions)


def _publishable(survey: Survey, now: datetime) -> None:
    """What publishing checks: a valid window still ahead, questions, each complete."""
    _check_window(survey.opens_at, survey.closes_at)
    if survey.closes_at <= now:
        raise SurveyError.CLOSES_PAST(field="closes_at")
    questions = list(survey.questions.all())
    if not questions:
        raise SurveyError.NO_QUESTIONS()
    for n, q in enumerate(questions, start=1):
        if q.kind in CHOICE_KINDS and len(q.options) < 2:
            raise SurveyError.QUESTION_FEW_OPTIONS(n=n)
        if q.kind == QuestionKind.MATRIX and not q.rows:
            raise SurveyError.QUESTION_NO_ROWS(n=n)


def invitees(survey: Survey):
    """The ids of the active people of the audience subtree (by department), of the chosen
    kinds when there are any."""
    people = in_subtree(
        Person.objects.filter(status=EmploymentStatus.ACTIVE), survey.audience, "department"
    )
    if survey.person_kinds:
        having = Q()
        for kind in survey.person_kinds:
            # a soft-deleted membership is one the person no longer holds
            having |= Q(**{f"{MEMBERSHIP[kind]}__deleted_at__isnull": True}) & Q(
                **{f"{MEMBERSHIP[kind]}__isnull": False}
            )
        people = people.filter(having)
    return people.values_list("pk", flat=True)


@transaction.atomic
def survey_open(*, actor, survey: Survey) -> Survey:
    """Publishing invites the audience (`invitees`), in bulk."""
    survey = _locked(actor, survey, SurveyStatus.DRAFT)
    _publishable(survey, timezone.now())
    invitations = [Invitation(survey=survey, person_id=pk) for pk in invitees(survey)]
    if not invitations:
        raise SurveyError.NOBODY_INVITED()
    Invitation.objects.bulk_create(invitations, ignore_conflicts=True)
    survey.status = SurveyStatus.OPEN
    survey.save()
    return survey


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    """Closing an open survey ends the answering; its results stay."""
    survey = _locked(actor, survey, SurveyStatus.OPEN)
    survey.status = SurveyStatus.CLOSED
    survey.save()
    return survey


def _remind(survey: Survey, today: date) -> int:
    """Notify the invitees who have not answered, once a day each (the dedupe key carries the
    day). The text names the survey and its deadline only: never who answered or what."""
    users = User.objects.filter(
        is_active=True,
        person__in=survey.invitations.filter(answered_on__isnull=True).values("person_id"),
    )
    deadline = timezone.localtime(survey.closes_at).strftime("%Y-%m-%d %H:%M")
    notify(
        users=users,
        title=_("请填写问卷《%(title)s》,%(deadline)s 截止")
        % {"title": survey.title, "deadline": deadline},
        body=_("问卷匿名,不记录您的姓名和提交时间。"),
        url=reverse("surveys:answer", args=[survey.pk]),
        dedupe_key=f"survey:{survey.pk}:remind:{today.isoformat()}",
    )
    Survey.objects.filter(pk=survey.pk).update(reminded_on=today)
    return len(users)


@transaction.atomic
def survey_remind(*, actor, survey: Survey) -> int:
    """A cadre's reminder to those who have not answered an open survey; returns how many
    were asked (someone already reminded today is not asked again)."""
    _may_manage(actor, survey.audience)
    now = timezone.now()
    survey = Survey.objects.get(pk=survey.pk)
    if survey.status != SurveyStatus.OPEN or not survey.opens_at <= now < survey.closes_at:
        raise SurveyError.NOT_REMINDABLE()
    return _remind(survey, timezone.localdate(now))


REMIND_BEFORE = timedelta(days=2)


@transaction.atomic
def surveys_remind_due(*, now: datetime) -> int:
    """The periodic pass: each open survey closing within `REMIND_BEFORE` reminds its
    non-answering invitees once that day (a survey already reminded today is skipped, so the
    every-minute tick costs one query)."""
    today = timezone.localdate(now)
    due = Survey.objects.filter(
        status=SurveyStatus.OPEN, opens_at__lte=now, closes_at__gt=now
    ).filter(closes_at__lte=now + REMIND_BEFORE)
    due = due.exclude(reminded_on=today)
    return sum(_remind(survey, today) for survey in due)


def _clean_answer(question: Question, value, n: int):
    """The answer to one question as stored (None when a non-required question is skipped)."""
    empty = value is None or value == "" or value == []
    if empty:
        if question.required:
            raise SurveyError.ANSWER_REQUIRED(field=f"q_{question.pk}", n=n)
        return None
    field = f"q_{question.pk}"
    kind = question.kind
    if kind == QuestionKind.TEXT:
        text = str(value).strip()
        if not text and question.required:
            raise SurveyError.ANSWER_REQUIRED(field=field, n=n)
        if len(text) > TEXT_MAX:
            raise SurveyError.TEXT_TOO_LONG(field=field, n=n, max=TEXT_MAX, len=len(text))
        return text or None
    if kind == QuestionKind.SCALE:
        score = _as_int(value)
        if score is None or not SCALE_MIN <= score <= SCALE_MAX:
            raise SurveyError.BAD_SCALE(field=field, n=n)
        return score
    if kind == QuestionKind.MATRIX:
        scores = [_as_int(v) for v in value] if isinstance(value, list) else []
        if len(scores) != len(question.rows) or any(
            s is None or not SCALE_MIN <= s <= SCALE_MAX for s in scores
        ):
            raise SurveyError.MATRIX_INCOMPLETE(field=field, n=n)
        return scores
    values = value if isinstance(value, list) else [value]
    if kind == QuestionKind.SINGLE and len(values) != 1:
        raise SurveyError.ONE_OPTION(field=field, n=n)
    picked = [_as_int(v) for v in values]
    if any(i is None or not 0 <= i < len(question.options) for i in picked):
        raise SurveyError.BAD_OPTION(field=field, n=n)
    return picked[0] if kind == QuestionKind.SINGLE else sorted(set(picked))


def _as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def answers_clean(survey: Survey, answers: dict) -> dict:
    """Every answer checked against its question, keyed by the question's id as a string."""
    questions = list(survey.questions.all())
    known = {str(q.pk) for q in questions}
    if any(str(key) not in known for key in answers):
        raise SurveyError.UNKNOWN_QUESTION()
    given = {str(key): value for key, value in answers.items()}
    cleaned = {}
    for n, question in enumerate(questions, start=1):
        value = _clean_answer(question, given.get(str(question.pk)), n)
        if value is not None:
            cleaned[str(question.pk)] = value
    return cleaned


def _coarse_unit(survey: Survey, person: Person) -> int:
    """The id of the smallest unit above the person's department holding at least `min_group`
    invitees of this survey (the audience unit when none below it does). The invitees are fixed
    once the survey is published, so the answer is kept per department for the survey's life
    (a burst of submits then counts each department once)."""

    def walk() -> int:
        audience = survey.audience
        unit = person.department
        while unit is not None and unit.path.startswith(audience.path) and unit != audience:
            invitees = in_subtree(survey.invitations.all(), unit, "person__department").count()
            if invitees >= survey.min_group:
                return unit.pk
            unit = OrgUnit.objects.get_parent(unit)
        return audience.pk

    key = f"survey:{survey.pk}:coarse:{person.department_id}"
    return cache.get_or_set(key, walk, timeout=COARSE_TTL)


@transaction.atomic
def answer_submit(*, actor, survey: Survey, answers: dict) -> None:
    """Take one person's answers once: lock their invitation, mark it answered with the day
    only, and insert the response with a random key. Returns nothing that links the two."""
    person_id = getattr(actor, "person_id", None)
    invitation = (
        Invitation.objects.select_for_update()
        .filter(survey=survey, person_id=person_id)
        .select_related("person__department")
        .first()
    )
    if invitation is None:
        raise SurveyError.NOT_INVITED()
    survey = Survey.objects.prefetch_related("questions").get(pk=survey.pk)
    now = timezone.now()
    if survey.status != SurveyStatus.OPEN or not survey.opens_at <= now < survey.closes_at:
        raise SurveyError.NOT_OPEN()
    if invitation.answered_on is not None:
        raise SurveyError.ALREADY_ANSWERED()
    cleaned = answers_clean(survey, answers)
    invitation.answered_on = timezone.localdate(survey.opens_at)
    invitation.save(update_fields=["answered_on"])
    unit_id = _coarse_unit(survey, invitation.person)
    Response.objects.create(survey=survey, unit_id=unit_id, answers=cleaned)
    tally_add(survey=survey, questions=survey.questions.all(), unit_id=unit_id, answers=cleaned)
