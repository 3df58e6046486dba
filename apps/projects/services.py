"""Writes on projects: propose, submit, approve or send back, milestones and their owners'
progress, progress reports with figures, issues, acceptance, evaluation, termination.

The loop is one explicit table of transitions (TRANSITIONS); a refused step raises a
DomainError with a Chinese message. While a project is under way its open milestones are
supervised (督办) through apps.supervision; the reminders and escalations come from there.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core.errors import DomainError, Forbidden
from apps.core.richtext import plain_text, sanitize_html
from apps.core.services import attachment_create, notify
from apps.core.uploads import check_upload
from apps.orgs.choices import ADMIN_KINDS
from apps.supervision.services import supervise, supervision_close

from .choices import (
    EDITABLE_STATUSES,
    RUNNING_STATUSES,
    Grade,
    IssueStatus,
    MilestoneStatus,
    ProjectAction,
    ProjectStatus,
    Verdict,
)
from .models import (
    Acceptance,
    AcceptanceResult,
    Cooperation,
    Issue,
    Member,
    Milestone,
    MilestoneUpdate,
    ProgressReport,
    Project,
    ProjectEvent,
    ProjectType,
    ReportFigure,
    Target,
)
from .permissions import can_approve, can_manage, can_propose, can_update_milestone, reaches

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


def allowed_actions(status: str) -> set[str]:
    """The actions the table allows from a state (the page shows only these)."""
    return {action for action, (sources, _target) in TRANSITIONS.items() if status in sources}


def _transition(project: Project, action: str) -> tuple[str, str]:
    sources, target = TRANSITIONS[action]
    if project.status not in sources:
        raise DomainError(
            "bad_transition",
            REFUSALS[action] % {"status": project.get_status_display()},
            status=409,
        )
    return project.status, target


def _text(value, *, field: str, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError("required", _("请填写%(label)s。") % {"label": label}, field=field)
    if len(value) > limit:
        raise DomainError(
            "too_long",
            _("%(label)s不能超过 %(n)d 个字(现有 %(len)d 个)。")
            % {"label": label, "n": limit, "len": len(value)},
            field=field,
        )
    return value


def _rich(value, *, field: str, label: str, required: bool = True) -> str:
    """Rich text stored sanitized: whatever could run is dropped before it reaches the table."""
    clean = sanitize_html(value)
    if required and not plain_text(clean):
        raise DomainError("required", _("请填写%(label)s。") % {"label": label}, field=field)
    if len(clean) > RICH_MAX:
        raise DomainError("too_long", _("%(label)s过长。") % {"label": label}, field=field)
    return clean


def _number(value, *, field: str, label: str, minimum=Decimal(0)) -> Decimal:
    if value in (None, ""):
        raise DomainError("required", _("请填写%(label)s。") % {"label": label}, field=field)
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as e:
        raise DomainError(
            "bad_number", _("%(label)s须为数字。") % {"label": label}, field=field
        ) from e
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise DomainError("bad_number", _("%(label)s超出范围。") % {"label": label}, field=field)
    if minimum is not None and number < minimum:
        raise DomainError(
            "negative",
            _("%(label)s不能小于 %(min)s。") % {"label": label, "min": minimum},
            field=field,
        )
    return number


def _files(files, *, field: str) -> list:
    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        raise DomainError(
            "files_too_many", _("最多上传 %(n)d 个文件。") % {"n": MAX_FILES}, field=field
        )
    for f in files:
        try:
            check_upload(f)
        except DomainError as e:
            e.field = field
            raise
    return files


def due_at(day: date) -> datetime:
    """A milestone due on a date is due at the end of that working day (18:00 local)."""
    return timezone.make_aware(datetime.combine(day, time(18, 0)))


def _who(actor) -> str:
    return getattr(actor, "display_name", "")[:50]


def _event(project, *, actor, action, source, target, now, note="") -> ProjectEvent:
    return ProjectEvent.objects.create(
        project=project,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=_who(actor),
        at=now,
        from_status=source,
        to_status=target,
        note=note,
    )


def _url(project) -> str:
    return reverse("projects:detail", args=[project.pk])


def _user_of(person):
    user = getattr(person, "user", None) if person is not None else None
    return user if user is not None and user.is_active else None


def _lead_users(project) -> list:
    users = {}
    for u in (_user_of(project.leader), project.created_by, _user_of(project.lead_unit.head)):
        if u is not None and u.is_active:
            users[u.pk] = u
    return list(users.values())


def _approver_users(project) -> list:
    from apps.accounts.models import RoleAssignment

    from .permissions import APPROVER_ROLES

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


# --- the plan ---------------------------------------------------------------------------------


@dataclass
class TargetIn:
    name: str
    measure: str
    target_value: object


@dataclass
class CooperationIn:
    unit: object
    contribution: str = ""


@dataclass
class MemberIn:
    person: object
    role: str = ""


@dataclass
class MilestoneIn:
    title: str
    owner_unit: object
    due_date: date | None
    owner_person: object = None


def _check_unit(unit, *, field: str, label: str):
    if unit is None:
        raise DomainError("unit_required", _("请选择%(label)s。") % {"label": label}, field=field)
    if unit.kind not in ADMIN_KINDS or unit.dissolved_at is not None:
        raise DomainError(
            "bad_unit", _("%(label)s须为在用的公司、部门或班组。") % {"label": label}, field=field
        )
    return unit


def _check_plan(
    *, name, type, aim, lead_unit, start_date, end_date, budget, team_name, targets,
    cooperations, members, milestones,
) -> dict:  # fmt: skip
    name = _text(name, field="name", label=_("项目名称"), limit=NAME_MAX)
    if type is None or not isinstance(type, ProjectType):
        raise DomainError("type_required", _("请选择项目类型。"), field="type")
    if lead_unit is None:
        raise DomainError("lead_required", _("请选择牵头单位。"), field="lead_unit")
    _check_unit(lead_unit, field="lead_unit", label=_("牵头单位"))
    if start_date is None:
        raise DomainError("required", _("请填写开始日期。"), field="start_date")
    if end_date is None:
        raise DomainError("required", _("请填写完成时限。"), field="end_date")
    if end_date < start_date:
        raise DomainError("end_before_start", _("完成时限不能早于开始日期。"), field="end_date")
    if budget not in (None, ""):
        budget = _number(budget, field="budget", label=_("预算"))
    else:
        budget = None
    checked_targets = []
    if len(targets) > MAX_TARGETS:
        raise DomainError(
            "too_many", _("指标最多 %(n)d 项。") % {"n": MAX_TARGETS}, field="targets"
        )
    for i, t in enumerate(targets, 1):
        label = _("第 %(i)d 项指标") % {"i": i}
        t_name = _text(t.name, field="targets", label=label + _("的名称"), limit=100)
        measure = _text(t.measure, field="targets", label=label + _("的计量单位"), limit=20)
        value = _number(t.target_value, field="targets", label=label + _("的目标值"))
        if value == 0:
            raise DomainError(
                "zero_target", _("%(label)s的目标值须大于 0。") % {"label": label}, field="targets"
            )
        checked_targets.append(TargetIn(t_name, measure, value))
    seen = {lead_unit.pk}
    checked_coops = []
    for c in cooperations:
        _check_unit(c.unit, field="cooperations", label=_("配合单位"))
        if c.unit.pk in seen:
            raise DomainError(
                "duplicate_unit",
                _("“%(unit)s”已是牵头单位或已列为配合单位。") % {"unit": c.unit.name},
                field="cooperations",
            )
        seen.add(c.unit.pk)
        contribution = _text(
            c.contribution, field="cooperations", label=_("配合内容"), limit=300, required=False
        )
        checked_coops.append(CooperationIn(c.unit, contribution))
    people = {}
    for m in members:
        people[m.person.pk] = MemberIn(m.person, (m.role or "").strip()[:50])
    if len(milestones) > MAX_MILESTONES:
        raise DomainError(
            "too_many", _("里程碑最多 %(n)d 个。") % {"n": MAX_MILESTONES}, field="milestones"
        )
    checked_ms = [
        _check_milestone(m, start_date=start_date, end_date=end_date, index=i)
        for i, m in enumerate(milestones, 1)
    ]
    return {
        "name": name,
        "type": type,
        "aim": _rich(aim, field="aim", label=_("项目目标与内容")),
        "lead_unit": lead_unit,
        "start_date": start_date,
        "end_date": end_date,
        "budget": budget,
        "team_name": _text(
            team_name, field="team_name", label=_("项目团队"), limit=100, required=False
        ),
        "targets": checked_targets,
        "cooperations": checked_coops,
        "members": list(people.values()),
        "milestones": checked_ms,
    }


def _check_milestone(m: MilestoneIn, *, start_date, end_date, index=None) -> MilestoneIn:
    label = _("第 %(i)d 个里程碑") % {"i": index} if index else _("里程碑")
    title = _text(m.title, field="milestones", label=label + _("的名称"), limit=100)
    _check_unit(m.owner_unit, field="milestones", label=label + _("的责任单位"))
    if m.due_date is None:
        raise DomainError(
            "required", _("请填写%(label)s的完成时限。") % {"label": label}, field="milestones"
        )
    if not (start_date <= m.due_date <= end_date):
        raise DomainError(
            "milestone_outside",
            _("%(label)s的完成时限 %(due)s 不在项目起止日期(%(start)s 至 %(end)s)之内。")
            % {"label": label, "due": m.due_date, "start": start_date, "end": end_date},
            field="milestones",
        )
    if m.owner_person is not None:
        units = [u for u in (m.owner_person.department, m.owner_person.team) if u is not None]
        if not any(u.path.startswith(m.owner_unit.path) for u in units):
            raise DomainError(
                "owner_person_outside",
                _("%(label)s的责任人“%(name)s”不在“%(unit)s”。")
                % {"label": label, "name": m.owner_person.name, "unit": m.owner_unit.name},
                field="milestones",
            )
    return MilestoneIn(title, m.owner_unit, m.due_date, m.owner_person)


def _write_children(project, plan, *, replace: bool) -> None:
    if replace:
        project.targets.all().delete()
        project.cooperations.all().delete()
        project.members.all().delete()
        for m in project.milestones.all():
            m.soft_delete()
    Target.objects.bulk_create(
        Target(project=project, name=t.name, measure=t.measure, target_value=t.target_value, sort=i)
        for i, t in enumerate(plan["targets"])
    )
    Cooperation.objects.bulk_create(
        Cooperation(project=project, unit=c.unit, contribution=c.contribution)
        for c in plan["cooperations"]
    )
    Member.objects.bulk_create(
        Member(project=project, person=m.person, role=m.role) for m in plan["members"]
    )
    for m in plan["milestones"]:
        Milestone.objects.create(
            project=project,
            title=m.title,
            owner_unit=m.owner_unit,
            owner_person=m.owner_person,
            due_date=m.due_date,
        )


@transaction.atomic
def project_create(
    *,
    actor,
    name: str,
    type: ProjectType | None,
    aim: str,
    lead_unit,
    leader=None,
    start_date: date | None,
    end_date: date | None,
    budget=None,
    team_name: str = "",
    targets: list[TargetIn] = (),
    cooperations: list[CooperationIn] = (),
    members: list[MemberIn] = (),
    milestones: list[MilestoneIn] = (),
    now: datetime | None = None,
) -> Project:
    """A cadre drafts a proposal for a unit they reach: name, type, aim, targets with a unit of
    measure and a value, lead and co-operating units, leader, members, dated milestones inside
    the project's dates, budget. Nothing is stored if any part is wrong."""
    now = now or timezone.now()
    if not can_propose(actor):
        raise Forbidden(_("只有各级负责人和党群工作部可以申报项目。"))
    plan = _check_plan(
        name=name, type=type, aim=aim, lead_unit=lead_unit, start_date=start_date,
        end_date=end_date, budget=budget, team_name=team_name, targets=list(targets),
        cooperations=list(cooperations), members=list(members), milestones=list(milestones),
    )  # fmt: skip
    if not reaches(actor, lead_unit) and not can_approve(actor):
        raise DomainError(
            "lead_out_of_reach", _("只能为本单位(含下级)申报项目。"), field="lead_unit"
        )
    project = Project.objects.create(
        **{k: plan[k] for k in ("name", "type", "aim", "lead_unit", "start_date", "end_date")},
        budget=plan["budget"],
        team_name=plan["team_name"],
        leader=leader,
        created_by=actor,
        created_at=now,
    )
    _write_children(project, plan, replace=False)
    _event(project, actor=actor, action=A.CREATE, source="", target=S.DRAFT, now=now)
    return project


@transaction.atomic
def project_update(
    *,
    actor,
    project: Project,
    name: str,
    type: ProjectType | None,
    aim: str,
    lead_unit,
    leader=None,
    start_date: date | None,
    end_date: date | None,
    budget=None,
    team_name: str = "",
    targets: list[TargetIn] = (),
    cooperations: list[CooperationIn] = (),
    members: list[MemberIn] = (),
    milestones: list[MilestoneIn] = (),
) -> Project:
    """The proposer revises a draft or a returned proposal; the whole plan is replaced."""
    project = _locked(project)
    if project.status not in EDITABLE_STATUSES:
        raise DomainError(
            "not_editable",
            _("只有草稿或退回修改的项目才能修改,该项目当前为“%(status)s”。")
            % {"status": project.get_status_display()},
            status=409,
        )
    if not can_manage(actor, project):
        raise Forbidden(_("只有项目牵头单位、负责人或申报人可以修改项目。"))
    plan = _check_plan(
        name=name, type=type, aim=aim, lead_unit=lead_unit, start_date=start_date,
        end_date=end_date, budget=budget, team_name=team_name, targets=list(targets),
        cooperations=list(cooperations), members=list(members), milestones=list(milestones),
    )  # fmt: skip
    if lead_unit.pk != project.lead_unit_id and not (
        reaches(actor, lead_unit) or can_approve(actor)
    ):
        raise DomainError(
            "lead_out_of_reach", _("只能为本单位(含下级)申报项目。"), field="lead_unit"
        )
    for key in ("name", "type", "aim", "lead_unit", "start_date", "end_date", "budget"):
        setattr(project, key, plan[key])
    project.team_name, project.leader = plan["team_name"], leader
    project.save()
    _write_children(project, plan, replace=True)
    return project


def _supervise(milestone: Milestone, project: Project, now) -> None:
    supervise(
        record=milestone,
        kind=KIND,
        title=_("项目里程碑:%(title)s(%(project)s)")
        % {"title": milestone.title, "project": project.name},
        url=_url(project),
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
        raise DomainError("no_targets", _("请至少设置一项可量化的指标后再提交。"))
    if not project.milestones.exists():
        raise DomainError("no_milestones", _("请至少设置一个里程碑后再提交。"))
    project.status, project.submitted_at = target, now
    project.save()
    _event(project, actor=actor, action=A.SUBMIT, source=source, target=target, now=now)
    notify(
        users=[u for u in _approver_users(project) if u.pk != actor.pk],
        title=_("项目待审批:%(name)s") % {"name": project.name},
        body=_("牵头单位:%(unit)s") % {"unit": project.lead_unit.name},
        url=_url(project),
    )
    return project


def _require_approver(actor, project):
    if not can_approve(actor, project):
        raise Forbidden(_("只有党委或党群工作部可以审批、验收和评价项目。"))


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
    note = _text(note, field="note", label=_("审批意见"), limit=TEXT_MAX, required=False)
    project.status, project.approved_at, project.return_comment = target, now, ""
    project.save()
    _event(project, actor=actor, action=A.APPROVE, source=source, target=target, now=now, note=note)
    owners = []
    for m in project.milestones.filter(status=MilestoneStatus.OPEN).select_related(
        "owner_unit__head__user", "owner_person__user"
    ):
        _supervise(m, project, now)
        owners.append(_user_of(m.owner_person) or _user_of(m.owner_unit.head))
    notify(
        users=_lead_users(project),
        title=_("项目已批准实施:%(name)s") % {"name": project.name},
        body=note,
        url=_url(project),
    )
    notify(
        users=list({u.pk: u for u in owners if u is not None}.values()),
        title=_("您负责的项目里程碑已纳入督办:%(name)s") % {"name": project.name},
        url=_url(project),
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
    comment = _text(comment, field="comment", label=_("退回意见"), limit=TEXT_MAX)
    project.status, project.return_comment = target, comment
    project.save()
    _event(
        project, actor=actor, action=A.RETURN, source=source, target=target, now=now, note=comment
    )
    notify(
        users=_lead_users(project),
        title=_("项目被退回修改:%(name)s") % {"name": project.name},
        body=comment,
        url=_url(project),
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
    reason = _text(reason, field="reason", label=_("终止原因"), limit=TEXT_MAX)
    project.status, project.terminate_reason, project.closed_at = target, reason, now
    project.save()
    _close_open_milestones(project, now)
    _event(
        project, actor=actor, action=A.TERMINATE, source=source, target=target, now=now, note=reason
    )
    notify(
        users=[u for u in _lead_users(project) if u.pk != actor.pk],
        title=_("项目已终止:%(name)s") % {"name": project.name},
        body=reason,
        url=_url(project),
    )
    return project


# --- milestones and progress ------------------------------------------------------------------


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
    value = Decimal(str(round(100 * sum(parts) / len(parts), 1))) if parts else Decimal(0)
    Project.objects.filter(pk=project.pk).update(progress=value)
    project.progress = value
    return value


def _require_running(project):
    if project.status not in RUNNING_STATUSES:
        raise DomainError(
            "not_running",
            _("项目“%(status)s”,不能再填报进展。") % {"status": project.get_status_display()},
            status=409,
        )


@transaction.atomic
def milestone_add(
    *,
    actor,
    project: Project,
    title: str,
    owner_unit,
    due_date: date | None,
    owner_person=None,
    now: datetime | None = None,
) -> Milestone:
    """The lead side adds a milestone inside the project's dates; once the project is under way
    it joins 督办 at once."""
    now = now or timezone.now()
    project = _locked(project)
    if project.status not in (*EDITABLE_STATUSES, S.ACTIVE):
        raise DomainError(
            "not_editable",
            _("项目“%(status)s”,不能再增加里程碑。") % {"status": project.get_status_display()},
            status=409,
        )
    if not can_manage(actor, project):
        raise Forbidden(_("只有项目牵头单位、负责人或申报人可以增加里程碑。"))
    m = _check_milestone(
        MilestoneIn(title, owner_unit, due_date, owner_person),
        start_date=project.start_date,
        end_date=project.end_date,
    )
    milestone = Milestone.objects.create(
        project=project,
        title=m.title,
        owner_unit=m.owner_unit,
        owner_person=m.owner_person,
        due_date=m.due_date,
        created_at=now,
    )
    if project.status == S.ACTIVE:
        _supervise(milestone, project, now)
        recompute_progress(project)
    return milestone


@transaction.atomic
def milestone_update(
    *,
    actor,
    milestone: Milestone,
    progress: int | None,
    note: str,
    done: bool = False,
    evidence=(),
    now: datetime | None = None,
) -> MilestoneUpdate:
    """The milestone's owner reports progress (0–100 %) with a note and evidence files; marking
    it done closes it in 督办 and moves the project's progress."""
    now = now or timezone.now()
    project = _locked(milestone.project)
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("owner_unit", "owner_person")
        .get(pk=milestone.pk)
    )
    _require_running(project)
    if milestone.status != MilestoneStatus.OPEN:
        raise DomainError(
            "milestone_closed",
            _("该里程碑已“%(status)s”。") % {"status": milestone.get_status_display()},
            status=409,
        )
    if not can_update_milestone(actor, milestone, project):
        raise Forbidden(_("只有里程碑责任人(或责任单位负责人)可以填报进展。"))
    if done:
        progress = 100
    if progress is None or not (0 <= int(progress) <= 100):
        raise DomainError("bad_progress", _("完成进度须在 0 到 100 之间。"), field="progress")
    note = _text(note, field="note", label=_("进展说明"), limit=TEXT_MAX)
    evidence = _files(evidence, field="evidence")
    update = MilestoneUpdate.objects.create(
        milestone=milestone,
        actor=actor,
        actor_name=_who(actor),
        at=now,
        progress=int(progress),
        note=note,
        done=done,
    )
    for f in evidence:
        attachment_create(actor=actor, upload=f, owner=update)
    milestone.progress = int(progress)
    if done:
        milestone.status, milestone.done_at, milestone.done_note = MilestoneStatus.DONE, now, note
        supervision_close(record=milestone, at=now)
    milestone.save()
    if done:
        recompute_progress(project)
        notify(
            users=[u for u in _lead_users(project) if u.pk != actor.pk],
            title=_("里程碑已完成:%(title)s") % {"title": milestone.title},
            body=note[:200],
            url=_url(project),
        )
    return update


@transaction.atomic
def report_submit(
    *,
    actor,
    project: Project,
    summary: str,
    figures: dict[int, object],
    reported_on: date | None = None,
    now: datetime | None = None,
) -> ProgressReport:
    """The lead side reports progress: what was done and a figure for each target (those left
    blank keep their last figure); the project's progress follows."""
    now = now or timezone.now()
    project = _locked(project)
    _require_running(project)
    if not can_manage(actor, project):
        raise Forbidden(_("只有项目牵头单位、负责人或申报人可以报告进展。"))
    summary = _rich(summary, field="summary", label=_("进展情况"))
    targets = {t.pk: t for t in project.targets.all()}
    values = {}
    for key, raw in (figures or {}).items():
        target = targets.get(int(key))
        if target is None:
            raise DomainError("bad_target", _("指标不属于该项目。"), field="figures")
        if raw in (None, ""):
            continue
        values[target.pk] = _number(
            raw, field="figures", label=_("“%(name)s”的完成值") % {"name": target.name}
        )
    report = ProgressReport.objects.create(
        project=project,
        reported_on=reported_on or timezone.localdate(now),
        summary=summary,
        reporter=actor,
        reporter_name=_who(actor),
        created_at=now,
    )
    ReportFigure.objects.bulk_create(
        ReportFigure(report=report, target_id=pk, value=v) for pk, v in values.items()
    )
    for pk, v in values.items():
        targets[pk].latest_value = v
        targets[pk].save(update_fields=["latest_value"])
    report.progress = recompute_progress(project)
    report.save(update_fields=["progress"])
    return report


@transaction.atomic
def issue_raise(
    *, actor, project: Project, title: str, description: str = "", now: datetime | None = None
) -> Issue:
    """Anyone in the project (lead side, co-operating units, members, milestone owners) raises a
    problem while it runs; the lead side is told."""
    now = now or timezone.now()
    if not Project.objects.visible_to(actor).filter(pk=project.pk).exists():
        raise Forbidden()
    _require_running(project)
    issue = Issue.objects.create(
        project=project,
        title=_text(title, field="title", label=_("问题"), limit=200),
        description=_text(
            description, field="description", label=_("说明"), limit=TEXT_MAX, required=False
        ),
        raised_by=actor,
        raised_name=_who(actor),
        raised_at=now,
    )
    notify(
        users=[u for u in _lead_users(project) if u.pk != actor.pk],
        title=_("项目提出新问题:%(title)s") % {"title": issue.title},
        url=_url(project),
    )
    return issue


@transaction.atomic
def issue_resolve(*, actor, issue: Issue, resolution: str, now: datetime | None = None) -> Issue:
    """The lead side records how a problem was solved."""
    now = now or timezone.now()
    issue = Issue.objects.select_for_update(of=("self",)).get(pk=issue.pk)
    project = Project.objects.select_related("lead_unit").get(pk=issue.project_id)
    if not can_manage(actor, project):
        raise Forbidden(_("只有项目牵头单位、负责人或申报人可以处理问题。"))
    if issue.status != IssueStatus.OPEN:
        raise DomainError("issue_resolved", _("该问题已解决。"), status=409)
    issue.resolution = _text(resolution, field="resolution", label=_("解决情况"), limit=TEXT_MAX)
    issue.status, issue.resolved_at = IssueStatus.RESOLVED, now
    issue.save()
    return issue


# --- acceptance and evaluation ----------------------------------------------------------------


@transaction.atomic
def acceptance_request(
    *,
    actor,
    project: Project,
    summary: str,
    results: dict[int, object],
    evidence=(),
    now: datetime | None = None,
) -> Acceptance:
    """The lead side asks for acceptance with the actual value of every target and evidence;
    open milestones must be done first."""
    now = now or timezone.now()
    project = _locked(project)
    source, target = _transition(project, A.REQUEST_ACCEPTANCE)
    if not can_manage(actor, project):
        raise Forbidden(_("只有项目牵头单位、负责人或申报人可以申请验收。"))
    open_count = project.milestones.filter(status=MilestoneStatus.OPEN).count()
    if open_count:
        raise DomainError(
            "milestones_open",
            _("还有 %(n)d 个里程碑未完成,完成后才能申请验收。") % {"n": open_count},
        )
    summary = _text(summary, field="summary", label=_("完成情况总结"), limit=TEXT_MAX)
    targets = list(project.targets.all())
    values = {}
    for t in targets:
        raw = (results or {}).get(t.pk, (results or {}).get(str(t.pk)))
        values[t.pk] = _number(
            raw, field="results", label=_("“%(name)s”的实际完成值") % {"name": t.name}
        )
    evidence = _files(evidence, field="evidence")
    acceptance = Acceptance.objects.create(
        project=project, summary=summary, submitted_by=actor, submitted_at=now
    )
    AcceptanceResult.objects.bulk_create(
        AcceptanceResult(acceptance=acceptance, target=t, actual_value=values[t.pk])
        for t in targets
    )
    for t in targets:
        t.actual_value = values[t.pk]
        t.save(update_fields=["actual_value"])
    for f in evidence:
        attachment_create(actor=actor, upload=f, owner=acceptance)
    project.status = target
    project.save()
    _event(
        project,
        actor=actor,
        action=A.REQUEST_ACCEPTANCE,
        source=source,
        target=target,
        now=now,
        note=summary,
    )
    notify(
        users=[u for u in _approver_users(project) if u.pk != actor.pk],
        title=_("项目待验收:%(name)s") % {"name": project.name},
        url=_url(project),
    )
    return acceptance


@transaction.atomic
def acceptance_decide(
    *, actor, project: Project, verdict: str, note: str = "", now: datetime | None = None
) -> Acceptance:
    """The acceptor gives the verdict: passed, the project is accepted; failed (with the reason),
    it goes back to work."""
    now = now or timezone.now()
    project = _locked(project)
    if verdict not in Verdict.values:
        raise DomainError("bad_verdict", _("请选择验收结论。"), field="verdict")
    action = A.ACCEPT if verdict == Verdict.PASS else A.REJECT_ACCEPTANCE
    source, target = _transition(project, action)
    _require_approver(actor, project)
    note = _text(
        note,
        field="note",
        label=_("验收意见"),
        limit=TEXT_MAX,
        required=verdict == Verdict.FAIL,
    )
    acceptance = project.acceptances.order_by("-submitted_at", "-pk").first()
    acceptance.verdict, acceptance.verdict_note = verdict, note
    acceptance.acceptor, acceptance.acceptor_name, acceptance.decided_at = actor, _who(actor), now
    acceptance.save()
    project.status = target
    if verdict == Verdict.PASS:
        project.accepted_at = now
    project.save()
    _event(project, actor=actor, action=action, source=source, target=target, now=now, note=note)
    notify(
        users=_lead_users(project),
        title=(
            _("项目验收通过:%(name)s") if verdict == Verdict.PASS else _("项目验收未通过:%(name)s")
        )
        % {"name": project.name},
        body=note,
        url=_url(project),
    )
    return acceptance


@transaction.atomic
def project_evaluate(
    *, actor, project: Project, score, comment: str = "", now: datetime | None = None
) -> Project:
    """The 党群工作部 evaluates an accepted project with a score from 0 to 100 (the grade
    follows it); the project is closed and the score feeds 量化考核."""
    now = now or timezone.now()
    project = _locked(project)
    source, target = _transition(project, A.EVALUATE)
    _require_approver(actor, project)
    score = _number(score, field="score", label=_("评价得分"))
    if score > 100:
        raise DomainError("bad_score", _("评价得分须在 0 到 100 之间。"), field="score")
    score = score.quantize(Decimal("0.1"))
    comment = _text(comment, field="comment", label=_("评价意见"), limit=TEXT_MAX, required=False)
    project.status, project.score, project.grade = target, score, Grade.for_score(score)
    project.evaluation_comment, project.evaluated_at, project.closed_at = comment, now, now
    project.save()
    _event(
        project,
        actor=actor,
        action=A.EVALUATE,
        source=source,
        target=target,
        now=now,
        note=_("得分 %(score)s(%(grade)s)") % {"score": score, "grade": project.get_grade_display()}
        + (f" {comment}" if comment else ""),
    )
    notify(
        users=_lead_users(project),
        title=_("项目已评价:%(name)s") % {"name": project.name},
        body=_("得分 %(score)s") % {"score": score},
        url=_url(project),
    )
    return project
