"""The proposal: its checks, create and update."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import Forbidden
from apps.core.rules import clean_text
from apps.orgs.choices import ADMIN_KINDS

from ..choices import (
    EDITABLE_STATUSES,
    TargetDirection,
)
from ..errors import ProjectError
from ..models import (
    Cooperation,
    Member,
    Milestone,
    Project,
    ProjectType,
    Target,
)
from ..permissions import can_approve, can_manage, can_propose, reaches
from .rules import (
    MAX_MILESTONES,
    MAX_TARGETS,
    NAME_MAX,
    A,
    S,
    _event,
    _locked,
    _number,
    _rich,
)

# --- the plan ---------------------------------------------------------------------------------


@dataclass
class TargetIn:
    name: str
    measure: str
    target_value: object
    direction: str = TargetDirection.HIGHER


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
        raise ProjectError.UNIT_REQUIRED(field=field, label=label)
    if unit.kind not in ADMIN_KINDS or unit.dissolved_at is not None:
        raise ProjectError.BAD_UNIT(field=field, label=label)
    return unit


def _check_plan(
    *, name, type, aim, lead_unit, start_date, end_date, budget, team_name, targets,
    cooperations, members, milestones,
) -> dict:  # fmt: skip
    name = clean_text(name, field="name", label=_("项目名称"), limit=NAME_MAX)
    if type is None or not isinstance(type, ProjectType):
        raise ProjectError.TYPE_REQUIRED(field="type")
    if lead_unit is None:
        raise ProjectError.LEAD_REQUIRED(field="lead_unit")
    _check_unit(lead_unit, field="lead_unit", label=_("牵头单位"))
    if start_date is None:
        raise ProjectError.START_REQUIRED(field="start_date")
    if end_date is None:
        raise ProjectError.END_REQUIRED(field="end_date")
    if end_date < start_date:
        raise ProjectError.END_BEFORE_START(field="end_date")
    if budget not in (None, ""):
        budget = _number(budget, field="budget", label=_("预算"))
    else:
        budget = None
    checked_targets = []
    if len(targets) > MAX_TARGETS:
        raise ProjectError.TOO_MANY_TARGETS(field="targets", n=MAX_TARGETS)
    for i, t in enumerate(targets, 1):
        label = _("第 %(i)d 项指标") % {"i": i}
        t_name = clean_text(t.name, field="targets", label=label + _("的名称"), limit=100)
        measure = clean_text(t.measure, field="targets", label=label + _("的计量单位"), limit=20)
        value = _number(t.target_value, field="targets", label=label + _("的目标值"))
        direction = t.direction or TargetDirection.HIGHER
        if direction not in TargetDirection.values:
            raise ProjectError.BAD_DIRECTION(field="targets", label=label)
        # 零事故 (at most 0) is a target; "reach 0" is not.
        if value == 0 and direction == TargetDirection.HIGHER:
            raise ProjectError.ZERO_TARGET(field="targets", label=label)
        checked_targets.append(TargetIn(t_name, measure, value, direction))
    seen = {lead_unit.pk}
    checked_coops = []
    for c in cooperations:
        _check_unit(c.unit, field="cooperations", label=_("配合单位"))
        if c.unit.pk in seen:
            raise ProjectError.DUPLICATE_UNIT(field="cooperations", unit=c.unit.name)
        seen.add(c.unit.pk)
        contribution = clean_text(
            c.contribution, field="cooperations", label=_("配合内容"), limit=300, required=False
        )
        checked_coops.append(CooperationIn(c.unit, contribution))
    people = {}
    for m in members:
        people[m.person.pk] = MemberIn(m.person, (m.role or "").strip()[:50])
    if len(milestones) > MAX_MILESTONES:
        raise ProjectError.TOO_MANY_MILESTONES(field="milestones", n=MAX_MILESTONES)
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
        "team_name": clean_text(
            team_name, field="team_name", label=_("项目团队"), limit=100, required=False
        ),
        "targets": checked_targets,
        "cooperations": checked_coops,
        "members": list(people.values()),
        "milestones": checked_ms,
    }


def _check_milestone(m: MilestoneIn, *, start_date, end_date, index=None) -> MilestoneIn:
    label = _("第 %(i)d 个里程碑") % {"i": index} if index else _("里程碑")
    title = clean_text(m.title, field="milestones", label=label + _("的名称"), limit=100)
    _check_unit(m.owner_unit, field="milestones", label=label + _("的责任单位"))
    if m.due_date is None:
        raise ProjectError.MILESTONE_DUE_REQUIRED(field="milestones", label=label)
    if not (start_date <= m.due_date <= end_date):
        raise ProjectError.MILESTONE_OUTSIDE(
            field="milestones", label=label, due=m.due_date, start=start_date, end=end_date
        )
    if m.owner_person is not None:
        units = [u for u in (m.owner_person.department, m.owner_person.team) if u is not None]
        if not any(u.path.startswith(m.owner_unit.path) for u in units):
            raise ProjectError.OWNER_PERSON_OUTSIDE(
                field="milestones", label=label, name=m.owner_person.name, unit=m.owner_unit.name
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
        Target(
            project=project,
            name=t.name,
            measure=t.measure,
            target_value=t.target_value,
            direction=t.direction,
            sort=i,
        )
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
        raise ProjectError.LEAD_OUT_OF_REACH(field="lead_unit")
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
        raise ProjectError.NOT_EDITABLE(status=project.get_status_display())
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
        raise ProjectError.LEAD_OUT_OF_REACH(field="lead_unit")
    for key in ("name", "type", "aim", "lead_unit", "start_date", "end_date", "budget"):
        setattr(project, key, plan[key])
    project.team_name, project.leader = plan["team_name"], leader
    project.save()
    _write_children(project, plan, replace=True)
    return project
