"""The one router of the joint-meeting API, loading what a request names, shaping the answers."""

from django.http import QueryDict
from django.utils.translation import gettext as _
from ninja import Router, Schema

from apps.core.errors import CoreError
from apps.orgs.models import OrgUnit, Person

router = Router(tags=["联席会议"])


def ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def unit_named(pk, field):
    if pk is None:
        return None
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise CoreError.UNIT_UNKNOWN(field=field)
    return unit


def person_named(pk, field):
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).select_related("department", "team").first()
    if person is None:
        raise CoreError.PERSON_UNKNOWN(field=field, message=_("没有这名职工。"))
    return person


def params(query: Schema) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in query.dict(exclude={"limit", "offset"}, exclude_none=True).items():
        data[key] = str(value).lower() if isinstance(value, bool) else str(value)
    return data


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
