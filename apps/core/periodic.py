"""Hooks the every-minute tick runs (apps.core.tasks.tick): reminders, escalations, recomputation.

An area registers a function taking `now` (an aware datetime); it must be idempotent, because a
tick can run twice or late (use notify(..., dedupe_key=...) for anything sent to people).

    from apps.core import periodic

    @periodic.register
    def remind_appeals(*, now): ...
"""

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

Hook = Callable[..., object]
_hooks: dict[str, Hook] = {}


def hook_name(fn: Hook) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def register(fn: Hook) -> Hook:
    """Add a hook (once, however often its module is imported). Usable as a decorator."""
    _hooks[hook_name(fn)] = fn
    return fn


def unregister(fn: Hook) -> None:
    _hooks.pop(hook_name(fn), None)


def hooks() -> list[Hook]:
    return list(_hooks.values())


def run_hooks(*, now) -> dict[str, str]:
    """Run every hook; one that fails is logged and does not stop the others."""
    results: dict[str, str] = {}
    for name, fn in list(_hooks.items()):
        try:
            fn(now=now)
        except Exception:
            log.exception("periodic hook %s failed", name)
            results[name] = "failed"
        else:
            results[name] = "ok"
    return results
