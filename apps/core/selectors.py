"""Reads for the shell: the personal workbench."""

from .menu import menu_for

# The workbench's shortcuts are the menu's items, less the two the shell always shows.
NOT_SHORTCUTS = {"home", "notifications"}


def workbench(*, user) -> dict:
    """What the home page shows: to-dos, latest notifications, the user's roles and shortcuts."""
    shortcuts = [i for i in menu_for(user, "") if i["name"] not in NOT_SHORTCUTS]
    roles = list(
        user.role_assignments.select_related("unit").filter(unit__dissolved_at__isnull=True)
    )
    todos = user.notifications.filter(read_at__isnull=True)[:8]
    return {"shortcuts": shortcuts, "roles": roles, "todos": todos}
