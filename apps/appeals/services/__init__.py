"""Writes of the appeals ledger. Every step is a transition in TRANSITIONS, a row on the
appeal's timeline (AppealEvent), an audit row (except for an anonymous submitter's own steps),
and notifications sent on commit. Owners and deadlines go to the one supervision index.

rules      the state machine (MACHINE: TRANSITIONS, REFUSALS) and who may take which step
submitter  submit (named or anonymous), add information, rate, reopen
anonymous  the batch that writes anonymous submits and receipt-code steps, in random order
intake     accept/assign, reassign, decline, merge (工会 / 党群工作部)
handling   notes, replies, resolution (the owner)
"""

from .anonymous import (
    anonymous_batch,
    appeal_queue_step,
    batch_time,
    pending_for,
    queued_actions_allowed,
)
from .handling import appeal_get_for_merge, appeal_note, appeal_reply, appeal_resolve
from .intake import appeal_accept, appeal_decline, appeal_merge, appeal_reassign
from .rules import (
    ACTION_ORDER,
    COMMENT_MAX,
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    FILE_KINDS,
    KIND,
    MACHINE,
    MAX_FILES,
    MAX_REOPENS,
    REASON_MAX,
    REFUSALS,
    TEXT_MAX,
    TITLE_MAX,
    TRANSITIONS,
    actions_for,
    allowed_actions,
)
from .submitter import appeal_add_info, appeal_rate, appeal_reopen, appeal_submit

__all__ = [
    "ACTION_ORDER",
    "COMMENT_MAX",
    "DESCRIPTION_MAX",
    "DESCRIPTION_MIN",
    "FILE_KINDS",
    "KIND",
    "MACHINE",
    "MAX_FILES",
    "MAX_REOPENS",
    "REASON_MAX",
    "REFUSALS",
    "TEXT_MAX",
    "TITLE_MAX",
    "TRANSITIONS",
    "actions_for",
    "allowed_actions",
    "anonymous_batch",
    "appeal_accept",
    "appeal_add_info",
    "appeal_decline",
    "appeal_get_for_merge",
    "appeal_merge",
    "appeal_note",
    "appeal_queue_step",
    "appeal_rate",
    "appeal_reassign",
    "appeal_reopen",
    "appeal_reply",
    "appeal_resolve",
    "appeal_submit",
    "batch_time",
    "pending_for",
    "queued_actions_allowed",
]
