"""The action-item ledger (督办台账) as .xlsx, with the page's filters and scope."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000
CHUNK = 2000


def _dt(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def columns():
    return [
        (_("编号"), lambda i, now: i.number),
        (_("联席会议"), lambda i, now: i.meeting.name),
        (_("会次"), lambda i, now: str(i.session.title)),
        (_("会议日期"), lambda i, now: timezone.localtime(i.session.held_at).strftime("%Y-%m-%d")),
        (_("督办事项"), lambda i, now: i.title),
        (_("预期成效"), lambda i, now: i.expected_result),
        (_("责任单位"), lambda i, now: i.owner_unit.name),
        (_("责任人"), lambda i, now: i.owner_person.name),
        (_("办结时限"), lambda i, now: _dt(i.due_at)),
        (_("状态"), lambda i, now: i.get_status_display()),
        (_("是否逾期"), lambda i, now: _("是") if i.is_overdue(now) else ""),
        (_("办结时间"), lambda i, now: _dt(i.closed_at)),
        (
            _("按期办结"),
            lambda i, now: (
                "" if i.closed_at is None else _("是") if i.closed_at <= i.due_at else _("否")
            ),
        ),
        (_("退回次数"), lambda i, now: i.returned_count or ""),
    ]


def ledger_xlsx(qs) -> bytes:
    """Write-only workbook, rows streamed from the database in chunks."""
    now = timezone.now()
    cols = columns()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("联席会议督办台账"))
    header = []
    for title, _fn in cols:
        cell = WriteOnlyCell(ws, value=str(title))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for item in qs[:MAX_ROWS].iterator(chunk_size=CHUNK):
        ws.append([fn(item, now) for _title, fn in cols])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
