"""The side menu (bottom bar on a phone): one list, filtered by the user's roles. The list is
apps.orgs.menu, registered in OrgsConfig.ready (decision 0006)."""

from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str
    roles: tuple[str, ...] | None = None  # None: everyone
    mobile: bool = False  # shown in the phone's bottom bar


# The items, in order, registered by apps.orgs (it knows the roles): core names no role of ours.
MENU: list[MenuItem] = []
# The items and their URLs per set of roles: the same for every user who holds that set, so they
# are chosen and reversed once per process, not on every page.
_CHOSEN: dict[tuple, tuple[tuple[MenuItem, str], ...]] = {}


def register(items) -> None:
    MENU[:] = items
    _CHOSEN.clear()


def _chosen(user) -> tuple[tuple[MenuItem, str], ...]:
    key = (get_urlconf(), get_script_prefix(), user.is_superuser, frozenset(user.role_set()))
    if key not in _CHOSEN:
        _CHOSEN[key] = tuple(
            (item, reverse(item.url_name))
            for item in MENU
            if item.roles is None or user.has_role(*item.roles)
        )
    return _CHOSEN[key]


def menu_for(user, path: str) -> list[dict]:
    """The items this user may use; the longest URL that prefixes the path is active."""
    items = [
        {
            "label": item.label,
            "url": url,
            "icon": item.icon,
            "name": item.url_name,
            "mobile": item.mobile,
            "active": False,
        }
        for item, url in _chosen(user)
    ]
    matches = [
        i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return items
