"""Writes of surveys. `answer_submit` is the one place an answer is taken: the invitation (who)
and the response (what) are written in one transaction and share nothing a join could use."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from apps.core.errors import CoreError, Forbidden
from apps.core.scope import reaches
from apps.orgs.choices import EmploymentStatus
from apps.orgs.models import OrgUnit, Person
from apps.orgs.scope import in_subtree

from .choices import QuestionKind, SurveyStatus
from .errors import SurveyError
from .models import SCALE_MAX, SCALE_MIN, TEXT_MAX, Invitation, Question, Response, Survey


def _may_manage(user, unit) -> None:
    if not reaches(user, unit):
        raise Forbidden()


def _locked(actor, survey: Survey, status: str) -> Survey:
    """The survey locked for a change of status, which it must be in now."""
    _may_manage(actor, survey.audience)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != status:
        raise CoreError.BAD_TRANSITION()
    return survey


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
    min_group: int = 5,
) -> Survey:
    """A draft survey of the audience unit's subtree, made by a cadre who reaches that unit."""
    _may_manage(actor, audience)
    if not title.strip():
        raise CoreError.REQUIRED(field="title", label="标题")
    if closes_at <= opens_at:
        raise SurveyError.BAD_WINDOW(field="closes_at")
    return Survey.objects.create(
        title=title.strip(),
        intro=intro,
        kind=kind,
        audience=audience,
        opens_at=opens_at,
        closes_at=closes_at,
        min_group=max(min_group, 5),
    )


@transaction.atomic
def question_add(
    *,
    actor,
    survey: Survey,
    text: str,
    kind: str,
    required: bool = True,
    options: list[str] | None = None,
) -> Question:
    """A question at the end of a draft survey; a choice question needs two options."""
    _may_manage(actor, survey.audience)
    if survey.status != SurveyStatus.DRAFT:
        raise SurveyError.NOT_EDITABLE()
    if not text.strip():
        raise CoreError.REQUIRED(field="text", label="题目")
    options = [str(o).strip() for o in options or [] if str(o).strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(options) < 2:
        raise SurveyError.FEW_OPTIONS(field="options")
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = []
    order = survey.questions.count() + 1
    return Question.objects.create(
        survey=survey, order=order, text=text.strip(), kind=kind, required=required, options=options
    )


@transaction.atomic
def survey_open(*, actor, survey: Survey) -> Survey:
    """Publishing invites every active person of the audience subtree (by department), in bulk."""
    survey = _locked(actor, survey, SurveyStatus.DRAFT)
    if not survey.questions.exists():
        raise SurveyError.NO_QUESTIONS()
    people = in_subtree(
        Person.objects.filter(status=EmploymentStatus.ACTIVE), survey.audience, "department"
    ).values_list("pk", flat=True)
    invitations = [Invitation(survey=survey, person_id=pk) for pk in people]
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


def _coarse_unit(survey: Survey, person: Person) -> OrgUnit:
    """The smallest unit above the person's department holding at least `min_group`
    invitees of this survey (the audience unit when none below it does)."""
    audience = survey.audience
    unit = person.department
    while unit is not None and unit.path.startswith(audience.path) and unit != audience:
        invitees = in_subtree(survey.invitations.all(), unit, "person__department").count()
        if invitees >= survey.min_group:
            return unit
        unit = OrgUnit.objects.get_parent(unit)
    return audience


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
    survey = Survey.objects.get(pk=survey.pk)
    now = timezone.now()
    if survey.status != SurveyStatus.OPEN or not survey.opens_at <= now < survey.closes_at:
        raise SurveyError.NOT_OPEN()
    if invitation.answered_on is not None:
        raise SurveyError.ALREADY_ANSWERED()
    cleaned = answers_clean(survey, answers)
    invitation.answered_on = timezone.localdate(survey.opens_at)
    invitation.save(update_fields=["answered_on"])
    Response.objects.create(
        survey=survey, unit=_coarse_unit(survey, invitation.person), answers=cleaned
    )
