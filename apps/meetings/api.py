"""Meetings over the API: the pages' selectors, FilterSet and services."""

from datetime import date, datetime

from django.http import QueryDict
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.core.errors import DomainError, NotFound
from apps.core.figures import percent
from apps.core.richtext import sanitize_html
from apps.core.schemas import ErrorOut, FileOut, Ref, file_out
from apps.orgs.models import OrgUnit, Person

from . import selectors, services, signin
from .compliance import compliance_cached
from .figures import figures_cached, member_rates
from .filters import MeetingFilter
from .models import Meeting, MeetingKind
from .permissions import can_manage, is_cadre, planning_units

router = Router(tags=["组织生活"])


class MeetingQuery(Schema):
    limit: int = Field(50, ge=1, le=500, description="每页条数,1–500")
    offset: int = Field(0, ge=0, description="跳过的条数")
    q: str | None = Field(None, description="主题包含")
    kind: int | None = Field(None, description="会议类型")
    status: str | None = Field(None, description="planned / closed / cancelled")
    unit: int | None = Field(None, description="组织(含下级)")
    start: date | None = Field(None, description="开始日期起")
    end: date | None = Field(None, description="开始日期止")


class CountsOut(Schema):
    invited: int = 0
    attended: int = 0
    late: int = 0
    leave: int = 0
    leave_requested: int = 0
    absent: int = 0
    rate: float | None = None


class MeetingOut(Schema):
    id: int
    unit: Ref
    kind: Ref
    topic: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    host: Ref
    recorder: Ref | None
    status: str
    status_label: str
    counts: CountsOut


class MeetingDetailOut(MeetingOut):
    agenda: str
    minutes: str
    resolutions: str
    closed_at: datetime | None
    my_status: str | None
    can_manage: bool
    materials: list[FileOut] = Field(description="会议材料与文件")
    photos: list[FileOut] = Field(description="现场照片")


class MeetingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MeetingOut]


class MeetingAttendanceOut(Schema):
    id: int
    person: Ref
    employee_no: str
    status: str
    status_label: str
    signed_in_at: datetime | None
    sign_method: str
    leave_reason: str
    makeup_status: str


class PlanIn(Schema):
    unit_id: int
    kind_id: int
    topic: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    online_url: str = ""
    host_id: int
    recorder_id: int | None = None
    agenda: str = ""
    invitee_ids: list[int] | None = Field(None, description="参会人;不填则为本组织全体党员")


class CloseIn(Schema):
    minutes: str
    resolutions: str = ""


class MeetingReasonIn(Schema):
    reason: str


class MeetingDecideIn(Schema):
    approve: bool


class PeopleIn(Schema):
    person_ids: list[int]


class TokenIn(Schema):
    token: str = Field(description="二维码中的签到码(扫码地址的 t 参数)")


class SignInOut(Schema):
    meeting_id: int
    status: str
    signed_in_at: datetime
    already: bool


class MeetingNoteIn(Schema):
    note: str = ""


class MyRowOut(Schema):
    id: int
    meeting: Ref
    kind: str
    starts_at: datetime
    status: str
    makeup_status: str


class MineOut(Schema):
    upcoming: list[MyRowOut]
    makeups: list[MyRowOut]


class PeriodQuery(Schema):
    period: str | None = Field(None, description="month / quarter / year")
    start: date | None = None
    end: date | None = None
    unit: int | None = Field(None, description="组织(含下级)")


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": getattr(obj, "name", None) or str(obj)} if obj else None


def _out(m: Meeting, counts: dict | None) -> dict:
    return {
        "id": m.pk,
        "unit": _ref(m.unit),
        "kind": _ref(m.kind),
        "topic": m.topic,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "place": m.place,
        "online_url": m.online_url,
        "host": _ref(m.host),
        "recorder": _ref(m.recorder),
        "status": m.status,
        "status_label": str(m.get_status_display()),
        "counts": counts or {},
    }


def _detail(user, pk: int) -> dict:
    m = selectors.meeting_get(user=user, pk=pk)
    mine = selectors.my_attendance(user=user, meeting=m)
    photos, files = selectors.attachments_of(m)
    return {
        **_out(m, selectors.roll_counts([m.pk]).get(m.pk)),
        "agenda": m.agenda,
        "minutes": m.minutes,
        "resolutions": m.resolutions,
        "closed_at": m.closed_at,
        "my_status": mine.status if mine else None,
        "can_manage": can_manage(user, m),
        "materials": [file_out(a) for a in files],
        "photos": [file_out(a) for a in photos],
    }


def _params(query: Schema) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in query.dict(exclude={"limit", "offset"}, exclude_none=True).items():
        data[key] = value.isoformat() if isinstance(value, date) else str(value)
    return data


def _cadre(user):
    if not is_cadre(user):
        raise NotFound()


@router.get("/items", response={200: MeetingPage, 422: ErrorOut}, summary="会议列表")
def items(request, query: Query[MeetingQuery]):
    filterset = MeetingFilter(_params(query), queryset=selectors.meeting_list(user=request.user))
    if not filterset.is_valid():
        raise DomainError("invalid_filter", _("筛选条件无效。"), status=422)
    qs = filterset.qs.order_by("-starts_at", "-pk")
    rows = list(qs[query.offset : query.offset + query.limit])
    counts = selectors.roll_counts([m.pk for m in rows])
    return {
        "count": qs.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_out(m, counts.get(m.pk)) for m in rows],
    }


@router.get(
    "/items/{int:meeting_id}", response={200: MeetingDetailOut, 404: ErrorOut}, summary="会议详情"
)
def item(request, meeting_id: int):
    return _detail(request.user, meeting_id)


@router.get(
    "/items/{int:meeting_id}/attendance",
    response={200: list[MeetingAttendanceOut], 404: ErrorOut},
    summary="参会名单与出勤",
)
def attendance(request, meeting_id: int):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    if not (can_manage(request.user, m) or is_cadre(request.user)):
        raise NotFound()
    return [
        {
            "id": r.pk,
            "person": _ref(r.person),
            "employee_no": r.person.employee_no,
            "status": r.status,
            "status_label": str(r.get_status_display()),
            "signed_in_at": r.signed_in_at,
            "sign_method": r.sign_method,
            "leave_reason": r.leave_reason,
            "makeup_status": r.makeup_status,
        }
        for r in selectors.roll(meeting=m)
    ]


def _person(pk, field):
    if pk is None:
        return None
    p = Person.objects.filter(pk=pk).first()
    if p is None:
        raise DomainError("person_not_found", _("没有这名职工。"), field=field, status=422)
    return p


@router.post(
    "/items",
    response={201: MeetingDetailOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="安排会议",
)
def plan(request, data: PlanIn):
    unit = (
        planning_units(request.user).filter(pk=data.unit_id).first()
        or OrgUnit.objects.filter(pk=data.unit_id).first()
    )
    if unit is None:
        raise DomainError("unit_not_found", _("没有这个组织。"), field="unit_id", status=422)
    kind = MeetingKind.objects.filter(pk=data.kind_id).first()
    invitees = None
    if data.invitee_ids is not None:
        visible = Person.objects.visible_to(request.user).filter(pk__in=data.invitee_ids)
        invitees = list(visible)
        if len(invitees) != len(set(data.invitee_ids)):
            raise DomainError(
                "unknown_people",
                _("部分参会人不存在或不在您的管理范围内。"),
                field="invitee_ids",
                status=422,
            )
    meeting = services.meeting_plan(
        actor=request.user,
        unit=unit,
        kind=kind,
        topic=data.topic,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place,
        online_url=data.online_url,
        host=_person(data.host_id, "host_id"),
        recorder=_person(data.recorder_id, "recorder_id"),
        agenda=data.agenda,
        invitees=invitees,
    )
    return Status(201, _detail(request.user, meeting.pk))


ACTION = {200: MeetingDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post(
    "/items/{int:meeting_id}/close",
    response=ACTION,
    summary="结束会议并归档",
    description="multipart/form-data:minutes(会议记录,HTML 会被清理)、resolutions,"
    "加上 photos(现场照片)和 files(文件),均可多个。",
)
def close(
    request,
    meeting_id: int,
    data: Form[CloseIn],
    photos: File[list[UploadedFile]] = None,
    files: File[list[UploadedFile]] = None,
):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    services.meeting_close(
        actor=request.user,
        meeting=m,
        minutes=sanitize_html(data.minutes),
        resolutions=data.resolutions,
        photos=photos or [],
        files=files or [],
    )
    return _detail(request.user, meeting_id)


@router.post(
    "/items/{int:meeting_id}/materials",
    response=ACTION,
    summary="上传会议材料",
    description="multipart/form-data:materials(可多个),会前发给参会人阅读。",
)
def materials(request, meeting_id: int, materials: File[list[UploadedFile]] = None):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    services.materials_add(actor=request.user, meeting=m, files=materials or [])
    return _detail(request.user, meeting_id)


@router.post("/items/{int:meeting_id}/cancel", response=ACTION, summary="取消会议")
def cancel(request, meeting_id: int, data: MeetingReasonIn):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    services.meeting_cancel(actor=request.user, meeting=m, reason=data.reason)
    return _detail(request.user, meeting_id)


@router.post("/items/{int:meeting_id}/sign-in-manual", response=ACTION, summary="主持人代签")
def sign_in_manual(request, meeting_id: int, data: PeopleIn):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    services.attendance_sign_in_manual(actor=request.user, meeting=m, person_ids=data.person_ids)
    return _detail(request.user, meeting_id)


@router.post("/items/{int:meeting_id}/leave", response=ACTION, summary="请假")
def leave(request, meeting_id: int, data: MeetingReasonIn):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    services.leave_request(actor=request.user, meeting=m, reason=data.reason)
    return _detail(request.user, meeting_id)


@router.post(
    "/items/{int:meeting_id}/leave/{int:attendance_id}", response=ACTION, summary="审批请假"
)
def leave_decide(request, meeting_id: int, attendance_id: int, data: MeetingDecideIn):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    row = m.attendances.filter(pk=attendance_id).first()
    if row is None:
        raise NotFound()
    services.leave_decide(actor=request.user, attendance=row, approve=data.approve)
    return _detail(request.user, meeting_id)


@router.post(
    "/sign-in",
    response={200: SignInOut, 400: ErrorOut, 403: ErrorOut},
    summary="扫码签到",
    description="提交二维码中的签到码;同一人重复提交只记一次(already=true)。",
)
def sign_in(request, data: TokenIn):
    row, already = signin.meeting_sign_in(actor=request.user, token=data.token)
    return {
        "meeting_id": row.meeting_id,
        "status": row.status,
        "signed_in_at": row.signed_in_at,
        "already": already,
    }


def _my(r) -> dict:
    return {
        "id": r.pk,
        "meeting": {"id": r.meeting_id, "name": r.meeting.topic},
        "kind": r.meeting.kind.name,
        "starts_at": r.meeting.starts_at,
        "status": r.status,
        "makeup_status": r.makeup_status,
    }


@router.get("/mine", response=MineOut, summary="我的会议与补学任务")
def mine(request):
    return {
        "upcoming": [_my(r) for r in selectors.my_upcoming(user=request.user)[:50]],
        "makeups": [_my(r) for r in selectors.my_makeups(user=request.user)[:50]],
    }


@router.post(
    "/makeups/{int:attendance_id}/complete",
    response={200: MyRowOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="完成补学",
)
def makeup_complete(request, attendance_id: int, data: MeetingNoteIn):
    row = selectors.makeup_get(user=request.user, pk=attendance_id)
    row = services.makeup_complete(actor=request.user, attendance=row, note=data.note)
    return _my(selectors.makeup_get(user=request.user, pk=row.pk))


def _period(user, query: PeriodQuery, default: str):
    params = {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in query.dict(exclude_none=True).items()
    }
    period, unit, _preset = selectors.period_params(user, params, default=default)
    return period, unit


@router.get("/compliance", response={200: dict, 404: ErrorOut}, summary="规定会议召开情况")
def compliance(request, query: Query[PeriodQuery]):
    _cadre(request.user)
    period, unit = _period(request.user, query, "month")
    data = compliance_cached(user=request.user, period=period, unit=unit)
    return {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "totals": data["totals"],
        "units": [
            {"id": r["unit"].pk, "name": r["unit"].name, **r["counts"], "gaps": r["gaps"]}
            for r in data["rows"]
        ],
    }


@router.get("/figures", response={200: dict, 404: ErrorOut}, summary="组织生活统计")
def figures(request, query: Query[PeriodQuery]):
    _cadre(request.user)
    period, unit = _period(request.user, query, "year")
    data = figures_cached(user=request.user, period=period, unit=unit)
    return {**data, "period": {"start": period.start.isoformat(), "end": period.end.isoformat()}}


@router.get("/coverage", response={200: dict, 404: ErrorOut}, summary="理论教育覆盖率")
def coverage(request, query: Query[PeriodQuery]):
    _cadre(request.user)
    period, unit = _period(request.user, query, "year")
    return figures_cached(user=request.user, period=period, unit=unit)["coverage"]


@router.get("/members", response={200: list[dict], 404: ErrorOut}, summary="党员参会率")
def members(
    request,
    query: Query[PeriodQuery],
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
):
    _cadre(request.user)
    period, unit = _period(request.user, query, "year")
    rows = list(member_rates(user=request.user, period=period, unit=unit)[offset : offset + limit])
    return [{**r, "rate": percent(r["attended"], r["invited"])} for r in rows]
