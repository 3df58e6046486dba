"""Reads on 发展党员, always through `Admission.objects.visible_to(user)`."""

from datetime import timedelta

from django.db.models import Count

from apps.core.errors import NotFound
from apps.core.timeline import timeline_rows
from apps.meetings.models import Meeting
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.orgs.scope import role_prefixes, subtrees_q

from .choices import OPEN_STATUSES, STAGE_OF, Stage
from .models import PARTY_ROLES, Admission
from .rules import DEADLINES


def admission_list(*, user):
    return Admission.objects.visible_to(user).select_related("person", "branch")


def admission_get(*, user, pk: int) -> Admission:
    admission = (
        Admission.objects.visible_to(user)
        .select_related("person__department", "person__team", "branch", "talker")
        .filter(pk=pk)
        .first()
    )
    if admission is None:
        raise NotFound()
    return admission


def board(*, user, branch=None):
    """Everyone in the pipeline (the branch's, or every branch the user reaches), the soonest
    next step first."""
    rows = admission_list(user=user).filter(status__in=OPEN_STATUSES)
    if branch is not None:
        rows = rows.filter(branch=branch)
    return rows.order_by("branch__path", "next_due", "pk")


def stage_counts(rows) -> list[dict]:
    """How many are at each of the five stages (one query)."""
    by_status = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    counts = dict.fromkeys(Stage.values, 0)
    for status, n in by_status.items():
        counts[STAGE_OF[status]] += n
    return [{"stage": s, "label": Stage(s).label, "n": counts[s]} for s in Stage.values]


def branches(*, user):
    """The branches whose pipeline the user reads (the board's filter)."""
    if user.is_superuser:
        qs = OrgUnit.objects.alive()
    else:
        prefixes = role_prefixes(user, *PARTY_ROLES)
        if not prefixes:
            return OrgUnit.objects.none()
        qs = OrgUnit.objects.alive().filter(subtrees_q(prefixes))
    return qs.filter(kind=UnitKind.BRANCH).order_by("path")


def general_meetings(admission):
    """The branch's closed 支部党员大会 a vote may be recorded against, newest first."""
    return Meeting.objects.filter(unit=admission.branch, kind__code="general_meeting").order_by(
        "-starts_at"
    )


def detail(admission) -> dict:
    """What the person's page shows beside the record: reviews, votes, timeline."""
    return {
        "contacts": list(admission.contacts.all()),
        "sponsors": list(admission.sponsors.all()),
        "reviews": list(admission.reviews.all()),
        "votes": list(admission.votes.select_related("meeting").annotate(n=Count("voters"))),
        "timeline": timeline_rows(admission, events=admission.events.all(), edits=False),
    }


def due_soon(*, today, days: int):
    """Open records whose next deadline falls within `days` (the reminder pass)."""
    return Admission.objects.filter(
        status__in=OPEN_STATUSES,
        next_step__in=DEADLINES,
        next_due__lte=today + timedelta(days=days),
    ).select_related("person", "branch")
