"""Joint meetings over the API: the pages' selectors, FilterSets and services."""

from datetime import datetime

from django.http import QueryDict
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.core.errors import CoreError
from apps.core.richtext import render_richtext
from apps.core.schemas import ErrorOut, FileOut, Ref, file_out
from apps.orgs.models import OrgUnit, Person

from . import selectors, services
from .choices import Cadence, Line
from .filters import ActionFilter, SessionFilter

router = Router(tags=["联席会议"])


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class CollabMemberOut(Schema):
    id: int
    unit: Ref
    line: str
    line_label: str
    representative: Ref | None


class CollabMeetingOut(Schema):
    id: int
    name: str
    convener: Ref
    cadence: str
    description: str
    sessions: int
    open_actions: int
    overdue_actions: int


class CollabMeetingDetailOut(CollabMeetingOut):
    members: list[CollabMemberOut]


class CollabPage(Schema):
    count: int
    limit: int
    offset: int


class CollabMeetingPage(CollabPage):
    items: list[CollabMeetingOut]


class SessionOut(Schema):
    id: int
    meeting: Ref
    number: int
    held_at: datetime
    place: str
    topic_deadline: datetime
    status: str
    status_label: str
    topics: int
    resolutions: int
    actions: int
    open_actions: int


class SessionPage(CollabPage):
    items: list[SessionOut]


class ActionOut(Schema):
    id: int
    number: str
    title: str
    expected_result: str
    meeting: Ref
    session_id: int
    resolution_id: int
    owner_unit: Ref
    owner_person: Ref
    due_at: datetime
    status: str
    status_label: str
    overdue: bool
    closed_at: datetime | None
    returned_count: int


class TopicOut(Schema):
    id: int
    order: int
    title: str
    description: str
    unit: Ref


class CollabAttendanceOut(Schema):
    member_id: int
    unit: Ref
    presence: str | None
    stand_in: str


class ResolutionOut(Schema):
    id: int
    number: int
    text: str
    actions: list[ActionOut]


class SessionDetailOut(SessionOut):
    minutes_html: str
    previous_actions: list[ActionOut]
    agenda: list[TopicOut]
    attendance: list[CollabAttendanceOut]
    resolutions_list: list[ResolutionOut]


class CollabEventOut(Schema):
    at: datetime
    who: str
    what: str
    note: str
    due_at: datetime | None
    files: list[FileOut]


class ActionDetailOut(ActionOut):
    timeline: list[CollabEventOut]


class ActionPage(CollabPage):
    counts: dict[str, int]
    items: list[ActionOut]


class MeetingIn(Schema):
    name: str
    convener_id: int
    cadence: str = Field(Cadence.MONTHLY, description="monthly / bimonthly / quarterly")
    description: str = ""


class CollabMemberIn(Schema):
    unit_id: int
    line: str = Field(Line.OTHER, description="political / administration / union / league …")
    person_id: int | None = None


class SessionIn(Schema):
    held_at: datetime
    place: str
    topic_deadline: datetime | None = Field(None, description="不填则为会前三天")


class TopicIn(Schema):
    unit_id: int
    title: str
    description: str = ""


class MoveIn(Schema):
    up: bool = True


class AttendanceIn(Schema):
    member_id: int
    presence: str = Field(description="present / stand_in / absent")
    stand_in: str = ""


class MinutesIn(Schema):
    minutes: str = Field(description="HTML,保存时过滤脚本与事件属性")
    publish: bool = False


class CollabTextIn(Schema):
    text: str


class ActionIn(Schema):
    title: str
    expected_result: str
    owner_unit_id: int | None = None
    owner_person_id: int | None = None
    due_at: datetime | None = None


class CollabReassignIn(Schema):
    owner_unit_id: int | None = None
    owner_person_id: int | None = None
    due_at: datetime | None = None
    note: str = ""


class CollabNoteIn(Schema):
    note: str = ""


class CollabReasonIn(Schema):
    reason: str
    due_at: datetime | None = Field(None, description="新的办结时限;不填则沿用原时限")


class ProgressIn(Schema):
    note: str


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _unit(pk, field):
    if pk is None:
        return None
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise CoreError.UNIT_UNKNOWN(field=field)
    return unit


def _person(pk, field):
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).select_related("department", "team").first()
    if person is None:
        raise CoreError.PERSON_UNKNOWN(field=field, message=_("没有这名职工。"))
    return person


def _params(query: Schema) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in query.dict(exclude={"limit", "offset"}, exclude_none=True).items():
        data[key] = str(value).lower() if isinstance(value, bool) else str(value)
    return data


def _meeting_out(m, stats) -> dict:
    return {
        "id": m.pk,
        "name": m.name,
        "convener": _ref(m.convener),
        "cadence": m.cadence,
        "description": m.description,
        "sessions": stats["sessions"],
        "open_actions": stats["open"],
        "overdue_actions": stats["overdue"],
    }


def _session_out(s, counts) -> dict:
    return {
        "id": s.pk,
        "meeting": _ref(s.meeting),
        "number": s.number,
        "held_at": s.held_at,
        "place": s.place,
        "topic_deadline": s.topic_deadline,
        "status": s.status,
        "status_label": str(s.get_status_display()),
        "topics": counts["topics"],
        "resolutions": counts["resolutions"],
        "actions": counts["actions"],
        "open_actions": counts["open"],
    }


def _action_out(i) -> dict:
    return {
        "id": i.pk,
        "number": i.number,
        "title": i.title,
        "expected_result": i.expected_result,
        "meeting": {"id": i.meeting_id, "name": i.meeting.name},
        "session_id": i.session_id,
        "resolution_id": i.resolution_id,
        "owner_unit": _ref(i.owner_unit),
        "owner_person": _ref(i.owner_person),
        "due_at": i.due_at,
        "status": i.status,
        "status_label": str(i.get_status_display()),
        "overdue": i.is_overdue(),
        "closed_at": i.closed_at,
        "returned_count": i.returned_count,
    }


# --- bodies -----------------------------------------------------------------------------------


@router.get("/meetings", response=CollabMeetingPage, summary="联席会议列表")
def meetings(request, limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0)):
    qs = selectors.meeting_list(user=request.user).order_by("convener__path", "pk")
    rows = list(qs[offset : offset + limit])
    stats = selectors.meeting_stats([m.pk for m in rows])
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": [_meeting_out(m, stats[m.pk]) for m in rows],
    }


def _meeting_detail(user, pk) -> dict:
    m = selectors.meeting_get(user=user, pk=pk)
    return {
        **_meeting_out(m, selectors.meeting_stats([m.pk])[m.pk]),
        "members": [
            {
                "id": mb.pk,
                "unit": _ref(mb.unit),
                "line": mb.line,
                "line_label": str(mb.get_line_display()),
                "representative": _ref(mb.person),
            }
            for mb in selectors.members_of(m)
        ],
    }


@router.get(
    "/meetings/{int:meeting_id}",
    response={200: CollabMeetingDetailOut, 404: ErrorOut},
    summary="联席会议详情(含成员单位)",
)
def meeting(request, meeting_id: int):
    return _meeting_detail(request.user, meeting_id)


@router.get(
    "/meetings/{int:meeting_id}/figures",
    response={200: dict, 404: ErrorOut},
    summary="近期会议督办事项办结情况与按期办结率",
)
def meeting_figures(request, meeting_id: int):
    """按会次:按期办结、逾期办结、在办、逾期未办结;全部已办结事项的按期办结率。与会议页图表相同。"""
    return selectors.meeting_figures(
        meeting=selectors.meeting_get(user=request.user, pk=meeting_id)
    )


@router.post("/meetings", response={201: CollabMeetingDetailOut, **ERRORS}, summary="设立联席会议")
def meeting_create(request, data: MeetingIn):
    m = services.meeting_create(
        actor=request.user,
        name=data.name,
        convener=_unit(data.convener_id, "convener_id"),
        cadence=data.cadence,
        description=data.description,
    )
    return Status(201, _meeting_detail(request.user, m.pk))


@router.post(
    "/meetings/{int:meeting_id}/members",
    response={201: CollabMeetingDetailOut, **ERRORS},
    summary="添加成员单位",
)
def member_add(request, meeting_id: int, data: CollabMemberIn):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    services.member_add(
        actor=request.user,
        meeting=m,
        unit=_unit(data.unit_id, "unit_id"),
        line=data.line,
        person=_person(data.person_id, "person_id"),
    )
    return Status(201, _meeting_detail(request.user, m.pk))


class MemberEditIn(Schema):
    line: str
    person_id: int | None = None


@router.patch(
    "/members/{int:member_id}",
    response={200: CollabMeetingDetailOut, **ERRORS},
    summary="更换成员单位的代表或条线",
)
def member_update(request, member_id: int, data: MemberEditIn):
    member = selectors.member_get(user=request.user, pk=member_id)
    services.member_update(
        actor=request.user,
        member=member,
        line=data.line,
        person=_person(data.person_id, "person_id"),
    )
    return _meeting_detail(request.user, member.meeting_id)


@router.delete("/members/{int:member_id}", response={204: None, **ERRORS}, summary="移除成员单位")
def member_remove(request, member_id: int):
    member = selectors.member_get(user=request.user, pk=member_id)
    services.member_remove(actor=request.user, member=member)
    return Status(204, None)


# --- sessions ---------------------------------------------------------------------------------


class SessionQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)
    meeting: int | None = Field(None, description="联席会议")
    year: int | None = Field(None, description="年度")
    status: str | None = Field(None, description="planned / held / published")


@router.get("/sessions", response=SessionPage, summary="会议列表")
def sessions(request, query: Query[SessionQuery]):
    base = selectors.session_list(user=request.user)
    qs = SessionFilter(_params(query), queryset=base).qs.order_by("-held_at", "-pk")
    rows = list(qs[query.offset : query.offset + query.limit])
    counts = selectors.session_counts([s.pk for s in rows])
    return {
        "count": qs.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_session_out(s, counts[s.pk]) for s in rows],
    }


def _session_detail(user, pk) -> dict:
    s = selectors.session_get(user=user, pk=pk)
    page = selectors.session_page(session=s)
    return {
        **_session_out(s, selectors.session_counts([s.pk])[s.pk]),
        "minutes_html": render_richtext(s.minutes),
        "previous_actions": [_action_out(i) for i in page["carried"]],
        "agenda": [
            {
                "id": t.pk,
                "order": t.order,
                "title": t.title,
                "description": t.description,
                "unit": _ref(t.unit),
            }
            for t in page["topics"]
        ],
        "attendance": [
            {
                "member_id": row["member"].pk,
                "unit": _ref(row["member"].unit),
                "presence": row["mark"].presence if row["mark"] else None,
                "stand_in": row["mark"].stand_in if row["mark"] else "",
            }
            for row in page["attendance"]
        ],
        "resolutions_list": [
            {
                "id": r.pk,
                "number": r.number,
                "text": r.text,
                "actions": [_action_out(i) for i in r.actions.all()],
            }
            for r in page["resolutions"]
        ],
    }


@router.get(
    "/sessions/{int:session_id}",
    response={200: SessionDetailOut, 404: ErrorOut},
    summary="会议详情:上次会议督办事项、议程、出席、纪要、议定事项",
)
def session(request, session_id: int):
    return _session_detail(request.user, session_id)


@router.post(
    "/meetings/{int:meeting_id}/sessions",
    response={201: SessionDetailOut, **ERRORS},
    summary="安排会议",
)
def session_create(request, meeting_id: int, data: SessionIn):
    m = selectors.meeting_get(user=request.user, pk=meeting_id)
    s = services.session_create(
        actor=request.user,
        meeting=m,
        held_at=data.held_at,
        place=data.place,
        topic_deadline=data.topic_deadline,
    )
    return Status(201, _session_detail(request.user, s.pk))


@router.patch(
    "/sessions/{int:session_id}",
    response={200: SessionDetailOut, **ERRORS},
    summary="调整会议时间、地点或议题截止",
)
def session_reschedule(request, session_id: int, data: SessionIn):
    s = selectors.session_get(user=request.user, pk=session_id)
    services.session_reschedule(
        actor=request.user,
        session=s,
        held_at=data.held_at,
        place=data.place,
        topic_deadline=data.topic_deadline,
    )
    return _session_detail(request.user, s.pk)


class CancelIn(Schema):
    reason: str = Field(description="取消原因")


@router.post(
    "/sessions/{int:session_id}/cancel",
    response={204: None, **ERRORS},
    summary="取消会议(未召开的)",
)
def session_cancel(request, session_id: int, data: CancelIn):
    s = selectors.session_get(user=request.user, pk=session_id)
    services.session_cancel(actor=request.user, session=s, reason=data.reason)
    return Status(204, None)


@router.post(
    "/sessions/{int:session_id}/topics",
    response={201: SessionDetailOut, **ERRORS},
    summary="提交议题",
)
def topic_submit(request, session_id: int, data: TopicIn):
    s = selectors.session_get(user=request.user, pk=session_id)
    services.topic_submit(
        actor=request.user,
        session=s,
        unit=_unit(data.unit_id, "unit_id"),
        title=data.title,
        description=data.description,
    )
    return Status(201, _session_detail(request.user, s.pk))


@router.post(
    "/topics/{int:topic_id}/move",
    response={200: SessionDetailOut, **ERRORS},
    summary="调整议程顺序(上移/下移)",
)
def topic_move(request, topic_id: int, data: MoveIn):
    topic = selectors.topic_get(user=request.user, pk=topic_id)
    services.topic_move(actor=request.user, topic=topic, up=data.up)
    return _session_detail(request.user, topic.session_id)


@router.put(
    "/sessions/{int:session_id}/attendance",
    response={200: SessionDetailOut, **ERRORS},
    summary="记录出席情况",
)
def attendance(request, session_id: int, data: list[AttendanceIn]):
    s = selectors.session_get(user=request.user, pk=session_id)
    services.attendance_record(
        actor=request.user,
        session=s,
        rows={r.member_id: (r.presence, r.stand_in) for r in data},
    )
    return _session_detail(request.user, s.pk)


@router.put(
    "/sessions/{int:session_id}/minutes",
    response={200: SessionDetailOut, **ERRORS},
    summary="保存或发布会议纪要",
)
def minutes(request, session_id: int, data: MinutesIn):
    s = selectors.session_get(user=request.user, pk=session_id)
    services.minutes_save(actor=request.user, session=s, minutes=data.minutes, publish=data.publish)
    return _session_detail(request.user, s.pk)


@router.post(
    "/sessions/{int:session_id}/resolutions",
    response={201: SessionDetailOut, **ERRORS},
    summary="记录议定事项",
)
def resolution_add(request, session_id: int, data: CollabTextIn):
    s = selectors.session_get(user=request.user, pk=session_id)
    services.resolution_add(actor=request.user, session=s, text=data.text)
    return Status(201, _session_detail(request.user, s.pk))


# --- action items -----------------------------------------------------------------------------


class ActionQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)
    q: str | None = Field(None, description="事项包含,或编号")
    state: str | None = Field(
        None, description="open / overdue / pending / requested / closed / on_time / late"
    )
    meeting: int | None = None
    session: int | None = None
    owner_unit: int | None = Field(None, description="责任单位(含下级)")
    mine: bool | None = Field(None, description="只看我负责的")


@router.get("/actions", response=ActionPage, summary="督办事项台账")
def actions(request, query: Query[ActionQuery]):
    base = selectors.action_list(user=request.user)
    qs = ActionFilter(_params(query), queryset=base, request=request).qs
    qs = qs.order_by("-created_at", "-pk")
    rows = list(qs[query.offset : query.offset + query.limit])
    return {
        "count": qs.count(),
        "limit": query.limit,
        "offset": query.offset,
        "counts": selectors.action_counts(qs),
        "items": [_action_out(i) for i in rows],
    }


def _action_detail(user, pk) -> dict:
    item = selectors.action_get(user=user, pk=pk)
    return {
        **_action_out(item),
        "timeline": [
            {
                "at": row["at"],
                "who": row["actor"],
                "what": str(row["action"]),
                "note": row["note"],
                "due_at": row["due_at"],
                "files": [file_out(a) for a in (row["event"].files if row["event"] else [])],
            }
            for row in selectors.timeline(item=item)
        ],
    }


@router.get(
    "/actions/{int:action_id}",
    response={200: ActionDetailOut, 404: ErrorOut},
    summary="督办事项详情",
)
def action(request, action_id: int):
    return _action_detail(request.user, action_id)


@router.post(
    "/resolutions/{int:resolution_id}/actions",
    response={201: ActionDetailOut, **ERRORS},
    summary="将议定事项分解为督办事项",
)
def action_create(request, resolution_id: int, data: ActionIn):
    resolution = selectors.resolution_get(user=request.user, pk=resolution_id)
    item = services.action_create(
        actor=request.user,
        resolution=resolution,
        title=data.title,
        expected_result=data.expected_result,
        owner_unit=_unit(data.owner_unit_id, "owner_unit_id"),
        owner_person=_person(data.owner_person_id, "owner_person_id"),
        due_at=data.due_at,
    )
    return Status(201, _action_detail(request.user, item.pk))


def _step(request, action_id: int, service, **kwargs):
    """One workflow step on an action item the user can see, answered with the item."""
    service(
        actor=request.user, item=selectors.action_get(user=request.user, pk=action_id), **kwargs
    )
    return _action_detail(request.user, action_id)


@router.post(
    "/actions/{int:action_id}/progress",
    response={200: ActionDetailOut, **ERRORS},
    summary="报送进展",
    description="multipart/form-data:note 加上 files(可选,可多个)。",
)
def progress(
    request, action_id: int, data: Form[ProgressIn], files: File[list[UploadedFile]] = None
):
    return _step(request, action_id, services.action_progress, note=data.note, files=files or [])


@router.post(
    "/actions/{int:action_id}/request",
    response={200: ActionDetailOut, **ERRORS},
    summary="申请办结",
    description="multipart/form-data:note(办理结果)加上 files(可选)。",
)
def request_close(
    request, action_id: int, data: Form[ProgressIn], files: File[list[UploadedFile]] = None
):
    return _step(
        request, action_id, services.action_request_close, note=data.note, files=files or []
    )


@router.post(
    "/actions/{int:action_id}/accept", response={200: ActionDetailOut, **ERRORS}, summary="同意办结"
)
def accept(request, action_id: int, data: CollabNoteIn):
    return _step(request, action_id, services.action_accept, note=data.note)


@router.post(
    "/actions/{int:action_id}/return", response={200: ActionDetailOut, **ERRORS}, summary="退回续办"
)
def send_back(request, action_id: int, data: CollabReasonIn):
    return _step(request, action_id, services.action_return, reason=data.reason, due_at=data.due_at)


@router.post(
    "/actions/{int:action_id}/reassign",
    response={200: ActionDetailOut, **ERRORS},
    summary="调整责任单位、责任人或办结时限",
)
def reassign(request, action_id: int, data: CollabReassignIn):
    return _step(
        request,
        action_id,
        services.action_reassign,
        owner_unit=_unit(data.owner_unit_id, "owner_unit_id"),
        owner_person=_person(data.owner_person_id, "owner_person_id"),
        due_at=data.due_at,
        note=data.note,
    )
