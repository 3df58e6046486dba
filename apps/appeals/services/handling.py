"""Handling by the owner (the responsible person or the head of the responsible unit): notes,
replies, resolution; and finding the original of a duplicate."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.supervision.services import supervision_close

from ..choices import EventKind
from ..errors import AppealError
from ..filters import number_q
from ..models import Appeal, AppealEvent
from ..permissions import (
    is_owner,
)
from .common import (
    _event,
    _locked,
    _require,
    _submitter_users,
    _take,
    _tell,
    _text,
)
from .rules import (
    MACHINE,
    TEXT_MAX,
)

# --- handling by the owner -------------------------------------------------------------------


def _owner_step(appeal, actor, action):
    """The owner's step on the row re-read under lock: (the appeal, the machine's move)."""
    appeal = _locked(appeal)
    # The state first: an appeal not yet accepted has no owner, and "not accepted yet" is the
    # answer that helps (该诉求尚未受理,不能办结).
    move = MACHINE.move(appeal, action)
    _require(is_owner(actor, appeal))
    return appeal, move


@transaction.atomic
def appeal_note(*, actor, appeal: Appeal, text: str, now=None) -> AppealEvent:
    """The owner records progress (internal: the submitter does not see notes)."""
    appeal, _move = _owner_step(appeal, actor, "note")
    text = _text(text, field="text", label=_("办理进展"), max_len=TEXT_MAX)
    return _event(appeal, EventKind.NOTE, actor=actor, note=text, now=now)


@transaction.atomic
def appeal_reply(*, actor, appeal: Appeal, text: str, now=None) -> AppealEvent:
    """The owner replies to the submitter while handling (they see it on the appeal or by code)."""
    appeal, _move = _owner_step(appeal, actor, "reply")
    text = _text(text, field="text", label=_("答复内容"), max_len=TEXT_MAX)
    event = _event(appeal, EventKind.REPLY, actor=actor, note=text, now=now)
    _tell(appeal, _submitter_users(appeal), _("您的诉求有新答复:%(t)s"), text)
    return event


@transaction.atomic
def appeal_resolve(*, actor, appeal: Appeal, text: str, now=None) -> Appeal:
    """The owner resolves the appeal with an answer; supervision ends (on time or late) and the
    submitter is asked to rate it."""
    now = now or timezone.now()
    appeal, move = _owner_step(appeal, actor, "resolve")
    text = _text(text, field="text", label=_("办结答复"), max_len=TEXT_MAX)
    fields = {"resolution": text, "resolved_at": now}
    _take(appeal, move, EventKind.RESOLVED, fields=fields, actor=actor, note=text, now=now)
    supervision_close(record=appeal, at=now)
    _tell(appeal, _submitter_users(appeal), _("您的诉求已办结,请评价:%(t)s"), text)
    return appeal


def appeal_get_for_merge(*, user, number: str) -> Appeal:
    """The original an intake user names by its number (SQ2026-000123) or id, in their scope."""
    if not (number or "").strip():
        raise AppealError.MERGE_NUMBER(field="original")
    found = Appeal.objects.visible_to(user).filter(number_q(number)).first()
    if found is None:
        raise AppealError.MERGE_UNKNOWN(field="original")
    return found
