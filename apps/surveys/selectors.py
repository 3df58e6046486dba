"""Reads of surveys. Results are figures over anonymous responses, and a group of fewer than
the survey's `min_group` answers shows no figure at all (decision 0007)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from apps.core.errors import NotFound
from apps.core.scope import reaches
from apps.orgs.models import OrgUnit

from .choices import QuestionKind, SurveyStatus
from .models import SCALE_MAX, SCALE_MIN, Invitation, Question, Survey


def survey_get(*, user, pk: int) -> Survey:
    survey = Survey.objects.visible_to(user).select_related("audience").filter(pk=pk).first()
    if survey is None:
        raise NotFound()
    return survey


def surveys_to_answer(*, user):
    """The open surveys the user is invited to and has not answered yet."""
    person_id = getattr(user, "person_id", None)
    pending = Invitation.objects.filter(person_id=person_id, answered_on__isnull=True)
    return Survey.objects.filter(
        status=SurveyStatus.OPEN, pk__in=pending.values("survey_id")
    ).order_by("closes_at", "pk")


def surveys_managed(*, user):
    """The surveys whose audience the user's roles reach, each with `invited` and `answered`."""
    return (
        Survey.objects.managed_by(user)
        .select_related("audience")
        .annotate(
            invited=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__answered_on__isnull=False)),
        )
        .order_by("-opens_at", "-pk")
    )


def invitation_of(*, user, survey: Survey) -> Invitation | None:
    return Invitation.objects.filter(survey=survey, person_id=user.person_id).first()


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)
    average: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class UnitResult:
    unit: OrgUnit
    responses: int
    averages: dict[int, float] | None  # None: fewer answers than the survey's min_group


@dataclass
class SurveyResults:
    survey: Survey
    invited: int
    responses: int
    hidden: bool  # fewer answers than min_group: nothing but the two counts is shown
    questions: list[QuestionResult]
    units: list[UnitResult]

    @property
    def rate(self) -> float:
        return round(100 * self.responses / self.invited, 1) if self.invited else 0.0


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _question_result(question: Question, values: list, min_group: int) -> QuestionResult:
    result = QuestionResult(question=question, answered=len(values))
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        picked = Counter()
        for value in values:
            picked.update(value if isinstance(value, list) else [value])
        result.counts = [(text, picked[i]) for i, text in enumerate(question.options)]
    elif question.kind == QuestionKind.SCALE:
        scores = Counter(values)
        result.counts = [(str(s), scores[s]) for s in range(SCALE_MIN, SCALE_MAX + 1)]
        result.average = _average(values)
    elif len(values) >= min_group:
        result.texts = sorted(values)  # sorted: the order of answering is not shown
    return result


def survey_results(*, user, survey: Survey) -> SurveyResults:
    """Per question the counts (and the average of a scale), per unit the scale averages; a
    group under `min_group` answers is hidden, and open text is listed only from `min_group`
    answers on. Only cadres whose roles reach the audience see them; to an invited employee
    the results are not there (404)."""
    if not reaches(user, survey.audience):
        raise NotFound()
    questions = list(survey.questions.all())
    rows = list(survey.responses.values_list("unit_id", "answers"))
    invited = survey.invitations.count()
    hidden = len(rows) < survey.min_group
    results = SurveyResults(survey, invited, len(rows), hidden, [], [])
    if hidden:
        return results
    for question in questions:
        key = str(question.pk)
        values = [answers[key] for _, answers in rows if key in answers]
        results.questions.append(_question_result(question, values, survey.min_group))
    by_unit = defaultdict(list)
    for unit_id, answers in rows:
        by_unit[unit_id].append(answers)
    scales = [q for q in questions if q.kind == QuestionKind.SCALE]
    for unit in OrgUnit.objects.filter(pk__in=by_unit).order_by("path"):
        sheets = by_unit[unit.pk]
        averages = None
        if len(sheets) >= survey.min_group:
            averages = {
                q.pk: _average([s[str(q.pk)] for s in sheets if str(q.pk) in s]) for q in scales
            }
        results.units.append(UnitResult(unit, len(sheets), averages))
    return results
