"""The one router of the meetings API; a meeting shaped for the answers; what a request names,
loaded through the user's scope."""

from django.utils.translation import gettext as _
from ninja import Router

from apps.core.api import Steps, named
from apps.core.errors import CoreError
from apps.core.schemas import file_out, ref
from apps.orgs.models import Person

from .. import selectors
from ..models import Meeting
from ..permissions import can_manage, is_cadre

router = Router(tags=["组织生活"])


def meeting_out(m: Meeting, counts: dict | None) -> dict:
    return {
        "id": m.pk,
        "unit": ref(m.unit),
        "kind": ref(m.kind),
        "topic": m.topic,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "place": m.place,
        "online_url": m.online_url,
        "host": ref(m.host),
        "recorder": ref(m.recorder),
        "status": m.status,
        "status_label": str(m.get_status_display()),
        "counts": counts or {},
    }


def roll_counts(rows) -> dict:
    return selectors.roll_counts([m.pk for m in rows])


def listed(m, counts) -> dict:
    """A meeting in a list, with its attendance counts from `roll_counts` of the page."""
    return meeting_out(m, counts.get(m.pk))


def meeting_detail(user, pk: int) -> dict:
    m = selectors.meeting_get(user=user, pk=pk)
    mine = selectors.my_attendance(user=user, meeting=m)
    photos, files = selectors.attachments_of(m)
    review = selectors.record_review_of(m)
    return {
        **meeting_out(m, selectors.roll_counts([m.pk]).get(m.pk)),
        "backfilled": m.backfilled,
        "review": {
            "status": review.status,
            "status_label": str(review.get_status_display()),
            "note": review.note,
            "reviewed_by": review.reviewed_by.display_name if review.reviewed_by else "",
            "reviewed_at": review.reviewed_at,
        }
        if review
        else None,
        "agenda": m.agenda,
        "minutes": m.minutes,
        "resolutions": m.resolutions,
        "closed_at": m.closed_at,
        "my_status": mine.status if mine else None,
        "can_manage": can_manage(user, m),
        "materials": [file_out(a) for a in files],
        "photos": [file_out(a) for a in photos],
    }


step = Steps(get=selectors.meeting_get, name="meeting", detail=meeting_detail)


def require_cadre(user):
    if not is_cadre(user):
        raise CoreError.NOT_FOUND()


def person_named(user, pk, field):
    """A person the user may see, named by id in a request; refused on that field otherwise."""
    return named(
        Person.objects.visible_to(user),
        pk,
        field=field,
        error=CoreError.PERSON_UNKNOWN,
        message=_("没有这名职工,或不在您的管理范围内。"),
    )
