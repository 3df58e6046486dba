"""QR sign-in: the code the meeting page shows (signed, changing every minute, accepted for two)
and the scan that signs an invitee in once.

Sign-in window: from 30 minutes before the start to the end of the meeting (people arrive early;
nobody signs in to a meeting that is over). Signed in more than 5 minutes after the start is late
(decided when the meeting is closed, services.meeting_close).
"""

from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

from .choices import AttendanceStatus, MeetingStatus, SignMethod
from .errors import MeetingError
from .models import Attendance, Meeting
from .roll import roll_audit

S = AttendanceStatus
SIGNIN_OPENS = timedelta(minutes=30)
LATE_GRACE = timedelta(minutes=5)
QR_ROTATE_SECONDS = 60
QR_ACCEPT_WINDOWS = 2  # the current minute's code and the one before: valid 1–2 minutes
SIGN_SALT = "meetings.signin"


def _window(now: datetime) -> int:
    return int(now.timestamp()) // QR_ROTATE_SECONDS


def signin_token(meeting: Meeting, *, now: datetime | None = None) -> str:
    """The code the QR carries this minute: the meeting and the minute, signed with the secret
    key, so it cannot be forged and stops working two minutes later."""
    return signing.Signer(salt=SIGN_SALT).sign(f"{meeting.pk}.{_window(now or timezone.now())}")


def signin_meeting_id(token: str, *, now: datetime | None = None) -> int:
    """The meeting a scanned code is for; a forged or expired code is refused."""
    try:
        value = signing.Signer(salt=SIGN_SALT).unsign(token or "")
        meeting_id, window = (int(x) for x in value.split("."))
    except (signing.BadSignature, ValueError):
        raise MeetingError.BAD_CODE() from None
    age = _window(now or timezone.now()) - window
    if age < 0 or age >= QR_ACCEPT_WINDOWS:
        raise MeetingError.EXPIRED_CODE()
    return meeting_id


def signin_open(meeting: Meeting, now: datetime) -> bool:
    return (
        meeting.status == MeetingStatus.PLANNED
        and meeting.starts_at - SIGNIN_OPENS <= now <= meeting.ends_at
    )


def meeting_sign_in(*, actor, token: str, now: datetime | None = None) -> tuple[Attendance, bool]:
    """An invitee scans the code and is signed in once: one conditional UPDATE (only a row not
    yet signed in changes), so a double tap or a burst of scans stores each sign-in once on
    SQLite and PostgreSQL alike. Returns the attendance and whether it was already signed in."""
    now = now or timezone.now()
    meeting_id = signin_meeting_id(token, now=now)
    person_id = getattr(actor, "person_id", None)
    row = (
        Attendance.objects.select_related("meeting", "meeting__kind")
        .filter(meeting_id=meeting_id, person_id=person_id, meeting__deleted_at__isnull=True)
        .first()
        if person_id
        else None
    )
    if row is None:
        if not Meeting.objects.filter(pk=meeting_id).exists():
            raise MeetingError.BAD_CODE()
        raise MeetingError.NOT_INVITED()
    if row.signed_in_at is not None:
        return row, True
    meeting = row.meeting
    if meeting.status != MeetingStatus.PLANNED:
        raise MeetingError.NOT_OPEN(status=meeting.get_status_display())
    if now < meeting.starts_at - SIGNIN_OPENS:
        raise MeetingError.TOO_EARLY()
    if now > meeting.ends_at:
        raise MeetingError.TOO_LATE()
    values = {"status": S.SIGNED, "signed_in_at": now, "sign_method": SignMethod.QR}
    changed = Attendance.objects.filter(pk=row.pk, signed_in_at__isnull=True).update(**values)
    if not changed:  # a concurrent scan of the same person won: read what it stored
        row.refresh_from_db(fields=["status", "signed_in_at", "sign_method"])
        return row, True
    before = {"pk": row.pk, "meeting_id": row.meeting_id, "person_id": row.person_id}
    before.update(status=row.status, signed_in_at=None, sign_method=row.sign_method)
    roll_audit([before], actor=actor, values=values)
    row.status, row.signed_in_at, row.sign_method = S.SIGNED, now, SignMethod.QR
    return row, False
