"""Reads for the shell (the personal workbench) and the files every area's records carry."""

from django.contrib.contenttypes.models import ContentType

from .errors import NotFound
from .menu import menu_for
from .models import Attachment

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


def files_of(model, ids) -> dict[int, list[Attachment]]:
    """The attachments of the `model` rows with these ids, by row id, upload order: one query
    for a whole page's steps or items."""
    out: dict[int, list] = {}
    ids = list(ids)
    if not ids:
        return out
    ct = ContentType.objects.get_for_model(model)
    for att in Attachment.objects.filter(owner_type=ct, owner_id__in=ids).order_by("pk"):
        out.setdefault(att.owner_id, []).append(att)
    return out


def get_or_not_found(rows, pk):
    """The row `pk` of `rows` (a queryset already read through visible_to), or NotFound: a row
    out of the user's scope answers like a missing one."""
    row = rows.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row
