"""Writes on meetings, one module per concern: a meeting's life (meetings.py), records and
settings (records.py), what they share (base.py). Each write is one transaction, audited."""

from .base import kinds_ensure_defaults, people_by_numbers, unit_members
from .meetings import (
    attendance_sign_in_manual,
    leave_decide,
    leave_request,
    makeup_complete,
    materials_add,
    meeting_amend,
    meeting_cancel,
    meeting_close,
    meeting_plan,
    meeting_update,
    remind_to_close,
    remind_upcoming,
)
from .records import (
    group_member_remove,
    group_members_add,
    kinds_update,
    meeting_record,
    record_review_decide,
)

__all__ = [
    "attendance_sign_in_manual",
    "group_member_remove",
    "group_members_add",
    "kinds_ensure_defaults",
    "kinds_update",
    "leave_decide",
    "leave_request",
    "makeup_complete",
    "materials_add",
    "meeting_amend",
    "meeting_cancel",
    "meeting_close",
    "meeting_plan",
    "meeting_record",
    "meeting_update",
    "people_by_numbers",
    "record_review_decide",
    "remind_to_close",
    "remind_upcoming",
    "unit_members",
]
