"""What the joint-meeting endpoints take and answer."""

from datetime import datetime

from ninja import Field, Schema

from apps.core.params import Id
from apps.core.schemas import FileOut, PageOut, Ref, errors

from ..choices import Cadence, Line

ERRORS = errors(400, 403, 404, 409, 422)


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


class CollabMeetingPage(PageOut):
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


class SessionPage(PageOut):
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


class ActionPage(PageOut):
    counts: dict[str, int]
    items: list[ActionOut]


class MeetingIn(Schema):
    name: str
    convener_id: Id
    cadence: str = Field(Cadence.MONTHLY, description="monthly / bimonthly / quarterly")
    description: str = ""


class CollabMemberIn(Schema):
    unit_id: Id
    line: str = Field(Line.OTHER, description="political / administration / union / league …")
    person_id: Id | None = None


class SessionIn(Schema):
    held_at: datetime
    place: str
    topic_deadline: datetime | None = Field(None, description="不填则为会前三天")


class TopicIn(Schema):
    unit_id: Id
    title: str
    description: str = ""


class MoveIn(Schema):
    up: bool = True


class AttendanceIn(Schema):
    member_id: Id
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
    owner_unit_id: Id | None = None
    owner_person_id: Id | None = None
    due_at: datetime | None = None


class CollabReassignIn(Schema):
    owner_unit_id: Id | None = None
    owner_person_id: Id | None = None
    due_at: datetime | None = None
    note: str = ""


class CollabNoteIn(Schema):
    note: str = ""


class CollabReasonIn(Schema):
    reason: str
    due_at: datetime | None = Field(None, description="新的办结时限;不填则沿用原时限")


class ProgressIn(Schema):
    note: str
