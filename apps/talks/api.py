"""谈心谈话 over the API: the pages' selectors and services (content only to the talker and
the political line; another scope's talk is a 404)."""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status

from apps.core.api import filtered_page, named
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.orgs.models import Person

from . import selectors, services
from .errors import TalkError
from .filters import TalkFilter
from .models import Concern, ConcernTag, Talk

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
