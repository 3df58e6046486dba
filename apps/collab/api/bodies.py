"""Bodies and their member units over the API."""

from ninja import Field, Query, Schema, Status

from apps.core.api import Steps, paged
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageQuery, ref

from .. import selectors, services
from .common import meeting_out, person_named, router, unit_named
from .schemas import ERRORS, CollabMeetingDetailOut, CollabMeetingPage, CollabMemberIn, MeetingIn


class CollabMeetingQuery(PageQuery):
    limit: int = Field(50, ge=1, le=200, description="每页条数,1–200")


@router.get("/meetings", response=CollabMeetingPage, summary="联席会议列表")
def meetings(request, page: Query[CollabMeetingQuery]):
    return paged(
        selectors.meeting_list(user=request.user).order_by("convener__path", "pk"),
        page,
        lambda m, stats: meeting_out(m, stats[m.pk]),
        lookup=lambda rows: selectors.meeting_stats([m.pk for m in rows]),
    )


def _meeting_detail(user, pk) -> dict:
    m = selectors.meeting_get(user=user, pk=pk)
    return {
        **meeting_out(m, selectors.meeting_stats([m.pk])[m.pk]),
        "members": [
            {
                "id": mb.pk,
                "unit": ref(mb.unit),
                "line": mb.line,
                "line_label": str(mb.get_line_display()),
                "representative": ref(mb.person),
            }
            for mb in selectors.members_of(m)
        ],
    }


meeting_step = Steps(get=selectors.meeting_get, name="meeting", detail=_meeting_detail)


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
        convener=unit_named(data.convener_id, "convener_id"),
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
    return Status(
        201,
        meeting_step(
            request,
            meeting_id,
            services.member_add,
            unit=unit_named(data.unit_id, "unit_id"),
            line=data.line,
            person=person_named(data.person_id, "person_id"),
        ),
    )


class MemberEditIn(Schema):
    line: str
    person_id: Id | None = None


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
        person=person_named(data.person_id, "person_id"),
    )
    return _meeting_detail(request.user, member.meeting_id)


@router.delete("/members/{int:member_id}", response={204: None, **ERRORS}, summary="移除成员单位")
def member_remove(request, member_id: int):
    member = selectors.member_get(user=request.user, pk=member_id)
    services.member_remove(actor=request.user, member=member)
    return Status(204, None)
