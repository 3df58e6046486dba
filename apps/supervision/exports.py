"""The 督办 list's columns; apps.core.exports writes and streams the file."""

from django.utils.translation import gettext as _

from apps.core.exports import local_dt

from .filters import KINDS


def _state(item, now) -> str:
    if item.closed_at is not None:
        return _("已办结(按期)") if item.closed_on_time else _("已办结(逾期)")
    return _("已逾期") if item.due_at <= now else _("在办")


def columns():
    return [
        (_("类别"), lambda i, now: str(KINDS.get(i.kind, i.kind))),
        (_("事项"), lambda i, now: i.title),
        (_("责任单位"), lambda i, now: i.owner_unit.name),
        (_("责任人"), lambda i, now: i.owner_person.name if i.owner_person else ""),
        (_("交办单位"), lambda i, now: i.assigner_unit.name if i.assigner_unit else ""),
        (_("开始督办"), lambda i, now: local_dt(i.opened_at)),
        (_("办结时限"), lambda i, now: local_dt(i.due_at)),
        (_("办结时间"), lambda i, now: local_dt(i.closed_at)),
        (_("状态"), _state),
        (_("督办级别"), lambda i, now: str(i.get_level_display())),
    ]
