"""QR sign-in: the code the meeting page shows (signed, changing every minute, accepted for two)
and the scan that signs an invitee in once.

Sign-in window: from 30 minutes before the start to the end of the meeting (people arrive early;
nobody signs in to a meeting that is over). Signed in more than 5 minutes after the start is late
(decided when the meeting is closed, services.meeting_close).
"""

from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core.errors import DomainError

from .choices import AttendanceStatus, MeetingStatus, SignMethod
from .models import Attendance, Meeting

S = AttendanceStatus
SIGNIN_OPENS = timedelta(minutes=30)
LATE_GRACE = timedelta(minutes=5)
QR_ROTATE_SECONDS = 60
QR_ACCEPT_WINDOWS = 2  # the current minute's code and the one before: valid 1–2 minutes
SIGN_SALT = "meetings.signin"
NOT_INVITED = _l("您不在本次会议的参会名单中,如需参会请联系会议主持人。")


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
        raise DomainError(
            "bad_code", _("签到码无效。请扫描会场屏幕上的二维码。"), status=400
        ) from None
    age = _window(now or timezone.now()) - window
    if age < 0 or age >= QR_ACCEPT_WINDOWS:
        raise DomainError(
            "expired_code",
            _("签到码已过期(二维码每分钟更新)。请重新扫描会场屏幕上的最新二维码。"),
            status=400,
        )
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
            raise DomainError("bad_code", _("签到码无效。请扫描会场屏幕上的二维码。"))
        raise DomainError("not_invited", NOT_INVITED, status=403)
    if row.signed_in_at is not None:
        return row, True
    meeting = row.meeting
    if meeting.status != MeetingStatus.PLANNED:
        raise DomainError(
            "not_open", _("会议已%(status)s,不能签到。") % {"status": meeting.get_status_display()}
        )
    if now < meeting.starts_at - SIGNIN_OPENS:
        raise DomainError("too_early", _("签到将在会议开始前 30 分钟开放。"))
    if now > meeting.ends_at:
        raise DomainError("too_late", _("会议已结束,不能再签到。请联系主持人。"))
    changed = Attendance.objects.filter(pk=row.pk, signed_in_at__isnull=True).update(
        status=S.SIGNED, signed_in_at=now, sign_method=SignMethod.QR
    )
    if not changed:  # a concurrent scan of the same person won: read what it stored
        row.refresh_from_db(fields=["status", "signed_in_at", "sign_method"])
        return row, True
    row.status, row.signed_in_at, row.sign_method = S.SIGNED, now, SignMethod.QR
    return row, False
