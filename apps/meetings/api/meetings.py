"""A meeting's life over the API: list, plan, close, materials, cancel, sign-in, leave, 补学."""

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Status
from ninja.files import UploadedFile

from apps.core.api import filtered_page
from apps.core.errors import CoreError
from apps.core.richtext import sanitize_html
from apps.core.schemas import ErrorOut, errors, ref
from apps.orgs.models import OrgUnit, Person

from .. import selectors, services, signin
from ..filters import MeetingFilter
from ..models import MeetingKind
from ..permissions import can_manage, is_cadre, planning_units
from .common import listed, meeting_detail, person_named, roll_counts, router, step
from .schemas import (
    ACTION,
    CloseIn,
    MeetingAttendanceOut,
    MeetingDecideIn,
    MeetingDetailOut,
    MeetingNoteIn,
    MeetingPage,
    MeetingQuery,
    MeetingReasonIn,
    MineOut,
    MyRowOut,
    PeopleIn,
    PlanIn,
    SignInOut,
    TokenIn,
)


@router.get("/items", response={200: MeetingPage, **errors(422)}, summary="会议列表")
def items(request, query: Query[MeetingQuery]):
    return filtered_page(
        query,
        MeetingFilter,
        selectors.meeting_list(user=request.user),
        listed,
        lookup=roll_counts,
        order=("-starts_at", "-pk"),
    )


@router.get(
    "/items/{int:meeting_id}", response={200: MeetingDetailOut, 404: ErrorOut}, summary="会议详情"
)
def item(request, meeting_id: int):
    return meeting_detail(request.user, meeting_id)


@router.get(
    "/items/{int:meeting_id}/attendance",
    response={200: list[MeetingAttendanceOut], 404: ErrorOut},
    summary="参会名单与出勤",
)
def attendance(request, meeting_id: int):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    if not (can_manage(request.user, m) or is_cadre(request.user)):
        raise CoreError.NOT_FOUND()
    return [
        {
            "id": r.pk,
            "person": ref(r.person),
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


@router.post(
    "/items",
    response={201: MeetingDetailOut, **errors(400, 403, 422)},
    summary="安排会议",
)
def plan(request, data: PlanIn):
    unit = (
        planning_units(request.user).filter(pk=data.unit_id).first()
        or OrgUnit.objects.filter(pk=data.unit_id).first()
    )
    if unit is None:
        raise CoreError.UNIT_UNKNOWN(field="unit_id")
    kind = MeetingKind.objects.filter(pk=data.kind_id).first()
    invitees = None
    if data.invitee_ids is not None:
        visible = Person.objects.visible_to(request.user).filter(pk__in=data.invitee_ids)
        invitees = list(visible)
        if len(invitees) != len(set(data.invitee_ids)):
            raise CoreError.PERSON_UNKNOWN(
                field="invitee_ids", message=_("部分参会人不存在或不在您的管理范围内。")
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
        host=person_named(request.user, data.host_id, "host_id"),
        recorder=person_named(request.user, data.recorder_id, "recorder_id"),
        agenda=data.agenda,
        invitees=invitees,
    )
    return Status(201, meeting_detail(request.user, meeting.pk))


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
    return step(
        request,
        meeting_id,
        services.meeting_close,
        minutes=sanitize_html(data.minutes),
        resolutions=data.resolutions,
        photos=photos or [],
        files=files or [],
    )


@router.post(
    "/items/{int:meeting_id}/materials",
    response=ACTION,
    summary="上传会议材料",
    description="multipart/form-data:materials(可多个),会前发给参会人阅读。",
)
def materials(request, meeting_id: int, materials: File[list[UploadedFile]] = None):
    return step(request, meeting_id, services.materials_add, files=materials or [])


@router.post("/items/{int:meeting_id}/cancel", response=ACTION, summary="取消会议")
def cancel(request, meeting_id: int, data: MeetingReasonIn):
    return step(request, meeting_id, services.meeting_cancel, data)


@router.post("/items/{int:meeting_id}/sign-in-manual", response=ACTION, summary="主持人代签")
def sign_in_manual(request, meeting_id: int, data: PeopleIn):
    return step(request, meeting_id, services.attendance_sign_in_manual, data)


@router.post("/items/{int:meeting_id}/leave", response=ACTION, summary="请假")
def leave(request, meeting_id: int, data: MeetingReasonIn):
    return step(request, meeting_id, services.leave_request, data)


@router.post(
    "/items/{int:meeting_id}/leave/{int:attendance_id}", response=ACTION, summary="审批请假"
)
def leave_decide(request, meeting_id: int, attendance_id: int, data: MeetingDecideIn):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    row = m.attendances.filter(pk=attendance_id).first()
    if row is None:
        raise CoreError.NOT_FOUND()
    services.leave_decide(actor=request.user, attendance=row, approve=data.approve)
    return meeting_detail(request.user, meeting_id)


@router.post(
    "/sign-in",
    response={200: SignInOut, **errors(400, 403)},
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
    response={200: MyRowOut, **errors(403, 404, 409)},
    summary="完成补学",
)
def makeup_complete(request, attendance_id: int, data: MeetingNoteIn):
    row = selectors.makeup_get(user=request.user, pk=attendance_id)
    row = services.makeup_complete(actor=request.user, attendance=row, note=data.note)
    return _my(selectors.makeup_get(user=request.user, pk=row.pk))
