"""Writes on projects: propose, submit, approve or send back, milestones and their owners'
progress, progress reports with figures, issues, acceptance, evaluation, termination.

The loop is one explicit table of transitions (TRANSITIONS); a refused step raises a
DomainError with a Chinese message. While a project is under way its open milestones are
supervised (督办) through apps.supervision; the reminders and escalations come from there.

rules     the state machine, input checks, shared helpers, the progress rule
plan      the proposal: create and update (draft or returned)
loop      submit, approve, send back, terminate
progress  milestones and their owners' reports, progress reports, issues
closing   acceptance against the targets, evaluation
"""

from .closing import (
    acceptance_decide,
    acceptance_evidence_add,
    acceptance_request,
    project_evaluate,
)
from .loop import project_approve, project_return, project_submit, project_terminate
from .plan import CooperationIn, MemberIn, MilestoneIn, TargetIn, project_create, project_update
from .progress import issue_raise, issue_resolve, milestone_add, milestone_update, report_submit
from .rules import KIND, REFUSALS, TRANSITIONS, allowed_actions, due_at, recompute_progress

__all__ = [
    "KIND",
    "REFUSALS",
    "TRANSITIONS",
    "CooperationIn",
    "MemberIn",
    "MilestoneIn",
    "TargetIn",
    "acceptance_decide",
    "acceptance_evidence_add",
    "acceptance_request",
    "allowed_actions",
    "due_at",
    "issue_raise",
    "issue_resolve",
    "milestone_add",
    "milestone_update",
    "project_approve",
    "project_create",
    "project_evaluate",
    "project_return",
    "project_submit",
    "project_terminate",
    "project_update",
    "recompute_progress",
    "report_submit",
]
