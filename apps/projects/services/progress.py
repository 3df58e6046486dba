"""Milestones and their owners' reports, progress reports with figures, issues."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import timeline
from apps.core.errors import Forbidden
from apps.core.rules import clean_text
from apps.core.services import attachment_create
from apps.supervision.services import supervision_close

from ..choices import (
    EDITABLE_STATUSES,
    IssueStatus,
    MilestoneAction,
    MilestoneStatus,
)
from ..errors import ProjectError
from ..models import (
    Issue,
    Milestone,
    MilestoneUpdate,
    ProgressReport,
    Project,
    ReportFigure,
)
from ..permissions import can_manage, can_update_milestone
from .plan import MilestoneIn, _check_milestone
from .rules import (
    TEXT_MAX,
    S,
    _files,
    _lead_users,
    _locked,
    _number,
    _require_running,
    _rich,
    _supervise,
    _tell,
    _who,
    recompute_progress,
)

# --- milestones and progress ------------------------------------------------------------------


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
        raise ProjectError.NOT_EXTENDABLE(status=project.get_status_display())
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
    it done, or reporting 100 %, closes it in 督办 and moves the project's progress."""
    now = now or timezone.now()
    project = _locked(milestone.project)
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("owner_unit", "owner_person")
        .get(pk=milestone.pk)
    )
    _require_running(project)
    if milestone.status != MilestoneStatus.OPEN:
        raise ProjectError.MILESTONE_CLOSED(status=milestone.get_status_display())
    if not can_update_milestone(actor, milestone, project):
        raise Forbidden(_("只有里程碑责任人(或责任单位负责人)可以填报进展。"))
    if done:
        progress = 100
    if progress is None or not (0 <= int(progress) <= 100):
        raise ProjectError.BAD_PROGRESS(field="progress")
    # 100 % is done: left open it would stay in 督办 and not count in the project's progress.
    done = done or int(progress) == 100
    note = clean_text(note, field="note", label=_("进展说明"), limit=TEXT_MAX)
    evidence = _files(evidence, field="evidence")
    update = timeline.timeline_write(
        MilestoneUpdate,
        milestone,
        actor=actor,
        action=MilestoneAction.DONE if done else MilestoneAction.PROGRESS,
        from_status=MilestoneStatus.OPEN if done else "",
        to_status=MilestoneStatus.DONE if done else "",
        note=note,
        at=now,
        progress=int(progress),
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
        _tell(
            [u for u in _lead_users(project) if u.pk != actor.pk],
            project,
            _("里程碑已完成:%(title)s") % {"title": milestone.title},
            note[:200],
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
            raise ProjectError.BAD_TARGET(field="figures")
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
        title=clean_text(title, field="title", label=_("问题"), limit=200),
        description=clean_text(
            description, field="description", label=_("说明"), limit=TEXT_MAX, required=False
        ),
        raised_by=actor,
        raised_name=_who(actor),
        raised_at=now,
    )
    _tell(
        [u for u in _lead_users(project) if u.pk != actor.pk],
        project,
        _("项目提出新问题:%(title)s") % {"title": issue.title},
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
        raise ProjectError.ISSUE_RESOLVED()
    issue.resolution = clean_text(
        resolution, field="resolution", label=_("解决情况"), limit=TEXT_MAX
    )
    issue.status, issue.resolved_at = IssueStatus.RESOLVED, now
    issue.save()
    return issue
