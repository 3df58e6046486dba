"""Sessions over the API: scheduling, agenda, attendance, minutes, resolutions."""

from ninja import Field, Query, Schema, Status

from apps.core.api import Steps, paged, query_params
from apps.core.params import Id
from apps.core.richtext import render_richtext
from apps.core.schemas import ErrorOut, PageQuery, ref

from .. import selectors, services
from ..filters import SessionFilter
from .common import action_out, router, session_out, unit_named
from .schemas import (
    ERRORS,
    AttendanceIn,
    CollabTextIn,
    MinutesIn,
    MoveIn,
    SessionDetailOut,
    SessionIn,
    SessionPage,
    TopicIn,
)


class SessionQuery(PageQuery):
    meeting: Id | None = Field(None, description="联席会议")
    year: int | None = Field(None, description="年度")
    status: str | None = Field(None, description="planned / held / published")


@router.get("/sessions", response=SessionPage, summary="会议列表")
def sessions(request, query: Query[SessionQuery]):
    base = selectors.session_list(user=request.user)
    return paged(
        SessionFilter(query_params(query), queryset=base).qs.order_by("-held_at", "-pk"),
        query,
        lambda s, counts: session_out(s, counts[s.pk]),
        lookup=lambda rows: selectors.session_counts([s.pk for s in rows]),
    )


def _session_detail(user, pk) -> dict:
    s = selectors.session_get(user=user, pk=pk)
    page = selectors.session_page(session=s)
    return {
        **session_out(s, selectors.session_counts([s.pk])[s.pk]),
        "minutes_html": render_richtext(s.minutes),
        "previous_actions": [action_out(i) for i in page["carried"]],
        "agenda": [
            {
                "id": t.pk,
                "order": t.order,
                "title": t.title,
                "description": t.description,
                "unit": ref(t.unit),
            }
            for t in page["topics"]
        ],
        "attendance": [
            {
                "member_id": row["member"].pk,
                "unit": ref(row["member"].unit),
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
                "actions": [action_out(i) for i in r.actions.all()],
            }
            for r in page["resolutions"]
        ],
    }


step = Steps(get=selectors.session_get, name="session", detail=_session_detail)


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
    s = services.session_create(
        actor=request.user,
        meeting=selectors.meeting_get(user=request.user, pk=meeting_id),
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
    return step(request, session_id, services.session_reschedule, data)


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
    return Status(
        201,
        step(
            request,
            session_id,
            services.topic_submit,
            unit=unit_named(data.unit_id, "unit_id"),
            title=data.title,
            description=data.description,
        ),
    )


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
    rows = {r.member_id: (r.presence, r.stand_in) for r in data}
    return step(request, session_id, services.attendance_record, rows=rows)


@router.put(
    "/sessions/{int:session_id}/minutes",
    response={200: SessionDetailOut, **ERRORS},
    summary="保存或发布会议纪要",
)
def minutes(request, session_id: int, data: MinutesIn):
    return step(request, session_id, services.minutes_save, data)


@router.post(
    "/sessions/{int:session_id}/resolutions",
    response={201: SessionDetailOut, **ERRORS},
    summary="记录议定事项",
)
def resolution_add(request, session_id: int, data: CollabTextIn):
    return Status(201, step(request, session_id, services.resolution_add, text=data.text))
