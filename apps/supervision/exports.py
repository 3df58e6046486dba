"""The 督办 list as .xlsx, with the page's filters and scope: rows read from the database in
chunks into a write-only workbook, sent from a spooled file (streamed, never one big string).

The same shape as the hazard, appeal, collab and project ledgers (no shared helper in core yet)."""

import tempfile

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .filters import KINDS

MAX_ROWS = 50_000
CHUNK = 2000


def _dt(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


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
        (_("开始督办"), lambda i, now: _dt(i.opened_at)),
        (_("办结时限"), lambda i, now: _dt(i.due_at)),
        (_("办结时间"), lambda i, now: _dt(i.closed_at)),
        (_("状态"), _state),
        (_("督办级别"), lambda i, now: str(i.get_level_display())),
    ]


def items_xlsx(qs):
    """A file object holding the workbook, positioned at its start."""
    now = timezone.now()
    cols = columns()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("督办事项"))
    header = []
    for title, _fn in cols:
        cell = WriteOnlyCell(ws, value=str(title))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    rows = qs.select_related("owner_unit", "owner_person", "assigner_unit")[:MAX_ROWS]
    for item in rows.iterator(chunk_size=CHUNK):
        ws.append([fn(item, now) for _title, fn in cols])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    wb.save(out)
    out.seek(0)
    return out
