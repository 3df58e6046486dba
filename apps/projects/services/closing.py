"""Acceptance against the targets, then evaluation with a score."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import Forbidden
from apps.core.rules import clean_text
from apps.core.services import attachment_create

from ..choices import (
    Grade,
    MilestoneStatus,
    Verdict,
)
from ..errors import ProjectError
from ..models import (
    Acceptance,
    AcceptanceResult,
    Project,
)
from ..permissions import can_manage
from .rules import (
    TEXT_MAX,
    A,
    S,
    _approver_users,
    _event,
    _files,
    _lead_users,
    _locked,
    _number,
    _require_approver,
    _tell,
    _transition,
    _who,
)

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
        raise ProjectError.MILESTONES_OPEN(n=open_count)
    summary = clean_text(summary, field="summary", label=_("完成情况总结"), limit=TEXT_MAX)
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
    _tell(
        [u for u in _approver_users(project) if u.pk != actor.pk],
        project,
        _("项目待验收:%(name)s") % {"name": project.name},
    )
    return acceptance


@transaction.atomic
def acceptance_evidence_add(*, actor, project: Project, evidence) -> Acceptance:
    """More evidence for the acceptance request awaiting its verdict (the API sends files apart
    from the JSON request); a decided round is closed to new files."""
    project = _locked(project)
    if project.status != S.ACCEPTANCE:
        raise ProjectError.NOT_PENDING(status=project.get_status_display())
    if not can_manage(actor, project):
        raise Forbidden(_("只有项目牵头单位、负责人或申报人可以补充佐证材料。"))
    files = _files(evidence, field="evidence")
    if not files:
        raise ProjectError.EVIDENCE_REQUIRED(field="evidence")
    acceptance = project.acceptances.filter(decided_at__isnull=True).first()
    for f in files:
        attachment_create(actor=actor, upload=f, owner=acceptance)
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
        raise ProjectError.BAD_VERDICT(field="verdict")
    action = A.ACCEPT if verdict == Verdict.PASS else A.REJECT_ACCEPTANCE
    source, target = _transition(project, action)
    _require_approver(actor, project)
    note = clean_text(
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
    _tell(
        _lead_users(project),
        project,
        (_("项目验收通过:%(name)s") if verdict == Verdict.PASS else _("项目验收未通过:%(name)s"))
        % {"name": project.name},
        note,
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
        raise ProjectError.BAD_SCORE(field="score")
    score = score.quantize(Decimal("0.1"))
    comment = clean_text(
        comment, field="comment", label=_("评价意见"), limit=TEXT_MAX, required=False
    )
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
    _tell(
        _lead_users(project),
        project,
        _("项目已评价:%(name)s") % {"name": project.name},
        _("得分 %(score)s") % {"score": score},
    )
    return project
