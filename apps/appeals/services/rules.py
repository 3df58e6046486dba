"""The appeal state machine (the one core StateMachine): the table of transitions, why a refused
one is refused, and the steps a user may take now."""

from django.utils.translation import gettext_lazy as _l

from apps.core.rules import StateMachine

from ..choices import Status
from ..models import Appeal
from ..permissions import (
    can_intake,
    is_owner,
    is_submitter,
)

TITLE_MAX = 100
DESCRIPTION_MIN = 5
DESCRIPTION_MAX = 2000
TEXT_MAX = 2000
REASON_MAX = 500
COMMENT_MAX = 500
MAX_FILES = 5
FILE_KINDS = {"image", "pdf"}
MAX_REOPENS = 1
KIND = "appeal"  # the supervision index's kind for appeals

# action -> (states it may start from, state it leads to; None keeps the state)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "accept": ((Status.SUBMITTED,), Status.HANDLING),
    "decline": ((Status.SUBMITTED,), Status.DECLINED),
    "merge": ((Status.SUBMITTED,), Status.MERGED),
    "reassign": ((Status.HANDLING,), Status.HANDLING),
    "note": ((Status.HANDLING,), None),
    "reply": ((Status.HANDLING,), None),
    "resolve": ((Status.HANDLING,), Status.ANSWERED),
    "rate": ((Status.ANSWERED,), Status.CLOSED),
    "reopen": ((Status.ANSWERED,), Status.HANDLING),
    "add_info": ((Status.SUBMITTED, Status.HANDLING, Status.ANSWERED), None),
}

# Why a transition is refused: (action, current state) first, then the action alone.
REFUSALS = {
    ("resolve", Status.SUBMITTED): _l("该诉求尚未受理,不能办结。"),
    ("note", Status.SUBMITTED): _l("该诉求尚未受理,不能记录办理进展。"),
    ("reply", Status.SUBMITTED): _l("该诉求尚未受理,不能答复。"),
    ("reassign", Status.SUBMITTED): _l("该诉求尚未受理,请先受理交办。"),
    ("rate", Status.CLOSED): _l("该诉求已评价,不能重复评价。"),
    ("rate", Status.SUBMITTED): _l("该诉求尚未受理,办结答复后才能评价。"),
    ("rate", Status.HANDLING): _l("该诉求正在办理,办结答复后才能评价。"),
    ("reopen", Status.CLOSED): _l("该诉求已评价办结,不能再申请重办。"),
    "accept": _l("该诉求已受理或已结束,不能再受理。"),
    "decline": _l("只有待受理的诉求可以不予受理。"),
    "merge": _l("只有待受理的诉求可以合并到其他诉求。"),
    "reassign": _l("只有办理中的诉求可以改派。"),
    "note": _l("只有办理中的诉求可以记录办理进展。"),
    "reply": _l("只有办理中的诉求可以答复。"),
    "resolve": _l("该诉求不在办理中,不能办结。"),
    "rate": _l("诉求办结答复后才能评价。"),
    "reopen": _l("只有已答复、尚未评价的诉求可以申请重办。"),
    "add_info": _l("该诉求已结束,不能再补充情况。"),
}


MACHINE = StateMachine(TRANSITIONS, REFUSALS, code="{action}_not_allowed")


def allowed_actions(appeal: Appeal) -> set[str]:
    """The actions the appeal's state allows (who may take them is a separate question)."""
    actions = MACHINE.allowed(appeal.status)
    if appeal.reopen_count >= MAX_REOPENS:
        actions.discard("reopen")
    return actions


ACTION_ORDER = (
    "accept",
    "reassign",
    "merge",
    "decline",
    "reply",
    "note",
    "resolve",
    "rate",
    "reopen",
    "add_info",
)


def actions_for(user, appeal: Appeal) -> list[str]:
    """The steps this user may take on the appeal now: its state allows them and they hold the
    part (intake, owner, or named submitter) the step needs."""
    allowed = allowed_actions(appeal)
    intake, owner, submitter = (
        can_intake(user, appeal),
        is_owner(user, appeal),
        is_submitter(user, appeal),
    )
    part = {"accept": intake, "decline": intake, "merge": intake, "reassign": intake}
    part.update({"note": owner, "reply": owner, "resolve": owner})
    part.update({"rate": submitter, "reopen": submitter, "add_info": submitter})
    return [a for a in ACTION_ORDER if a in allowed and part[a]]
