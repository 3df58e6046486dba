"""Action items over the API: assigning, the ledger, the steps of the closure loop."""

from ninja import Field, File, Form, Query, Status
from ninja.files import UploadedFile

from apps.core.api import Steps, paged, query_params
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageQuery, file_out

from .. import selectors, services
from ..filters import ActionFilter
from .common import action_out, person_named, router, unit_named
from .schemas import (
    ERRORS,
    ActionDetailOut,
    ActionIn,
    ActionPage,
    CollabNoteIn,
    CollabReasonIn,
    CollabReassignIn,
    ProgressIn,
)


class ActionQuery(PageQuery):
    q: str | None = Field(None, description="事项包含,或编号")
    state: str | None = Field(
        None, description="open / overdue / pending / requested / closed / on_time / late"
    )
    meeting: Id | None = None
    session: Id | None = None
    owner_unit: Id | None = Field(None, description="责任单位(含下级)")
    mine: bool | None = Field(None, description="只看我负责的")


@router.get("/actions", response=ActionPage, summary="督办事项台账")
def actions(request, query: Query[ActionQuery]):
    base = selectors.action_list(user=request.user)
    qs = ActionFilter(query_params(query), queryset=base, request=request).qs
    qs = qs.order_by("-created_at", "-pk")
    return paged(qs, query, action_out, counts=selectors.action_counts(qs))


def _action_detail(user, pk) -> dict:
    item = selectors.action_get(user=user, pk=pk)
    return {
        **action_out(item),
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
        owner_unit=unit_named(data.owner_unit_id, "owner_unit_id"),
        owner_person=person_named(data.owner_person_id, "owner_person_id"),
        due_at=data.due_at,
    )
    return Status(201, _action_detail(request.user, item.pk))


_step = Steps(get=selectors.action_get, name="item", detail=_action_detail)


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
    return _step(request, action_id, services.action_accept, data)


@router.post(
    "/actions/{int:action_id}/return", response={200: ActionDetailOut, **ERRORS}, summary="退回续办"
)
def send_back(request, action_id: int, data: CollabReasonIn):
    return _step(request, action_id, services.action_return, data)


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
        owner_unit=unit_named(data.owner_unit_id, "owner_unit_id"),
        owner_person=person_named(data.owner_person_id, "owner_person_id"),
        due_at=data.due_at,
        note=data.note,
    )
