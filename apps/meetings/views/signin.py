"""QR sign-in pages: the rotating code on the meeting page (for whoever runs it) and the page the
code opens on an invitee's phone."""

import segno
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from apps.core.forms import page_step

from .. import selectors, signin
from .common import managed


def _scan_url(request, meeting) -> str:
    token = signin.signin_token(meeting)
    return request.build_absolute_uri(reverse("meetings:signin") + "?" + urlencode({"t": token}))


@login_required
def meeting_qr(request, pk: int):
    """The QR panel (htmx polls it every 20 s; the code changes every minute)."""
    meeting = managed(request, pk)
    now = timezone.now()
    context = {"meeting": meeting, "open": signin.signin_open(meeting, now)}
    if context["open"]:
        url = _scan_url(request, meeting)
        context["svg"] = segno.make(url, error="m").svg_inline(scale=6, dark="#1d273b")
        context["url"] = url
        context.update(
            meeting.attendances.aggregate(
                signed=Count("pk", filter=Q(signed_in_at__isnull=False)), invited=Count("pk")
            )
        )
    response = render(request, "meetings/_qr.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def sign_in(request):
    """Where the QR code leads, on the invitee's phone: the meeting and one big button (GET
    never changes anything); the POST signs in once. The invitation is the access rule: anyone
    else learns nothing about the meeting."""
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")

    def build() -> dict:
        if request.method == "POST":
            row, already = signin.meeting_sign_in(actor=request.user, token=token)
            late = row.signed_in_at > row.meeting.starts_at + signin.LATE_GRACE
            return {
                "row": row,
                "meeting": row.meeting,
                "already": already,
                "done": True,
                "late": late,
            }
        row = selectors.signin_row(user=request.user, meeting_id=signin.signin_meeting_id(token))
        return {"row": row, "meeting": row.meeting, "already": row.signed_in_at is not None}

    return page_step(
        request, build=build, template="meetings/signin.html", context={"token": token}
    )
