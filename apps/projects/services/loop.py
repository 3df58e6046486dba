"""Submit, approve or send back, terminate."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import user_of
from apps.core.errors import Forbidden
from apps.core.rules import clean_text

from ..choices import (
    RUNNING_STATUSES,
    MilestoneStatus,
)
from ..errors import ProjectError
from ..models import (
    Project,
)
from ..permissions import can_manage
from .rules import (
    TEXT_MAX,
    A,
    _approver_users,
    _close_open_milestones,
    _event,
    _lead_users,
    _locked,
    _require_approver,
    _supervise,
    _tell,
    _transition,
)

# --- the loop ---------------------------------------------------------------------------------


@transaction.atomic
def project_submit(*, actor, project: Project, now: datetime | None = None) -> Project:
    """The lead side submits a complete proposal (at least one target and one milestone) to the
    党群工作部 for approval."""
    now = now or timezone.now()
    project = _locked(project)
    source, target = _transition(project, A.SUBMIT)
    if not can_manage(actor, project):
        raise Forbidden(_("只有项目牵头单位、负责人或申报人可以提交审批。"))
    if not project.targets.exists():
        raise ProjectError.NO_TARGETS()
    if not project.milestones.exists():
        raise ProjectError.NO_MILESTONES()
    project.status, project.submitted_at = target, now
    project.save()
    _event(project, actor=actor, action=A.SUBMIT, source=source, target=target, now=now)
    _tell(
        [u for u in _approver_users(project) if u.pk != actor.pk],
        project,
        _("项目待审批:%(name)s") % {"name": project.name},
        _("牵头单位:%(unit)s") % {"unit": project.lead_unit.name},
    )
    return project


@transaction.atomic
def project_approve(
    *, actor, project: Project, note: str = "", now: datetime | None = None
) -> Project:
    """The 党群工作部 approves: the project starts and each open milestone joins 督办 with its
    owner and deadline."""
    now = now or timezone.now()
    project = _locked(project)
    source, target = _transition(project, A.APPROVE)
    _require_approver(actor, project)
    note = clean_text(note, field="note", label=_("审批意见"), limit=TEXT_MAX, required=False)
    project.status, project.approved_at, project.return_comment = target, now, ""
    project.save()
    _event(project, actor=actor, action=A.APPROVE, source=source, target=target, now=now, note=note)
    owners = []
    for m in project.milestones.filter(status=MilestoneStatus.OPEN).select_related(
        "owner_unit__head__user", "owner_person__user"
    ):
        _supervise(m, project, now)
        owners.append(user_of(m.owner_person) or user_of(m.owner_unit.head))
    _tell(
        _lead_users(project), project, _("项目已批准实施:%(name)s") % {"name": project.name}, note
    )
    _tell(
        list({u.pk: u for u in owners if u is not None}.values()),
        project,
        _("您负责的项目里程碑已纳入督办:%(name)s") % {"name": project.name},
    )
    return project


@transaction.atomic
def project_return(
    *, actor, project: Project, comment: str, now: datetime | None = None
) -> Project:
    """The 党群工作部 sends a proposal back with comments; the proposer revises and resubmits."""
    now = now or timezone.now()
    project = _locked(project)
    source, target = _transition(project, A.RETURN)
    _require_approver(actor, project)
    comment = clean_text(comment, field="comment", label=_("退回意见"), limit=TEXT_MAX)
    project.status, project.return_comment = target, comment
    project.save()
    _event(
        project, actor=actor, action=A.RETURN, source=source, target=target, now=now, note=comment
    )
    _tell(
        _lead_users(project),
        project,
        _("项目被退回修改:%(name)s") % {"name": project.name},
        comment,
    )
    return project


@transaction.atomic
def project_terminate(
    *, actor, project: Project, reason: str, now: datetime | None = None
) -> Project:
    """A project is stopped with a reason: the lead side may withdraw one not yet approved; once
    approved only the 党群工作部 may stop it. Open milestones leave 督办. It stays readable."""
    now = now or timezone.now()
    project = _locked(project)
    source, target = _transition(project, A.TERMINATE)
    if source in RUNNING_STATUSES:
        _require_approver(actor, project)
    elif not can_manage(actor, project):
        raise Forbidden(_("只有项目牵头单位、负责人或申报人可以撤销项目。"))
    reason = clean_text(reason, field="reason", label=_("终止原因"), limit=TEXT_MAX)
    project.status, project.terminate_reason, project.closed_at = target, reason, now
    project.save()
    _close_open_milestones(project, now)
    _event(
        project, actor=actor, action=A.TERMINATE, source=source, target=target, now=now, note=reason
    )
    _tell(
        [u for u in _lead_users(project) if u.pk != actor.pk],
        project,
        _("项目已终止:%(name)s") % {"name": project.name},
        reason,
    )
    return project
