"""The appeals ledger over the API: the page's selectors, FilterSet and services."""

import copy
from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.renderers import JSONRenderer
from ninja.responses import Status as Reply

from apps.core.api import Steps, filtered, paged, query_params
from apps.core.middleware import no_session_write
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, ref
from apps.orgs.models import Person

from . import selectors, services
from .choices import Status, Urgency
from .errors import AppealError
from .filters import AppealFilter
from .models import Category
from .permissions import can_intake, is_owner, sees_ledger
from .receipts import client_key

router = Router(tags=["急难愁盼诉求"])
api_renderer = JSONRenderer()  # the NinjaAPI's own (config/api.py sets no other)


class AppealQuery(PageQuery):
    q: str | None = Field(None, description="标题包含,或编号")
    status: str | None = Field(None, description="状态:" + " / ".join(Status.values))
    category: Id | None = Field(None, description="类别 id")
    urgency: str | None = Field(None, description="紧急程度:" + " / ".join(Urgency.values))
    unit: Id | None = Field(None, description="责任单位(含下级)")
    owner: Id | None = Field(None, description="责任人(人员 id)")
    owner_no: str | None = Field(None, description="责任人工号")
    overdue: bool | None = Field(None, description="已逾期(办理中且超过时限)")
    done: bool | None = Field(None, description="已办结(已答复或已评价)")
    on_time: bool | None = Field(None, description="按期办结 / 逾期办结")
    satisfied: bool | None = Field(None, description="满意(评价 4 星及以上)")
    mine: bool | None = Field(None, description="只看我实名提交的")
    received_from: date | None = Field(None, description="受理日期起")
    received_to: date | None = Field(None, description="受理日期止")
    ordering: str | None = Field(
        None, description="排序:created_at / due_at / resolved_at,前加 - 为倒序"
    )


class FiguresQuery(Schema):
    received_from: date | None = Field(None, description="受理日期起,默认今年 1 月 1 日")
    received_to: date | None = Field(None, description="受理日期止,默认今天")
    unit: Id | None = Field(None, description="责任单位(含下级)")
    category: Id | None = Field(None, description="类别 id")
    urgency: str | None = Field(None, description="紧急程度")


class AppealEventOut(Schema):
    kind: str
    kind_label: str
    at: datetime
    actor: str | None
    by_submitter: bool
    from_status: str = Field("", description="原状态(改变状态的步骤)")
    to_status: str = Field("", description="新状态(改变状态的步骤)")
    text: str
    data: dict


class AppealOut(Schema):
    id: int
    number: str
    title: str
    description: str
    category: Ref
    urgency: str
    urgency_label: str
    status: str
    status_label: str
    anonymous: bool
    submitter: Ref | None
    submitter_unit: Ref | None
    received_at: datetime
    accepted_at: datetime | None
    owner_unit: Ref | None
    owner_person: Ref | None
    due_at: datetime | None
    resolved_at: datetime | None
    on_time: bool | None
    resolution: str
    rating: int | None
    rating_comment: str
    reopen_count: int
    decline_reason: str
    merged_into_id: int | None


class AppealDetailOut(AppealOut):
    events: list[AppealEventOut]
    actions: list[str]


class AppealPage(PageOut):
    counts: dict[str, int]
    items: list[AppealOut]


class ReceiptOut(Schema):
    """What the holder of a receipt code sees: no internal notes, no names of the submitter."""

    number: str
    title: str
    description: str
    category: str
    status: str
    status_label: str
    received_at: datetime
    owner_unit: str | None
    due_at: datetime | None
    resolution: str
    rating: int | None
    decline_reason: str
    merged_status: str | None = Field(
        None,
        description="已合并办理时,原诉求的办理状态(只给状态:原诉求的内容和答复属于别人)",
    )
    pending: int = Field(0, description="排队等待下一批写入的补充、评价或重办申请数")
    pending_until: datetime | None = Field(None, description="排队的申请将于此时写入")
    events: list[AppealEventOut]
    actions: list[str]


class AppealSubmitIn(Schema):
    category_id: Id
    title: str = Field(..., description="标题,最多 100 字")
    description: str = Field(..., description="诉求内容,5–2000 字")
    urgency: str = Urgency.NORMAL
    anonymous: bool = False


class SubmitOut(Schema):
    id: int | None = Field(None, description="实名诉求的 id;匿名诉求不返回")
    receipt_code: str | None = Field(None, description="匿名诉求的回执码,只返回这一次")
    ready_at: datetime | None = Field(
        None, description="匿名诉求随这一批写入台账的时间;此后凭回执码可以查询"
    )
    padding: str = Field(
        "",
        description="空格,使实名与匿名提交的回答一样长(访问日志会记录回答的长度)",
    )


class OwnerIn(Schema):
    owner_unit_id: Id
    owner_person_id: Id | None = None
    due_at: datetime | None = Field(None, description="办结时限;不填按紧急程度计算工作日")
    note: str = ""


class AppealReassignIn(OwnerIn):
    reason: str


class AppealTextIn(Schema):
    text: str


class AppealReasonIn(Schema):
    reason: str


class MergeIn(Schema):
    original_id: Id


class RateIn(Schema):
    rating: int
    comment: str = ""


class CodeIn(Schema):
    code: str


class ReceiptTextIn(CodeIn):
    text: str


class ReceiptRateIn(CodeIn):
    rating: int
    comment: str = ""


class ReceiptReasonIn(CodeIn):
    reason: str


# --- helpers ---------------------------------------------------------------------------------


def _out(a, **extra) -> dict:
    """An appeal as `AppealOut` (with `extra`, `AppealDetailOut`): a dict, which ninja validates
    once as the answer; a schema instance built here would be validated a second time."""
    return dict(
        id=a.pk,
        number=a.number,
        title=a.title,
        description=a.description,
        category=ref(a.category),
        urgency=a.urgency,
        urgency_label=str(a.get_urgency_display()),
        status=a.status,
        status_label=str(a.get_status_display()),
        anonymous=a.anonymous,
        submitter=ref(a.submitter) if not a.anonymous else None,
        submitter_unit=ref(a.submitter_unit) if not a.anonymous else None,
        received_at=a.created_at,
        accepted_at=a.accepted_at,
        owner_unit=ref(a.owner_unit),
        owner_person=ref(a.owner_person),
        due_at=a.due_at,
        resolved_at=a.resolved_at,
        on_time=a.on_time,
        resolution=a.resolution,
        rating=a.rating,
        rating_comment=a.rating_comment,
        reopen_count=a.reopen_count,
        decline_reason=a.decline_reason,
        merged_into_id=a.merged_into_id,
        **extra,
    )


def _events(appeal, *, public_only: bool) -> list[dict]:
    """The page's timeline, as data (`AppealEventOut`): the submitter's own steps name nobody
    (actor null)."""
    return [
        dict(
            kind=row["code"],
            kind_label=str(row["action"]),
            at=row["at"],
            actor=None if row["event"].by_submitter else row["actor"] or None,
            by_submitter=row["event"].by_submitter,
            from_status=row["event"].from_status,
            to_status=row["event"].to_status,
            text=row["note"],
            data=row["event"].data,
        )
        for row in selectors.appeal_timeline(appeal, public_only=public_only)
    ]


def _detail(user, appeal_id: int) -> dict:
    appeal = selectors.appeal_get(user=user, pk=appeal_id)
    staff = sees_ledger(user) or is_owner(user, appeal) or can_intake(user, appeal)
    return _out(
        appeal,
        events=_events(appeal, public_only=not staff),
        actions=services.actions_for(user, appeal),
    )


def _unit(request, pk: int | None):
    units = selectors.owner_unit_choices(user=request.user)
    unit = units.filter(pk=pk).first() if pk else None
    if unit is None:
        raise AppealError.OWNER_UNIT_NOT_FOUND(field="owner_unit")
    return unit


def _person(pk: int | None):
    if not pk:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise AppealError.OWNER_PERSON_NOT_FOUND(field="owner_person")
    return person


step = Steps(get=selectors.appeal_get, name="appeal", detail=_detail)


RESPONSES = {200: AppealDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


# --- reads -----------------------------------------------------------------------------------


@router.get(
    "",
    response={200: AppealPage, 422: ErrorOut},
    summary="诉求台账",
    description="当前用户范围内的诉求,与台账页面相同的筛选、排序与分页(limit/offset);"
    "counts 为各状态件数(不含状态筛选)。",
)
def appeal_list(request, query: Query[AppealQuery]):
    params = query_params(query)
    if not params.get("q", "").strip():  # a search comes best match first (decision 0011)
        params.setdefault("ordering", "-created_at")
    base = selectors.appeal_list(user=request.user)
    qs = filtered(AppealFilter(params, queryset=base, request=request))
    without_status = params.copy()
    without_status.pop("status", None)
    counts = selectors.status_counts_for(
        user=request.user,
        params=without_status,
        qs=AppealFilter(without_status, queryset=base, request=request).qs,
    )
    count = counts[query.status] if query.status else counts["total"]
    return paged(qs, query, _out, count=count, counts=counts)


@router.get(
    "/figures",
    summary="诉求统计",
    description="受理、办结、按期办结率、平均办结天数、满意度(平均分与 4 星以上占比),"
    "总计及按责任单位、类别、月份;期间按受理日期。",
)
def appeal_figures(request, query: Query[FiguresQuery]):
    params = query_params(query, exclude=())
    start, end = selectors.default_period()
    params.setdefault("received_from", start.isoformat())
    params.setdefault("received_to", end.isoformat())
    filterset = AppealFilter(params, queryset=selectors.appeal_list(user=request.user))
    filtered(filterset)
    data = copy.deepcopy(selectors.figures_for(user=request.user, filterset=filterset))
    for row in data["by_month"]:
        row["month"] = row["month"].strftime("%Y-%m")
    return {"period": {"from": params["received_from"], "to": params["received_to"]}, **data}


@router.get("/{int:appeal_id}", response={200: AppealDetailOut, 404: ErrorOut}, summary="诉求详情")
def appeal_detail(request, appeal_id: int):
    return _detail(request.user, appeal_id)


# --- writes ----------------------------------------------------------------------------------


@router.post(
    "",
    response={201: SubmitOut, 400: ErrorOut, 422: ErrorOut},
    summary="提交诉求",
    description="实名或匿名。匿名诉求不记录提交人,返回的回执码只出现这一次。附件请在页面上传。",
)
@no_session_write
def appeal_submit(request, payload: AppealSubmitIn):
    category = Category.objects.filter(pk=payload.category_id, is_active=True).first()
    appeal, code = services.appeal_submit(
        actor=request.user,
        category=category,
        title=payload.title,
        description=payload.description,
        urgency=payload.urgency,
        anonymous=payload.anonymous,
    )
    if code:
        out = SubmitOut(receipt_code=code, ready_at=services.batch_time(timezone.now()))
    else:
        out = SubmitOut(id=appeal.pk)
    return Reply(201, _padded(out))


SUBMIT_ANSWER_CHARS = 160


def _padded(out: SubmitOut) -> SubmitOut:
    """The same 201 and the same length for a named and an anonymous submit: the answer is
    padded with spaces to SUBMIT_ANSWER_CHARS as the API renders it."""
    size = len(api_renderer.render(None, out.model_dump(), response_status=201))
    out.padding = " " * max(0, SUBMIT_ANSWER_CHARS - size)
    return out


def _accept(request, appeal_id: int, payload: OwnerIn):
    return step(
        request,
        appeal_id,
        services.appeal_accept,
        owner_unit=_unit(request, payload.owner_unit_id),
        owner_person=_person(payload.owner_person_id),
        due_at=payload.due_at,
        note=payload.note,
    )


@router.post("/{int:appeal_id}/accept", response=RESPONSES, summary="受理并交办")
def appeal_accept(request, appeal_id: int, payload: OwnerIn):
    return _accept(request, appeal_id, payload)


@router.post(
    "/{int:appeal_id}/assign", response=RESPONSES, summary="交办(同受理:指定责任单位与时限)"
)
def appeal_assign(request, appeal_id: int, payload: OwnerIn):
    return _accept(request, appeal_id, payload)


@router.post("/{int:appeal_id}/reassign", response=RESPONSES, summary="改派")
def appeal_reassign(request, appeal_id: int, payload: AppealReassignIn):
    return step(
        request,
        appeal_id,
        services.appeal_reassign,
        owner_unit=_unit(request, payload.owner_unit_id),
        owner_person=_person(payload.owner_person_id),
        due_at=payload.due_at,
        reason=payload.reason,
    )


@router.post("/{int:appeal_id}/decline", response=RESPONSES, summary="不予受理")
def appeal_decline(request, appeal_id: int, payload: AppealReasonIn):
    return step(request, appeal_id, services.appeal_decline, payload)


@router.post("/{int:appeal_id}/merge", response=RESPONSES, summary="合并到原诉求")
def appeal_merge(request, appeal_id: int, payload: MergeIn):
    original = selectors.appeal_get(user=request.user, pk=payload.original_id)
    return step(request, appeal_id, services.appeal_merge, original=original)


@router.post("/{int:appeal_id}/note", response=RESPONSES, summary="记录办理进展")
def appeal_note(request, appeal_id: int, payload: AppealTextIn):
    return step(request, appeal_id, services.appeal_note, payload)


@router.post("/{int:appeal_id}/reply", response=RESPONSES, summary="答复提交人")
def appeal_reply(request, appeal_id: int, payload: AppealTextIn):
    return step(request, appeal_id, services.appeal_reply, payload)


@router.post("/{int:appeal_id}/resolve", response=RESPONSES, summary="办结答复")
def appeal_resolve(request, appeal_id: int, payload: AppealTextIn):
    return step(request, appeal_id, services.appeal_resolve, payload)


@router.post("/{int:appeal_id}/rate", response=RESPONSES, summary="评价满意度(实名提交人)")
def appeal_rate(request, appeal_id: int, payload: RateIn):
    return step(request, appeal_id, services.appeal_rate, payload)


@router.post("/{int:appeal_id}/reopen", response=RESPONSES, summary="申请重办(实名提交人,一次)")
def appeal_reopen(request, appeal_id: int, payload: AppealReasonIn):
    return step(request, appeal_id, services.appeal_reopen, payload)


@router.post("/{int:appeal_id}/info", response=RESPONSES, summary="补充情况(实名提交人)")
def appeal_info(request, appeal_id: int, payload: AppealTextIn):
    return step(request, appeal_id, services.appeal_add_info, payload)


# --- receipt code: no login ------------------------------------------------------------------


def _receipt_out(appeal) -> ReceiptOut:
    """Only the holder's own appeal: when it was merged, the original's status and nothing
    else (its text, answer and replies were written to another employee)."""
    original = appeal.merged_into
    pending = services.pending_for(appeal.receipt_digest)
    return ReceiptOut(
        number=appeal.number,
        title=appeal.title,
        description=appeal.description,
        category=appeal.category.name,
        status=appeal.status,
        status_label=str(appeal.get_status_display()),
        received_at=appeal.created_at,
        owner_unit=appeal.owner_unit.name if appeal.owner_unit_id else None,
        due_at=appeal.due_at,
        resolution=appeal.resolution,
        rating=appeal.rating,
        decline_reason=appeal.decline_reason,
        merged_status=str(original.get_status_display()) if original else None,
        pending=len(pending),
        pending_until=pending[-1].batch_at if pending else None,
        events=_events(appeal, public_only=True),
        actions=sorted(
            services.queued_actions_allowed(appeal, services.allowed_actions(appeal))
            & {"add_info", "rate", "reopen"}
        ),
    )


def _by_code(request, code: str):
    return selectors.appeal_by_receipt(code=code, client=client_key(request))


RECEIPT_RESPONSES = {
    200: ReceiptOut,
    202: ErrorOut,
    400: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    429: ErrorOut,
}


@router.post(
    "/receipt",
    auth=None,
    response=RECEIPT_RESPONSES,
    summary="凭回执码查询匿名诉求",
    description="无需登录。回执码错误过多(10 分钟内 10 次)时返回 429;诉求尚在排队、"
    "未随批次写入时返回 202。",
)
@no_session_write
def receipt(request, payload: CodeIn):
    return _receipt_out(_by_code(request, payload.code))


def _queue(request, code: str, action: str, data: dict) -> ReceiptOut:
    """A step by receipt code is checked now and written by the next anonymous batch, like the
    page's (services/anonymous.py); the answer shows it as pending."""
    appeal = _by_code(request, code)
    services.appeal_queue_step(appeal=appeal, action=action, data=data)
    return _receipt_out(appeal)


@router.post(
    "/receipt/info",
    auth=None,
    response=RECEIPT_RESPONSES,
    summary="凭回执码补充情况",
    description="随下一批匿名诉求写入(见 pending_until)。",
)
@no_session_write
def receipt_info(request, payload: ReceiptTextIn):
    return _queue(request, payload.code, "add_info", {"text": payload.text})


@router.post(
    "/receipt/rate",
    auth=None,
    response=RECEIPT_RESPONSES,
    summary="凭回执码评价",
    description="随下一批匿名诉求写入(见 pending_until)。",
)
@no_session_write
def receipt_rate(request, payload: ReceiptRateIn):
    return _queue(
        request, payload.code, "rate", {"rating": payload.rating, "comment": payload.comment}
    )


@router.post(
    "/receipt/reopen",
    auth=None,
    response=RECEIPT_RESPONSES,
    summary="凭回执码申请重办",
    description="随下一批匿名诉求写入(见 pending_until)。",
)
@no_session_write
def receipt_reopen(request, payload: ReceiptReasonIn):
    return _queue(request, payload.code, "reopen", {"reason": payload.reason})
