"""The one router of the joint-meeting API, loading what a request names, shaping the answers."""

from django.utils.translation import gettext as _
from ninja import Router

from apps.core.api import named
from apps.core.errors import CoreError
from apps.core.schemas import ref
from apps.orgs.models import OrgUnit, Person

router = Router(tags=["联席会议"])


def unit_named(pk, field):
    return named(OrgUnit.objects, pk, field=field, error=CoreError.UNIT_UNKNOWN)


def person_named(pk, field):
    return named(
        Person.objects.select_related("department", "team"),
        pk,
        field=field,
        error=CoreError.PERSON_UNKNOWN,
        message=_("没有这名职工。"),
    )


def meeting_out(m, stats) -> dict:
    return {
        "id": m.pk,
        "name": m.name,
        "convener": ref(m.convener),
        "cadence": m.cadence,
        "description": m.description,
        "sessions": stats["sessions"],
        "open_actions": stats["open"],
        "overdue_actions": stats["overdue"],
    }


def session_out(s, counts) -> dict:
    return {
        "id": s.pk,
        "meeting": ref(s.meeting),
        "number": s.number,
        "held_at": s.held_at,
        "place": s.place,
        "topic_deadline": s.topic_deadline,
        "status": s.status,
        "status_label": str(s.get_status_display()),
        "topics": counts["topics"],
        "resolutions": counts["resolutions"],
        "actions": counts["actions"],
        "open_actions": counts["open"],
    }


def action_out(i) -> dict:
    return {
        "id": i.pk,
        "number": i.number,
        "title": i.title,
        "expected_result": i.expected_result,
        "meeting": {"id": i.meeting_id, "name": i.meeting.name},
        "session_id": i.session_id,
        "resolution_id": i.resolution_id,
        "owner_unit": ref(i.owner_unit),
        "owner_person": ref(i.owner_person),
        "due_at": i.due_at,
        "status": i.status,
        "status_label": str(i.get_status_display()),
        "overdue": i.is_overdue(),
        "closed_at": i.closed_at,
        "returned_count": i.returned_count,
    }
