"""Records and settings over the API: 补录 of a meeting already held, the level above's review,
党小组 membership and the kinds' frequencies; the pages' selectors and services."""

from ninja import Query, Status

from apps.core.api import paged
from apps.core.errors import CoreError
from apps.core.richtext import sanitize_html
from apps.core.schemas import ErrorOut, PageQuery, errors
from apps.orgs.models import OrgUnit

from .. import selectors, services
from ..models import MeetingKind
from ..permissions import may_review_records, planning_units
from .common import listed, meeting_detail, person_named, roll_counts, router, step
from .schemas import (
    ACTION,
    GroupMemberOut,
    GroupMembersIn,
    KindIn,
    KindOut,
    MeetingDetailOut,
    MeetingPage,
    RecordIn,
    ReviewIn,
)

ANSWERS = errors(400, 403, 404, 409)


@router.post("/records", response={201: MeetingDetailOut, **ANSWERS}, summary="补录已召开的会议")
def record(request, data: RecordIn):
    user = request.user
    unit = (
        planning_units(user).filter(pk=data.unit_id).first()
        or OrgUnit.objects.filter(pk=data.unit_id).first()
    )
    if unit is None:
        raise CoreError.UNIT_UNKNOWN(field="unit_id")
    people = {
        row.person_id: person_named(user, row.person_id, "attendance") for row in data.attendance
    }
    meeting = services.meeting_record(
        actor=user,
        unit=unit,
        kind=MeetingKind.objects.filter(pk=data.kind_id).first(),
        topic=data.topic,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place,
        online_url=data.online_url,
        host=person_named(user, data.host_id, "host_id"),
        recorder=person_named(user, data.recorder_id, "recorder_id"),
        agenda=data.agenda,
        attendance={people[row.person_id]: row.status for row in data.attendance},
        minutes=sanitize_html(data.minutes),
        resolutions=data.resolutions,
    )
    return Status(201, meeting_detail(user, meeting.pk))


@router.get("/reviews", response={200: MeetingPage, **errors(403)}, summary="待审核的会议记录")
def reviews(request, page: Query[PageQuery]):
    if not may_review_records(request.user):
        raise CoreError.FORBIDDEN()
    qs = selectors.records_to_review(user=request.user)
    return paged(qs, page, listed, lookup=roll_counts)


@router.post("/items/{int:meeting_id}/review", response=ACTION, summary="审核会议记录")
def review(request, meeting_id: int, data: ReviewIn):
    return step(request, meeting_id, services.record_review_decide, data)


def _members(group) -> list[dict]:
    return [
        {"person": {"id": m.person_id, "name": m.person.name}, "employee_no": m.person.employee_no}
        for m in selectors.group_members(group=group)
    ]


@router.get(
    "/groups/{int:group_id}/members",
    response={200: list[GroupMemberOut], 404: ErrorOut},
    summary="党小组成员",
)
def group_members(request, group_id: int):
    return _members(selectors.party_group_get(user=request.user, pk=group_id))


@router.post(
    "/groups/{int:group_id}/members",
    response={200: list[GroupMemberOut], **ANSWERS},
    summary="登记党小组成员(按工号)",
)
def group_members_add(request, group_id: int, data: GroupMembersIn):
    group = selectors.party_group_get(user=request.user, pk=group_id)
    services.group_members_add(actor=request.user, group=group, numbers=data.employee_nos)
    return _members(group)


@router.delete(
    "/groups/{int:group_id}/members/{int:person_id}",
    response={200: list[GroupMemberOut], **ANSWERS},
    summary="移出党小组",
)
def group_member_remove(request, group_id: int, person_id: int):
    group = selectors.party_group_get(user=request.user, pk=group_id)
    services.group_member_remove(actor=request.user, group=group, person_id=person_id)
    return _members(group)


def _kinds() -> list[dict]:
    fields = (
        "id",
        "code",
        "name",
        "frequency",
        "unit_kind",
        "counts_as_study",
        "integrity_education",
        "sort",
        "active",
    )
    return list(selectors.kinds().values(*fields))


@router.get("/kinds", response=list[KindOut], summary="会议类型与规定频次")
def kinds(request):
    return _kinds()


@router.put("/kinds", response={200: list[KindOut], **ANSWERS}, summary="设置会议类型与规定频次")
def kinds_update(request, data: list[KindIn]):
    services.kinds_update(
        actor=request.user,
        changes={k.id: k.dict(exclude={"id"}, exclude_none=True) for k in data},
    )
    return _kinds()
