"""What the meeting services share: the limits, the checks of a plan, the record a meeting is
closed with, the review's transitions, people by 工号, the kinds a fresh installation has."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import CoreError
from apps.core.rules import StateMachine, clean_text
from apps.core.services import attachment_create, notify
from apps.core.uploads import check_uploads
from apps.orgs.choices import EmploymentStatus, UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person
from apps.orgs.scope import subtree_q

from ..choices import (
    DEFAULT_KINDS,
    AttendanceStatus,
    MakeupStatus,
    MeetingStatus,
    RecordReviewStatus,
)
from ..errors import MeetingError
from ..models import Attendance, Meeting, MeetingKind, PartyGroupMember, RecordReview
from ..permissions import (
    MEETING_UNIT_KINDS,
    REVIEWED_UNIT_KINDS,
    can_manage,
    can_plan,
)
from ..roll import roll_update

S = AttendanceStatus
MATERIAL_KINDS = {"pdf", "office", "image"}
PHOTO_KINDS = {"image"}
MAX_FILES = 20
TOPIC_MAX = 200
TEXT_MAX = 20_000
REASON_MAX = 200


def _files(files, *, field: str, kinds: set[str]) -> list:
    return check_uploads(
        files, field=field, most=MAX_FILES, too_many=MeetingError.TOO_MANY_FILES, kinds=kinds
    )


def _url(meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def _invitee_users(meeting, *, statuses=None) -> list:
    from apps.accounts.models import User

    rows = Attendance.objects.filter(meeting=meeting)
    if statuses is not None:
        rows = rows.filter(status__in=statuses)
    return list(User.objects.filter(is_active=True, person_id__in=rows.values("person_id")))


def kinds_ensure_defaults() -> None:
    """The kinds the issue names, with their default frequencies (the kinds page changes them)."""
    for i, (code, name, frequency, study, unit_kind) in enumerate(DEFAULT_KINDS):
        MeetingKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "frequency": frequency,
                "counts_as_study": study,
                "unit_kind": unit_kind,
                "sort": (i + 1) * 10,
            },
        )


def unit_members(unit):
    """The people a unit's meetings invite by default, active employees only: a party group's
    recorded members (PartyGroupMember); the party members of a branch, or of everything under
    a general branch or committee."""
    active = Person.objects.filter(status=EmploymentStatus.ACTIVE)
    if unit.kind == UnitKind.PARTY_GROUP:
        return active.filter(pk__in=PartyGroupMember.objects.filter(group=unit).values("person_id"))
    branches = OrgUnit.objects.filter(subtree_q(unit.path)).values("pk")
    return active.filter(
        pk__in=PartyMembership.objects.filter(branch__in=branches).values("person_id")
    )


def kind_fits(kind: MeetingKind, unit) -> bool:
    """A party group holds only the kinds set for party groups (党小组会), and those kinds are
    held by party groups alone; branches, general branches and committees hold the others."""
    return (kind.unit_kind == UnitKind.PARTY_GROUP) == (unit.kind == UnitKind.PARTY_GROUP)


def _plan_fields(
    *, actor, unit, kind, topic, starts_at, ends_at, place, online_url, host, recorder, agenda
) -> dict:
    """A meeting's own fields, checked and cleaned as planning, changing and 补录 all store them:
    a live party unit the actor plans for, a kind that fits it, a topic, a time of at most 12
    hours, a place or a link, a host; texts trimmed, the agenda checked."""
    if unit is None or unit.kind not in MEETING_UNIT_KINDS or unit.dissolved_at is not None:
        raise CoreError.UNIT_UNKNOWN(field="unit", message=_("请选择在用的党组织。"))
    if not can_plan(actor, unit):
        raise CoreError.FORBIDDEN(message=_("您不能为“%(unit)s”安排会议。") % {"unit": unit.name})
    if kind is None or not kind.active:
        raise MeetingError.KIND_UNKNOWN(field="kind")
    if not kind_fits(kind, unit):
        raise MeetingError.KIND_WRONG_UNIT(
            field="kind", kind=kind.name, unit_kind=unit.get_kind_display(), unit=unit.name
        )
    topic = clean_text(topic, field="topic", label=_("会议主题"), limit=TOPIC_MAX)
    if starts_at is None or ends_at is None:
        raise MeetingError.TIME_REQUIRED(field="starts_at")
    if ends_at <= starts_at:
        raise MeetingError.BAD_TIME(field="ends_at")
    if ends_at - starts_at > timedelta(hours=12):
        raise MeetingError.DURATION_TOO_LONG(field="ends_at")
    if not (place or "").strip() and not (online_url or "").strip():
        raise MeetingError.PLACE_REQUIRED(field="place")
    if host is None:
        raise MeetingError.HOST_REQUIRED(field="host")
    return {
        "unit": unit,
        "kind": kind,
        "topic": topic,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": (place or "").strip()[:200],
        "online_url": (online_url or "").strip(),
        "host": host,
        "recorder": recorder,
        "agenda": clean_text(
            agenda, field="agenda", label=_("会议议程"), limit=TEXT_MAX, required=False
        ),
    }


def _default_invitees(unit) -> list[Person]:
    people = list(unit_members(unit))
    if not people and unit.kind == UnitKind.PARTY_GROUP:
        raise MeetingError.GROUP_EMPTY(field="invitees", unit=unit.name)
    return people


def _locked(meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("unit", "kind", "host", "recorder")
        .get(pk=meeting.pk)
    )


def _require_manager(actor, meeting):
    if not can_manage(actor, meeting):
        raise CoreError.FORBIDDEN(message=_("只有会议主持人、记录人或本组织的书记、委员可以操作。"))


def _require_planned(meeting):
    if meeting.status != MeetingStatus.PLANNED:
        raise CoreError.BAD_TRANSITION(
            message=_("会议已%(status)s,不能再进行此操作。")
            % {"status": meeting.get_status_display()}
        )


def _record(minutes, resolutions, photos, files) -> dict:
    """The record a meeting is closed (or 补录) with, checked."""
    return {
        "minutes": clean_text(minutes, field="minutes", label=_("会议记录"), limit=TEXT_MAX * 5),
        "resolutions": clean_text(
            resolutions, field="resolutions", label=_("会议决议"), limit=TEXT_MAX, required=False
        ),
        "photos": _files(photos, field="photos", kinds=PHOTO_KINDS),
        "files": _files(files, field="files", kinds=MATERIAL_KINDS),
    }


def _file_record(*, actor, meeting, record: dict) -> None:
    """Store a closed meeting's record: the minutes and files, the 补学 owed by whoever missed
    it, and a review by the level above for a branch's or party group's meeting."""
    meeting.minutes, meeting.resolutions = record["minutes"], record["resolutions"]
    meeting.save()
    for f in record["photos"]:
        attachment_create(actor=actor, upload=f, owner=meeting, kinds=PHOTO_KINDS)
    for f in record["files"]:
        attachment_create(actor=actor, upload=f, owner=meeting, kinds=MATERIAL_KINDS)
    roll_update(
        Attendance.objects.filter(meeting=meeting, status__in=(S.ABSENT, S.LEAVE)),
        actor=actor,
        makeup_status=MakeupStatus.PENDING,
    )
    if meeting.unit.kind in REVIEWED_UNIT_KINDS:
        RecordReview.objects.create(meeting=meeting)
    notify(
        users=_invitee_users(meeting, statuses=(S.ABSENT, S.LEAVE)),
        title=_("补学任务:%(kind)s · %(topic)s")
        % {"kind": meeting.kind.name, "topic": meeting.topic},
        body=_("您未参加本次会议,请阅读会议记录和材料完成补学。"),
        url=reverse("meetings:mine"),
        dedupe_key=f"meeting:{meeting.pk}:makeup",
    )


# --- the higher level's review of the record ---------------------------------------------------

REVIEW_FLOW = StateMachine(
    {
        "approve": ({RecordReviewStatus.PENDING}, RecordReviewStatus.APPROVED),
        "return": ({RecordReviewStatus.PENDING}, RecordReviewStatus.RETURNED),
        "resubmit": ({RecordReviewStatus.RETURNED}, RecordReviewStatus.PENDING),
    },
    {
        "approve": _("会议记录当前为“%(status)s”,不能再审核。"),
        "return": _("会议记录当前为“%(status)s”,不能退回。"),
        "resubmit": _("会议记录当前为“%(status)s”,无需重新提交。"),
    },
)


def _move_review(review: RecordReview, action: str, *, actor, note: str = "") -> RecordReview:
    _from, review.status = REVIEW_FLOW.move(review, action)
    if action != "resubmit":
        review.reviewed_by, review.reviewed_at = actor, timezone.now()
    review.note = note
    review.save()
    return review


def people_by_numbers(*, actor, numbers: list[str], field: str) -> list[Person]:
    """People named by 工号 that the actor may see; an unknown number is refused by name."""
    numbers = [n for n in dict.fromkeys(numbers) if n]
    found = {
        p.employee_no: p
        for p in Person.objects.visible_to(actor).filter(
            Q(employee_no__in=numbers), status=EmploymentStatus.ACTIVE
        )
    }
    missing = [n for n in numbers if n not in found]
    if missing:
        raise CoreError.PERSON_UNKNOWN(field=field, no="、".join(missing[:10]))
    return [found[n] for n in numbers]
