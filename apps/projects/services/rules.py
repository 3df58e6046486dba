"""The state machine (TRANSITIONS, REFUSALS), input checks and the helpers every step shares:
events, notifications, locking, 督办 and the progress rule."""

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.accounts.models import RoleAssignment
from apps.accounts.selectors import user_of
from apps.core.errors import CoreError, Forbidden
from apps.core.figures import percent
from apps.core.richtext import plain_text, sanitize_html
from apps.core.rules import StateMachine
from apps.core.services import notify
from apps.core.timeline import timeline_write
from apps.core.uploads import check_uploads
from apps.supervision.services import supervise, supervision_close

from ..choices import (
    EDITABLE_STATUSES,
    RUNNING_STATUSES,
    MilestoneStatus,
    ProjectAction,
    ProjectStatus,
)
from ..errors import ProjectError
from ..models import (
    Milestone,
    Project,
    ProjectEvent,
)
from ..permissions import APPROVER_ROLES, can_approve

S = ProjectStatus
A = ProjectAction
# action -> (the states it may start from, the state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    A.SUBMIT: (frozenset(EDITABLE_STATUSES), S.PENDING),
    A.APPROVE: (frozenset({S.PENDING}), S.ACTIVE),
    A.RETURN: (frozenset({S.PENDING}), S.RETURNED),
    A.REQUEST_ACCEPTANCE: (frozenset({S.ACTIVE}), S.ACCEPTANCE),
    A.ACCEPT: (frozenset({S.ACCEPTANCE}), S.ACCEPTED),
    A.REJECT_ACCEPTANCE: (frozenset({S.ACCEPTANCE}), S.ACTIVE),
    A.EVALUATE: (frozenset({S.ACCEPTED}), S.EVALUATED),
    A.TERMINATE: (
        frozenset({S.DRAFT, S.PENDING, S.RETURNED, S.ACTIVE, S.ACCEPTANCE}),
        S.TERMINATED,
    ),
}
REFUSALS = {
    A.SUBMIT: _l("只有草稿或退回修改的项目才能提交审批,该项目当前为“%(status)s”。"),
    A.APPROVE: _l("只有待审批的项目才能审批通过,该项目当前为“%(status)s”。"),
    A.RETURN: _l("只有待审批的项目才能退回修改,该项目当前为“%(status)s”。"),
    A.REQUEST_ACCEPTANCE: _l("只有实施中的项目才能申请验收,该项目当前为“%(status)s”。"),
    A.ACCEPT: _l("只有待验收的项目才能验收,该项目当前为“%(status)s”。"),
    A.REJECT_ACCEPTANCE: _l("只有待验收的项目才能验收,该项目当前为“%(status)s”。"),
    A.EVALUATE: _l("只有已验收的项目才能评价,该项目当前为“%(status)s”。"),
    A.TERMINATE: _l("该项目已经“%(status)s”,不能再终止。"),
}
NAME_MAX = 100
TEXT_MAX = 2000
RICH_MAX = 20_000
MAX_TARGETS = 20
MAX_MILESTONES = 50
MAX_FILES = 9
KIND = "milestone"


# The table is the rule: the page offers `allowed_actions`, each service moves by `_transition`.
MACHINE = StateMachine(TRANSITIONS, REFUSALS)
allowed_actions = MACHINE.allowed
_transition = MACHINE.move


def _rich(value, *, field: str, label: str, required: bool = True) -> str:
    """Rich text stored sanitized: whatever could run is dropped before it reaches the table."""
    clean = sanitize_html(value)
    if required and not plain_text(clean):
        raise CoreError.REQUIRED(field=field, label=label)
    if len(clean) > RICH_MAX:
        raise ProjectError.TOO_LONG(field=field, label=label)
    return clean


def _number(value, *, field: str, label: str, minimum=Decimal(0)) -> Decimal:
    if value in (None, ""):
        raise CoreError.REQUIRED(field=field, label=label)
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as e:
        raise ProjectError.NOT_A_NUMBER(field=field, label=label) from e
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ProjectError.BAD_NUMBER(field=field, label=label)
    if minimum is not None and number < minimum:
        raise ProjectError.NEGATIVE(field=field, label=label, min=minimum)
    return number


def _files(files, *, field: str) -> list:
    return check_uploads(files, field=field, most=MAX_FILES, too_many=ProjectError.FILES_TOO_MANY)


def due_at(day: date) -> datetime:
    """A milestone due on a date is due at the end of that working day (18:00 local)."""
    return timezone.make_aware(datetime.combine(day, time(18, 0)))


def _who(actor) -> str:
    return getattr(actor, "display_name", "")[:50]


def _event(project, *, actor, action, source, target, now, note="") -> ProjectEvent:
    return timeline_write(
        ProjectEvent,
        project,
        actor=actor,
        action=action,
        from_status=source,
        to_status=target,
        note=note,
        at=now,
    )


def _tell(users, project, title: str, body: str = "") -> None:
    """Tell `users` of a step on the project; the link opens the project's page."""
    notify(users=users, title=title, body=body, url=project.get_absolute_url())


def _lead_users(project) -> list:
    users = {}
    for u in (user_of(project.leader), project.created_by, user_of(project.lead_unit.head)):
        if u is not None and u.is_active:
            users[u.pk] = u
    return list(users.values())


def _approver_users(project) -> list:
    rows = RoleAssignment.objects.filter(
        role__in=APPROVER_ROLES, unit__dissolved_at__isnull=True, user__is_active=True
    ).select_related("user", "unit")
    path = project.lead_unit.path
    return list({ra.user_id: ra.user for ra in rows if path.startswith(ra.unit.path)}.values())


def _locked(project: Project) -> Project:
    """The row again, locked: two people acting at once cannot both move it."""
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("lead_unit__head__user", "leader__user", "type", "created_by")
        .get(pk=project.pk)
    )


def _require_approver(actor, project):
    if not can_approve(actor, project):
        raise Forbidden(_("只有党委或党群工作部可以审批、验收和评价项目。"))


def _supervise(milestone: Milestone, project: Project, now) -> None:
    supervise(
        record=milestone,
        kind=KIND,
        title=_("项目里程碑:%(title)s(%(project)s)")
        % {"title": milestone.title, "project": project.name},
        url=project.get_absolute_url(),
        owner_unit=milestone.owner_unit,
        owner_person=milestone.owner_person,
        due_at=due_at(milestone.due_date),
        now=now,
    )


def _close_open_milestones(project, now) -> None:
    for m in project.milestones.filter(status=MilestoneStatus.OPEN):
        m.status = MilestoneStatus.CANCELLED
        m.save(update_fields=["status", "updated_at"])
        supervision_close(record=m, at=now)


def recompute_progress(project: Project) -> Decimal:
    """The rule in Project's docstring: half milestones done, half targets reached."""
    counts = {"all": 0, "done": 0}
    for status in project.milestones.exclude(status=MilestoneStatus.CANCELLED).values_list(
        "status", flat=True
    ):
        counts["all"] += 1
        counts["done"] += status == MilestoneStatus.DONE
    parts = []
    if counts["all"]:
        parts.append(counts["done"] / counts["all"])
    targets = list(project.targets.all())
    if targets:
        parts.append(sum(t.achieved or 0 for t in targets) / len(targets))
    value = Decimal(str(percent(sum(parts), len(parts)))) if parts else Decimal(0)
    Project.objects.filter(pk=project.pk).update(progress=value)
    project.progress = value
    return value


def _require_running(project):
    if project.status not in RUNNING_STATUSES:
        raise ProjectError.NOT_RUNNING(status=project.get_status_display())
