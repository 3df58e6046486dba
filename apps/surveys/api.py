"""Surveys over the API: the pages' selectors and services."""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from apps.core.api import Steps, named, paged
from apps.core.errors import CoreError
from apps.core.middleware import no_session_write
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.orgs.models import OrgUnit

from . import selectors, services
from .choices import PersonKind, QuestionKind, SurveyKind
from .models import Survey
from .presets import TEMPLATES

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
    kind: str = Field(description="single / multiple / scale(1–5)/ matrix / text")
    required: bool
    options: list[str] = Field(description="单选、多选题的选项;答案用选项的序号(从 0 起)")
    rows: list[str] = Field(description="矩阵题的行;答案为每行 1–5 分的列表")


class SurveyDetailOut(SurveyOut):
    intro: str
    person_kinds: list[str] = Field(description="调查对象:party / union / league;空为全体")
    counts_for_satisfaction: bool
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


class SurveyMatrixRowOut(Schema):
    text: str
    counts: list[int]
    average: float | None


class SurveyQuestionResultOut(Schema):
    question_id: int
    text: str
    answered: int
    counts: list[SurveyCountOut]
    average: float | None
    texts: list[str]
    rows: list[SurveyMatrixRowOut] = Field(description="矩阵题每行 1–5 分各自的人数和平均分")


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


def _question_out(q) -> dict:
    return {
        "id": q.pk,
        "order": q.order,
        "text": q.text,
        "kind": q.kind,
        "required": q.required,
        "options": q.options,
        "rows": q.rows,
    }


def _detail_out(survey: Survey) -> dict:
    return {
        **_out(survey),
        "intro": survey.intro,
        "person_kinds": survey.person_kinds,
        "counts_for_satisfaction": survey.counts_for_satisfaction,
        "questions": [_question_out(q) for q in survey.questions.all()],
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
    return _detail_out(selectors.survey_get(user=request.user, pk=survey_id))


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
                "rows": [
                    {"text": row.text, "counts": row.counts, "average": row.average}
                    for row in q.rows
                ],
            }
            for q in r.questions
        ],
        "units": [
            {"unit": ref(u.unit), "responses": u.responses, "averages": u.averages} for u in r.units
        ],
    }


# --- the builder ------------------------------------------------------------------------------


class SurveyTemplateOut(Schema):
    key: str
    label: str
    title: str
    kind: str
    questions: int


class SurveyHeadIn(Schema):
    title: str = Field("", max_length=100, description="标题;用模板时可留空")
    kind: SurveyKind = SurveyKind.OTHER
    intro: str = ""
    audience_id: int = Field(description="调查范围:组织单位 id,含其下全部单位")
    person_kinds: list[PersonKind] = Field([], description="只调查这几类人员;空为全体在职职工")
    opens_at: datetime
    closes_at: datetime
    counts_for_satisfaction: bool = Field(False, description="计入满意度测评得分(量化考核)")


class SurveyCreateIn(SurveyHeadIn):
    template: Literal["", "satisfaction", "thought"] = Field(
        "", description="从模板创建:satisfaction 职工满意度测评 / thought 思想动态调查"
    )


class SurveyQuestionIn(Schema):
    text: str = Field(max_length=200)
    kind: QuestionKind
    required: bool = True
    options: list[str] = Field([], description="单选、多选题的选项,至少两个")
    rows: list[str] = Field([], description="矩阵题的行,至少一行")


class SurveyMoveIn(Schema):
    up: bool = Field(description="true 上移一位,false 下移一位")


class SurveyRemindOut(Schema):
    reminded: int = Field(description="本次提醒的人数(今天已提醒过的不再重复)")


class SurveyCrosstabOut(Schema):
    row_question_id: int
    column_question_id: int
    rows: list[str]
    columns: list[str]
    cells: list[list[int | None]] = Field(
        description="不足最少公布人数的格子为 null,能由合计推算出它们的格子也为 null;不给合计"
    )


class SurveyKeywordOut(Schema):
    word: str
    count: int


class SurveyCrosstabQuery(Schema):
    rows: int = Field(description="行:按此题(单选、多选或打分题)分组")
    columns: int = Field(description="列:看此题的分布")


class SurveyKeywordQuery(Schema):
    question: int | None = Field(None, description="只看这道填空题;不填为全部填空题")


def _head(data: SurveyHeadIn) -> dict:
    fields = data.dict(exclude={"audience_id"})
    audience = named(
        OrgUnit.objects, data.audience_id, field="audience_id", error=CoreError.UNIT_NOT_FOUND
    )
    return {**fields, "audience": audience}


def _detail(user, pk: int) -> dict:
    return _detail_out(selectors.survey_managed_get(user=user, pk=pk))


step = Steps(get=selectors.survey_managed_get, name="survey", detail=_detail)
ACTION = {200: SurveyDetailOut, **errors(400, 403, 404, 409, 422)}


@router.get("/templates", response=list[SurveyTemplateOut], summary="问卷模板")
def survey_templates(request):
    return [
        {
            "key": t.key,
            "label": str(t.label),
            "title": t.title,
            "kind": t.kind,
            "questions": len(t.questions),
        }
        for t in TEMPLATES.values()
    ]


@router.post("", response={201: SurveyDetailOut, **errors(400, 403, 422)}, summary="新建问卷(草稿)")
def survey_create(request, data: SurveyCreateIn):
    survey = services.survey_create(actor=request.user, **_head(data))
    return Status(201, _detail(request.user, survey.pk))


@router.put("/{int:survey_id}", response=ACTION, summary="修改问卷(仅草稿)")
def survey_update(request, survey_id: Id, data: SurveyHeadIn):
    return step(request, survey_id, services.survey_update, **_head(data))


@router.post("/{int:survey_id}/questions", response=ACTION, summary="添加题目")
def question_add(request, survey_id: Id, data: SurveyQuestionIn):
    return step(request, survey_id, services.question_add, data)


def _question(request, survey_id: int, question_id: int):
    survey = selectors.survey_managed_get(user=request.user, pk=survey_id)
    return selectors.question_get(survey=survey, pk=question_id)


@router.put(
    "/{int:survey_id}/questions/{int:question_id}",
    response=ACTION,
    summary="修改题目",
    description="有人答卷后不能再修改题目(409)。",
)
def question_update(request, survey_id: Id, question_id: Id, data: SurveyQuestionIn):
    question = _question(request, survey_id, question_id)
    services.question_update(actor=request.user, question=question, **data.dict())
    return _detail(request.user, survey_id)


@router.delete("/{int:survey_id}/questions/{int:question_id}", response=ACTION, summary="删除题目")
def question_delete(request, survey_id: Id, question_id: Id):
    services.question_delete(
        actor=request.user, question=_question(request, survey_id, question_id)
    )
    return _detail(request.user, survey_id)


@router.post(
    "/{int:survey_id}/questions/{int:question_id}/move", response=ACTION, summary="调整题目顺序"
)
def question_move(request, survey_id: Id, question_id: Id, data: SurveyMoveIn):
    question = _question(request, survey_id, question_id)
    services.question_move(actor=request.user, question=question, up=data.up)
    return _detail(request.user, survey_id)


@router.post(
    "/{int:survey_id}/publish",
    response=ACTION,
    summary="发布",
    description="检查题目、选项和答卷时间,邀请调查范围内的职工。",
)
def survey_publish(request, survey_id: Id):
    return step(request, survey_id, services.survey_open)


@router.post("/{int:survey_id}/close", response=ACTION, summary="结束答卷")
def survey_close(request, survey_id: Id):
    return step(request, survey_id, services.survey_close)


@router.post(
    "/{int:survey_id}/remind",
    response={200: SurveyRemindOut, **errors(403, 404, 409)},
    summary="提醒未答卷的职工",
    description="每人每天至多提醒一次;提醒不提及任何人的答卷。",
)
def survey_remind(request, survey_id: Id):
    survey = selectors.survey_managed_get(user=request.user, pk=survey_id)
    return {"reminded": services.survey_remind(actor=request.user, survey=survey)}


@router.get(
    "/{int:survey_id}/crosstab",
    response={200: SurveyCrosstabOut, **errors(400, 404)},
    summary="交叉分析",
)
def survey_crosstab(request, survey_id: Id, query: Query[SurveyCrosstabQuery]):
    survey = selectors.survey_managed_get(user=request.user, pk=survey_id)
    tab = selectors.survey_crosstab(
        user=request.user, survey=survey, rows=query.rows, columns=query.columns
    )
    return {
        "row_question_id": tab.row_question.pk,
        "column_question_id": tab.column_question.pk,
        "rows": tab.rows,
        "columns": tab.columns,
        "cells": tab.cells,
    }


@router.get(
    "/{int:survey_id}/keywords",
    response={200: list[SurveyKeywordOut], **errors(404)},
    summary="开放题关键词",
    description="填空题回答的高频词(已去除停用词);回答不足最少公布人数时为空。",
)
def survey_keywords(request, survey_id: Id, query: Query[SurveyKeywordQuery]):
    survey = selectors.survey_managed_get(user=request.user, pk=survey_id)
    words = selectors.survey_keywords(user=request.user, survey=survey, question=query.question)
    return [{"word": w, "count": n} for w, n in words]
