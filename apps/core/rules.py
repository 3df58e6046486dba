"""Rule helpers every area's services share: texts with a length limit, and state machines
written as a table (action → the states it may start from, the state it leads to)."""

from django.utils.translation import gettext as _

from .errors import DomainError


def clean_text(value, *, field: str, label, limit: int, required: bool = True) -> str:
    """The text stripped; refused, naming the field, when it is required and empty or too long."""
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


class StateMachine:
    """A transitions table with a refusal message per action (`%(status)s` is the current
    state's label), or per (action, state) where one state needs its own sentence: the page
    shows the allowed actions, the service checks before it moves. `code` names the refusal
    (`{action}` is replaced by the action)."""

    def __init__(self, transitions: dict, refusals: dict, *, code: str = "bad_transition"):
        self.transitions, self.refusals, self.code = transitions, refusals, code

    def allowed(self, status: str) -> set[str]:
        return {a for a, (sources, _target) in self.transitions.items() if status in sources}

    def move(self, record, action: str) -> tuple[str, str]:
        """(from, to) for the action on the record, or a 409 saying why the state refuses it."""
        sources, target = self.transitions[action]
        if record.status not in sources:
            message = self.refusals.get((action, record.status)) or self.refusals[action]
            raise DomainError(
                self.code.format(action=action),
                message % {"status": record.get_status_display()},
                status=409,
            )
        return record.status, target
