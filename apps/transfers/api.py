"""组织关系转接 and 流动党员 over the API: the pages' selectors, FilterSets and services."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from apps.core.api import Steps, filtered_page, named
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.orgs.models import OrgUnit, Person

from . import selectors, services
from .errors import TransferError
from .filters import FlowingFilter, TransferFilter
from .models import FlowingMember, Transfer

router = Router(tags=["组织关系转接"])


class TransferQuery(PageQuery):
    q: str | None = Field(None, description="姓名、对方党组织包含,或编号(JS000042)")
    status: list[str] | None = Field(None, description="状态,可多选:issued / done / cancelled")
    kind: str | None = Field(None, description="inside / out / in")
    from_branch: Id | None = Field(None, description="转出支部(含下级)")
    to_branch: Id | None = Field(None, description="转入支部(含下级)")
    start: date | None = Field(None, description="办理日期起")
    end: date | None = Field(None, description="办理日期止")
    ordering: str | None = Field(None, description="issued_at、due_at,前加 - 倒序")


class TransferOut(Schema):
    id: int
    number: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    person: Ref
    from_branch: Ref | None
    to_branch: Ref | None
    outside_org: str
    reason: str
    issued_at: datetime
    due_at: datetime | None
    overdue: bool
    receipt_at: datetime | None


class TransferPage(PageOut):
    counts: dict[str, int]
    items: list[TransferOut]


class TransferEventOut(Schema):
    at: datetime
    who: str
    what: str
    note: str


class TransferDetailOut(TransferOut):
    timeline: list[TransferEventOut]


class TransferInsideIn(Schema):
    person_id: Id = Field(description="党员(职工 id)")
    to_branch_id: Id = Field(description="转入支部")
    reason: str = ""


class TransferOutIn(Schema):
    person_id: Id
    outside_org: str = Field(description="转入的党组织")
    reason: str = ""


class TransferInIn(Schema):
    person_id: Id
    to_branch_id: Id
    outside_org: str = Field(description="原所在党组织")
    reason: str = ""


class TransferReceiptIn(Schema):
    number: str = Field(description="介绍信编号,如 JS000042")
    received_on: date
    note: str = ""


class TransferCancelIn(Schema):
    note: str = Field(description="撤销原因")


class FlowingQuery(PageQuery):
    q: str | None = Field(None, description="姓名、流入/流出地、活动证编号包含")
    direction: str | None = Field(None, description="out / in")
    status: str | None = Field(None, description="active / ended")
    branch: Id | None = Field(None, description="管理支部(含下级)")
    ordering: str | None = Field(None, description="start_on,前加 - 倒序")


class FlowingOut(Schema):
    id: int
    direction: str
    status: str
    name: str
    person: Ref | None
    branch: Ref
    place: str
    place_org: str
    start_on: date
    end_on: date | None
    contact: str
    certificate_no: str


class FlowingPage(PageOut):
    items: list[FlowingOut]


class FlowingActivityOut(Schema):
    id: int
    kind: str
    day: date
    title: str
    hours: Decimal
    organiser: str


class FlowingDetailOut(FlowingOut):
    activities: list[FlowingActivityOut]


class FlowingIn(Schema):
    direction: str = Field(description="out(流出)/ in(流入)")
    branch_id: Id = Field(description="管理支部")
    person_id: Id | None = Field(None, description="党员;流出必填")
    name: str = Field("", description="姓名(流入的外单位党员)")
    place: str
    place_org: str = ""
    start_on: date
    end_on: date | None = None
    contact: str
    certificate_no: str = Field(description="流动党员活动证编号")


class FlowingActivityIn(Schema):
    kind: str = Field(description="meeting / study")
    day: date
    title: str
    hours: Decimal | None = None
    organiser: str = ""


class FlowingEndIn(Schema):
    end_on: date


def _out(t: Transfer) -> dict:
    return {
        "id": t.pk,
        "number": t.number,
        "kind": t.kind,
        "kind_label": str(t.get_kind_display()),
        "status": t.status,
        "status_label": str(t.get_status_display()),
        "person": ref(t.person),
        "from_branch": ref(t.from_branch),
        "to_branch": ref(t.to_branch),
        "outside_org": t.outside_org,
        "reason": t.reason,
        "issued_at": t.issued_at,
        "due_at": t.due_at,
        "overdue": t.is_overdue(),
        "receipt_at": t.receipt_at,
    }


def _detail(user, pk: int) -> dict:
    t = selectors.transfer_get(user=user, pk=pk)
    rows = selectors.timeline(transfer=t)
    return {
        **_out(t),
        "timeline": [{**r, "who": r["actor"], "what": r["action"]} for r in rows],
    }


def _person(pk):
    return named(Person.objects, pk, field="person_id", error=CoreError.PERSON_NOT_FOUND)


def _branch(pk, field):
    # A branch that does not exist is the transfer's own refusal, as on the page.
    return named(OrgUnit.objects, pk, field=field, error=TransferError.BRANCH_UNKNOWN)


step = Steps(get=selectors.transfer_get, name="transfer", detail=_detail)
ACTION = {200: TransferDetailOut, **errors(400, 403, 404, 409)}
CREATED = {201: TransferDetailOut, **errors(400, 403, 409, 422)}


@router.get("/items", response={200: TransferPage, **errors(422)}, summary="转接台账")
def items(request, query: Query[TransferQuery]):
    return filtered_page(
        query,
        TransferFilter,
        selectors.transfer_list(user=request.user),
        _out,
        order=("-issued_at", "-pk"),
        counts=selectors.status_counts,
    )


@router.get(
    "/items/{int:transfer_id}", response={200: TransferDetailOut, 404: ErrorOut}, summary="转接详情"
)
def item(request, transfer_id: int):
    return _detail(request.user, transfer_id)


@router.post("/items/inside", response=CREATED, summary="公司内转接")
def inside(request, data: TransferInsideIn):
    t = services.transfer_inside(
        actor=request.user,
        person=_person(data.person_id),
        to_branch=_branch(data.to_branch_id, "to_branch_id"),
        reason=data.reason,
    )
    return Status(201, _detail(request.user, t.pk))


@router.post("/items/out", response=CREATED, summary="转出公司(开具介绍信)")
def out(request, data: TransferOutIn):
    t = services.transfer_out(
        actor=request.user,
        person=_person(data.person_id),
        outside_org=data.outside_org,
        reason=data.reason,
    )
    return Status(201, _detail(request.user, t.pk))


@router.post("/items/in", response=CREATED, summary="转入公司")
def into(request, data: TransferInIn):
    t = services.transfer_in(
        actor=request.user,
        person=_person(data.person_id),
        to_branch=_branch(data.to_branch_id, "to_branch_id"),
        outside_org=data.outside_org,
        reason=data.reason,
    )
    return Status(201, _detail(request.user, t.pk))


@router.post("/receipts", response=ACTION, summary="按编号登记回执")
def receipt(request, data: TransferReceiptIn):
    t = services.receipt_record(actor=request.user, **data.dict())
    return _detail(request.user, t.pk)


@router.post("/items/{int:transfer_id}/cancel", response=ACTION, summary="撤销介绍信")
def cancel(request, transfer_id: int, data: TransferCancelIn):
    return step(request, transfer_id, services.transfer_cancel, data)


def _flowing_out(m: FlowingMember) -> dict:
    return {
        **{
            f: getattr(m, f)
            for f in (
                "direction",
                "status",
                "name",
                "place",
                "place_org",
                "start_on",
                "end_on",
                "contact",
                "certificate_no",
            )
        },
        "id": m.pk,
        "person": ref(m.person),
        "branch": ref(m.branch),
    }


def _flowing_detail(user, pk: int) -> dict:
    m = selectors.flowing_get(user=user, pk=pk)
    return {
        **_flowing_out(m),
        "activities": list(
            selectors.activities_of(m).values("id", "kind", "day", "title", "hours", "organiser")[
                :200
            ]
        ),
    }


flow_step = Steps(get=selectors.flowing_get, name="member", detail=_flowing_detail)
FLOW_ACTION = {200: FlowingDetailOut, **errors(400, 403, 404, 409)}


@router.get("/flowing", response={200: FlowingPage, **errors(422)}, summary="流动党员")
def flowing(request, query: Query[FlowingQuery]):
    return filtered_page(
        query,
        FlowingFilter,
        selectors.flowing_list(user=request.user),
        _flowing_out,
        order=("-start_on", "-pk"),
    )


@router.get(
    "/flowing/{int:member_id}",
    response={200: FlowingDetailOut, 404: ErrorOut},
    summary="流动党员详情",
)
def flowing_item(request, member_id: int):
    return _flowing_detail(request.user, member_id)


@router.post(
    "/flowing", response={201: FlowingDetailOut, **errors(400, 403, 422)}, summary="登记流动党员"
)
def flowing_register(request, data: FlowingIn):
    fields = data.dict(exclude={"branch_id", "person_id"})
    m = services.flowing_register(
        actor=request.user,
        branch=_branch(data.branch_id, "branch_id"),
        person=_person(data.person_id),
        **fields,
    )
    return Status(201, _flowing_detail(request.user, m.pk))


@router.post("/flowing/{int:member_id}/activities", response=FLOW_ACTION, summary="登记活动")
def flowing_activity(request, member_id: int, data: FlowingActivityIn):
    return flow_step(request, member_id, services.activity_record, data)


@router.post("/flowing/{int:member_id}/end", response=FLOW_ACTION, summary="结束流动")
def flowing_end(request, member_id: int, data: FlowingEndIn):
    return flow_step(request, member_id, services.flowing_end, data)
