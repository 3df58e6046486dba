"""What the meeting endpoints take and answer."""

from datetime import date, datetime

from ninja import Field, Schema

from apps.core.params import Id
from apps.core.schemas import FileOut, PageOut, PageQuery, Ref, errors


class MeetingQuery(PageQuery):
    q: str | None = Field(None, description="主题包含")
    kind: Id | None = Field(None, description="会议类型")
    status: str | None = Field(None, description="planned / closed / cancelled")
    unit: Id | None = Field(None, description="组织(含下级)")
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


class RecordReviewOut(Schema):
    status: str = Field(description="pending / approved / returned")
    status_label: str
    note: str
    reviewed_by: str
    reviewed_at: datetime | None


class MeetingDetailOut(MeetingOut):
    backfilled: bool = Field(description="会后补录")
    review: RecordReviewOut | None = Field(description="上级对会议记录的审核(党支部、党小组)")
    agenda: str
    minutes: str
    resolutions: str
    closed_at: datetime | None
    my_status: str | None
    can_manage: bool
    materials: list[FileOut] = Field(description="会议材料与文件")
    photos: list[FileOut] = Field(description="现场照片")


class MeetingPage(PageOut):
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


class MeetingFieldsIn(Schema):
    """What planning a meeting and recording one held already both give."""

    unit_id: Id
    kind_id: Id
    topic: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    online_url: str = ""
    host_id: Id
    recorder_id: Id | None = None
    agenda: str = ""


class PlanIn(MeetingFieldsIn):
    invitee_ids: list[Id] | None = Field(None, description="参会人;不填则为本组织全体党员")


class RecordAttendanceIn(Schema):
    person_id: Id
    status: str = Field(description="present / late / leave / absent")


class RecordIn(MeetingFieldsIn):
    attendance: list[RecordAttendanceIn]
    minutes: str = Field(description="会议记录,HTML 会被清理")
    resolutions: str = ""


class ReviewIn(Schema):
    approve: bool
    note: str = Field("", description="退回理由,退回时必填")


class GroupMembersIn(Schema):
    employee_nos: list[str]


class GroupMemberOut(Schema):
    person: Ref
    employee_no: str


class KindOut(Schema):
    id: int
    code: str
    name: str
    frequency: str = Field(description="monthly / quarterly / yearly / none")
    unit_kind: str = Field(description="branch / party_group")
    counts_as_study: bool
    integrity_education: bool = Field(description="计入廉政教育 (issue 14 §2)")
    sort: int
    active: bool


class KindIn(Schema):
    id: Id
    frequency: str
    unit_kind: str
    counts_as_study: bool
    integrity_education: bool | None = Field(None, description="计入廉政教育; omitted: unchanged")
    sort: int = Field(ge=0, le=32767)
    active: bool


class CloseIn(Schema):
    minutes: str
    resolutions: str = ""


class MeetingReasonIn(Schema):
    reason: str


class MeetingDecideIn(Schema):
    approve: bool


class PeopleIn(Schema):
    person_ids: list[Id]


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
    unit: Id | None = Field(None, description="组织(含下级)")


class MeetingMemberRateOut(Schema):
    person_id: int
    person__name: str
    person__employee_no: str
    invited: int
    attended: int
    late: int
    leave: int
    absent: int
    makeup_done: int
    rate: float | None


class MeetingMemberRatePage(PageOut):
    items: list[MeetingMemberRateOut]


ACTION = {200: MeetingDetailOut, **errors(400, 403, 404, 409)}
