"""Surveys over the API: the pages' selectors and services."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from apps.core.api import paged
from apps.core.middleware import no_session_write
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref

from . import selectors, services
from .models import Survey

router = Router(tags=["问卷调查"])


class SurveyQuery(PageQuery):
    mine: bool = Field(False, description="true:我待答的问卷;false:我管理范围内的问卷(含答卷率)")


class SurveyOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    status: str
    audience: Ref
    opens_at: datetime
    closes_at: datetime
    invited: int | None = None
    answered: int | None = None


class SurveyPageOut(PageOut):
    items: list[SurveyOut]


class SurveyQuestionOut(Schema):
    id: int
    order: int
    text: str
    kind: str = Field(description="single / multiple / scale(1–5)/ text")
    required: bool
    options: list[str] = Field(description="单选、多选题的选项;答案用选项的序号(从 0 起)")


class SurveyDetailOut(SurveyOut):
    intro: str
    questions: list[SurveyQuestionOut]


class SurveyAnswerIn(Schema):
    answers: dict[str, int | list[int] | str | None] = Field(
        description="题目 id → 答案:单选为序号,多选为序号列表,打分为 1–5,填空为文字"
    )


class SurveyAnswerOut(Schema):
    message: str


class SurveyCountOut(Schema):
    label: str
    count: int


class SurveyQuestionResultOut(Schema):
    question_id: int
    text: str
    answered: int
    counts: list[SurveyCountOut]
    average: float | None
    texts: list[str]


class SurveyUnitResultOut(Schema):
    unit: Ref
    responses: int
    averages: dict[int, float | None] | None = Field(description="不足最少公布人数时为 null")


class SurveyResultsOut(Schema):
    invited: int
    responses: int
    rate: float
    hidden: bool = Field(description="答卷不足最少公布人数:不给出任何统计")
    questions: list[SurveyQuestionResultOut]
    units: list[SurveyUnitResultOut]


def _out(survey: Survey) -> dict:
    return {
        "id": survey.pk,
        "title": survey.title,
        "kind": survey.kind,
        "kind_label": survey.get_kind_display(),
        "status": survey.status,
        "audience": ref(survey.audience),
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        "invited": getattr(survey, "invited", None),
        "answered": getattr(survey, "answered", None),
    }


@router.get("", response={200: SurveyPageOut, **errors(422)}, summary="问卷列表")
def survey_list(request, query: Query[SurveyQuery]):
    if query.mine:
        rows = selectors.surveys_to_answer(user=request.user).select_related("audience")
    else:
        rows = selectors.surveys_managed(user=request.user)
    return paged(rows, query, _out)


@router.get("/{int:survey_id}", response={200: SurveyDetailOut, 404: ErrorOut}, summary="问卷详情")
def survey_detail(request, survey_id: Id):
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    questions = [
        {
            "id": q.pk,
            "order": q.order,
            "text": q.text,
            "kind": q.kind,
            "required": q.required,
            "options": q.options,
        }
        for q in survey.questions.all()
    ]
    return {**_out(survey), "intro": survey.intro, "questions": questions}


@router.post(
    "/{int:survey_id}/answer",
    response={201: SurveyAnswerOut, **errors(400, 404, 409)},
    summary="提交答卷",
    description="每人一次;答卷不记录提交人和时间。",
)
@no_session_write
def survey_answer(request, survey_id: Id, data: SurveyAnswerIn):
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    services.answer_submit(actor=request.user, survey=survey, answers=data.answers)
    return Status(201, {"message": _("已提交,感谢您的参与。答卷不记录您的姓名。")})


@router.get(
    "/{int:survey_id}/results", response={200: SurveyResultsOut, 404: ErrorOut}, summary="结果"
)
def survey_results(request, survey_id: Id):
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    r = selectors.survey_results(user=request.user, survey=survey)
    return {
        "invited": r.invited,
        "responses": r.responses,
        "rate": r.rate,
        "hidden": r.hidden,
        "questions": [
            {
                "question_id": q.question.pk,
                "text": q.question.text,
                "answered": q.answered,
                "counts": [{"label": label, "count": n} for label, n in q.counts],
                "average": q.average,
                "texts": q.texts,
            }
            for q in r.questions
        ],
        "units": [
            {"unit": ref(u.unit), "responses": u.responses, "averages": u.averages} for u in r.units
        ],
    }
