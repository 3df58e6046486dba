"""Links a record's page shows to the records other areas keep about it: a small registry, so
the area below never imports the area above (decision 0014).

An area above registers, in its AppConfig.ready(), a function giving the links for a record
of a model it knows only by label; the record's page renders `{% related_links record %}`:

    from apps.core import related
    related.register("appeals.appeal", appeal_links)   # appeal_links(*, user, record) -> [Link]

Each function reads through the user's scope: a link the reader may not follow is not given.
"""

from collections.abc import Callable
from dataclasses import dataclass

Provider = Callable[..., list["Link"]]
_providers: dict[str, dict[str, Provider]] = {}


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    icon: str = ""
    note: str = ""
    testid: str = ""
    primary: bool = False


def register(model_label: str, fn: Provider) -> None:
    """Add `fn` for records of `model_label` ("app_label.modelname"), once however often."""
    _providers.setdefault(model_label.lower(), {})[f"{fn.__module__}.{fn.__qualname__}"] = fn


def unregister(model_label: str, fn: Provider) -> None:
    _providers.get(model_label.lower(), {}).pop(f"{fn.__module__}.{fn.__qualname__}", None)


def links(*, user, record) -> list[Link]:
    """Every registered area's links for `record`, as `user` may see them."""
    found: list[Link] = []
    for fn in _providers.get(record._meta.label_lower, {}).values():
        found.extend(fn(user=user, record=record))
    return found
