"""Small shapes the shared page components take."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tab:
    """One tab of `components/tabs.html`; `primary` marks the area's main action button."""

    key: str
    label: str
    url: str
    icon: str = ""
    count: int | None = None
    primary: bool = False
