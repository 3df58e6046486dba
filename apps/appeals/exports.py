"""The ledger's (台账) columns: apps.core.exports writes the Excel file, the print view prints
the same rows."""

from django.utils import timezone
from django.utils.translation import gettext as _

PRINT_LIMIT = 1000
# Column widths in the workbook: 诉求内容 (title and text) is the wide one.
WIDTHS = [14, 12, 10, 60, 18, 10, 12, 10, 12, 10, 8]


def _day(value):
    return timezone.localtime(value).date() if value else None


def _on_time(appeal) -> str:
    on_time = appeal.on_time
    if on_time is None:
        return ""
    return _("按期") if on_time else _("逾期")


def columns():
    """One ledger line per appeal. 受理日期 is the date received (the platform took it in)."""
    return [
        (_("编号"), lambda a, now: a.number),
        (_("受理日期"), lambda a, now: _day(a.created_at)),
        (_("类别"), lambda a, now: a.category.name),
        (_("诉求内容"), lambda a, now: f"{a.title}:{a.description}"),
        (_("责任单位"), lambda a, now: a.owner_unit.name if a.owner_unit_id else ""),
        (_("责任人"), lambda a, now: a.owner_person.name if a.owner_person_id else ""),
        (_("办结时限"), lambda a, now: _day(a.due_at)),
        (_("状态"), lambda a, now: a.get_status_display()),
        (_("办结日期"), lambda a, now: _day(a.resolved_at)),
        (_("是否按期"), lambda a, now: _on_time(a)),
        (_("满意度"), lambda a, now: a.rating or ""),
    ]


def ledger_rows(qs) -> list[list]:
    """The rows the print view shows, in the export's columns."""
    now, cols = timezone.now(), columns()
    return [[fn(a, now) for _title, fn in cols] for a in qs]
