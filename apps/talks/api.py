"""谈心谈话 over the API: the pages' selectors and services (content only to the talker and
the political line; another scope's talk is a 404)."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from apps.core.api import filtered_page, named
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.orgs.models import Person
from apps.orgs.scope import units_reached

from . import selectors, services
from .errors import TalkError
from .filters import ReportFilter, TalkFilter
from .models import RUBRIC, Concern, ConcernTag, MoodReport, Talk

router = Router(tags=["谈心谈话"])


class TalkQuery(PageQuery):
    mine: bool | None = Field(None, description="true:只看我记录的")
    unit: Id | None = Field(None, description="单位(含下级)")
    person: Id | None = Field(None, description="谈话对象")
    start: date | None = Field(None, description="谈话日期起")
    end: date | None = Field(None, description="谈话日期止")
    kind: str | None = Field(
        None, description="谈话类型:daily / hardship / mood / newcomer / transfer / other"
    )
    place: str | None = Field(
        None, description="谈话地点:team / canteen / dorm / office / site / phone / other"
    )
    state: str | None = Field(None, description="思想状态:stable / fair / wavering / attention")
    tag: Id | None = Field(None, description="关注问题标签")


class TalkConcernOut(Schema):
    id: int
    tag: Ref
    note: str
    appeal: Ref | None = Field(description="转成的急难愁盼诉求")
    follow_up_due: datetime | None = Field(description="督办跟进期限")
    follow_up_closed_at: datetime | None


class TalkOut(Schema):
    id: int
    day: date
    person: Ref
    unit: Ref
    talker_name: str
    place: str
    place_label: str
    kind: str
    kind_label: str
    state: str
    state_label: str


class TalkDetailOut(TalkOut):
    summary: str
    follow_up: str
    concerns: list[TalkConcernOut]


class TalkPage(PageOut):
    items: list[TalkOut]


class TalkConcernIn(Schema):
    tag: Id = Field(description="关注问题标签 id")
    note: str = Field("", description="问题说明", max_length=200)


class TalkIn(Schema):
    person: Id = Field(description="谈话对象(职工 id)")
    day: date = Field(description="谈话日期,不能晚于今天")
    place: str = Field(description="team / canteen / dorm / office / site / phone / other")
    kind: str = Field(description="daily / hardship / mood / newcomer / transfer / other")
    state: str = Field(description="stable / fair / wavering / attention")
    summary: str = Field(description="谈话要点")
    follow_up: str = Field("", description="后续跟进")
    concerns: list[TalkConcernIn] = Field(default_factory=list, description="关注问题")


def _out(talk: Talk) -> dict:
    return {
        "id": talk.pk,
        "day": talk.day,
        "person": ref(talk.person),
        "unit": ref(talk.unit),
        "talker_name": talk.talker_name,
        "place": talk.place,
        "place_label": talk.get_place_display(),
        "kind": talk.kind,
        "kind_label": talk.get_kind_display(),
        "state": talk.state,
        "state_label": talk.get_state_display(),
    }


def _concern_out(c: Concern) -> dict:
    return {
        "id": c.pk,
        "tag": ref(c.tag),
        "note": c.note,
        "appeal": {"id": c.appeal.pk, "name": c.appeal.number} if c.appeal else None,
        "follow_up_due": c.follow_up_due,
        "follow_up_closed_at": c.follow_up_closed_at,
    }


def _detail(user, pk: int) -> dict:
    talk = selectors.talk_get(user=user, pk=pk)
    return {
        **_out(talk),
        "summary": talk.summary,
        "follow_up": talk.follow_up,
        "concerns": [_concern_out(c) for c in selectors.talk_concerns(talk)],
    }


@router.get("", response={200: TalkPage, **errors(422)}, summary="谈心谈话台账")
def talk_list(request, query: Query[TalkQuery]):
    base = selectors.talk_list(user=request.user)
    return filtered_page(query, TalkFilter, base, _out, order=("-day", "-pk"), request=request)


@router.get("/{int:talk_id}", response={200: TalkDetailOut, 404: ErrorOut}, summary="谈话详情")
def talk_detail(request, talk_id: Id):
    return _detail(request.user, talk_id)


@router.post(
    "",
    response={201: TalkDetailOut, **errors(400, 403)},
    summary="记录谈话",
    description="只能为本人所任党组织职务覆盖的职工记录;日期不能晚于今天。",
)
def talk_create(request, data: TalkIn):
    person = named(Person.objects, data.person, field="person", error=CoreError.PERSON_NOT_FOUND)
    concerns = [
        (named(ConcernTag.objects, c.tag, field="concerns", error=TalkError.BAD_TAG), c.note)
        for c in data.concerns
    ]
    talk = services.talk_record(
        actor=request.user,
        person=person,
        day=data.day,
        place=data.place,
        kind=data.kind,
        state=data.state,
        summary=data.summary,
        follow_up=data.follow_up,
        concerns=concerns,
    )
    return Status(201, _detail(request.user, talk.pk))


def _concern(request, talk_id: int, concern_id: int, service) -> dict:
    talk = selectors.talk_get(user=request.user, pk=talk_id)
    concern = Concern.objects.filter(talk=talk, pk=concern_id).first()
    if concern is None:
        raise CoreError.NOT_FOUND()
    service(actor=request.user, concern=concern)
    return _detail(request.user, talk.pk)


ACTION = {200: TalkDetailOut, **errors(400, 404, 409)}


@router.post(
    "/{int:talk_id}/concerns/{int:concern_id}/appeal",
    response=ACTION,
    summary="关注问题转为急难愁盼诉求",
    description="由谈话人代为提出诉求(类别按标签对应),问题与诉求互相关联;每个问题只能转办一次。",
)
def concern_appeal(request, talk_id: Id, concern_id: Id):
    return _concern(request, talk_id, concern_id, services.concern_to_appeal)


@router.post(
    "/{int:talk_id}/concerns/{int:concern_id}/follow-up",
    response=ACTION,
    summary="关注问题列入督办跟进",
)
def concern_follow_up(request, talk_id: Id, concern_id: Id):
    return _concern(request, talk_id, concern_id, services.concern_follow_up)


# --- numbers (every cadre of the unit, line managers too) ------------------------------------


class TalkCountsQuery(Schema):
    start: date | None = Field(None, description="统计期起,默认当前覆盖周期")
    end: date | None = Field(None, description="统计期止")
    unit: Id | None = Field(None, description="单位(含下级)")


class TalkCountOut(Schema):
    label: str
    count: int


class TalkCountsOut(Schema):
    start: date
    end: date
    total: int = Field(description="谈话次数")
    people: int = Field(description="谈话人数")
    by_kind: list[TalkCountOut]
    by_state: list[TalkCountOut]
    by_tag: list[TalkCountOut]


def _pairs(rows) -> list[dict]:
    return [{"label": str(label), "count": n} for label, n in rows]


@router.get(
    "/counts",
    response={200: TalkCountsOut, **errors(422)},
    summary="谈话统计(只有数量)",
    description="部门负责人、班组长也可查看;不含谈话内容。",
)
def talk_counts(request, query: Query[TalkCountsQuery]):
    start, end = selectors.current_cycle(timezone.localdate())
    start, end = query.start or start, query.end or end
    unit = None
    if query.unit is not None:
        unit = named(
            units_reached(request.user), query.unit, field="unit", error=CoreError.UNIT_UNKNOWN
        )
    c = selectors.talk_counts(user=request.user, start=start, end=end, unit=unit)
    return {
        "start": start,
        "end": end,
        "total": c.total,
        "people": c.people,
        "by_kind": _pairs(c.by_kind),
        "by_state": _pairs(c.by_state),
        "by_tag": _pairs(c.by_tag),
    }


# --- 思想动态调研报告 ----------------------------------------------------------------------------


class TalkReportQuery(PageQuery):
    unit: Id | None = Field(None, description="报送单位(含下级)")
    year: Id | None = Field(None, description="年度")
    quarter: Id | None = Field(None, description="季度 1–4")
    status: str | None = Field(None, description="submitted / scored")


class TalkReportOut(Schema):
    id: int
    unit: Ref
    year: int
    quarter: int
    status: str
    status_label: str
    score: int | None


class TalkReportDetailOut(TalkReportOut):
    figures: dict = Field(description="报送时平台带入的数据")
    analysis: str
    measures: str
    scores: dict[str, int | None] = Field(
        description="评分细项(数据翔实、分析深入、问题精准、措施可行)"
    )
    score_note: str


class TalkReportPage(PageOut):
    items: list[TalkReportOut]


class TalkReportIn(Schema):
    unit: Id = Field(description="报送单位(本人任党组织职务的单位)")
    year: int
    quarter: int = Field(description="1–4")
    analysis: str = Field(description="思想动态分析")
    measures: str = Field("", description="工作措施")


class TalkScoreIn(Schema):
    score_data: int = Field(description="数据翔实 0–25")
    score_analysis: int = Field(description="分析深入 0–25")
    score_problems: int = Field(description="问题精准 0–25")
    score_measures: int = Field(description="措施可行 0–25")
    note: str = Field("", description="评语")


def _report_out(r: MoodReport) -> dict:
    return {
        "id": r.pk,
        "unit": ref(r.unit),
        "year": r.year,
        "quarter": r.quarter,
        "status": r.status,
        "status_label": r.get_status_display(),
        "score": r.score,
    }


def _report_detail(user, pk: int) -> dict:
    r = selectors.report_get(user=user, pk=pk)
    return {
        **_report_out(r),
        "figures": r.figures,
        "analysis": r.analysis,
        "measures": r.measures,
        "scores": {field: getattr(r, field) for field, _label in RUBRIC},
        "score_note": r.score_note,
    }


@router.get("/reports", response={200: TalkReportPage, **errors(422)}, summary="思想动态调研报告")
def report_list(request, query: Query[TalkReportQuery]):
    base = selectors.report_list(user=request.user)
    return filtered_page(
        query, ReportFilter, base, _report_out, order=("-year", "-quarter", "unit__path")
    )


@router.get(
    "/reports/{int:report_id}",
    response={200: TalkReportDetailOut, 404: ErrorOut},
    summary="调研报告详情",
)
def report_detail(request, report_id: Id):
    return _report_detail(request.user, report_id)


@router.post(
    "/reports",
    response={201: TalkReportDetailOut, **errors(400, 403, 409)},
    summary="报送调研报告",
    description="数据由平台带入并随报告保存;每个单位每季度一份。",
)
def report_create(request, data: TalkReportIn):
    unit = named(
        selectors.reporting_units(user=request.user),
        data.unit,
        field="unit",
        error=CoreError.UNIT_UNKNOWN,
    )
    report = services.report_submit(
        actor=request.user,
        unit=unit,
        year=data.year,
        quarter=data.quarter,
        analysis=data.analysis,
        measures=data.measures,
    )
    return Status(201, _report_detail(request.user, report.pk))


@router.post(
    "/reports/{int:report_id}/score",
    response={200: TalkReportDetailOut, **errors(400, 403, 404, 409)},
    summary="调研报告评分(党群工作部)",
)
def report_score(request, report_id: Id, data: TalkScoreIn):
    report = selectors.report_get(user=request.user, pk=report_id)
    scores = data.dict()
    note = scores.pop("note")
    services.report_score(actor=request.user, report=report, scores=scores, note=note)
    return _report_detail(request.user, report.pk)
