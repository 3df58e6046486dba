"""The hazard ledger as .xlsx, in the columns a ledger has, with the page's filters and scope."""

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
        (_("编号"), lambda h, now: h.number),
        (_("上报时间"), lambda h, now: _dt(h.reported_at)),
        (_("隐患地点"), lambda h, now: h.place),
        (_("隐患描述"), lambda h, now: h.description),
        (_("等级"), lambda h, now: h.get_level_display()),
        (_("所属单位"), lambda h, now: h.unit.name),
        (_("检查活动"), lambda h, now: h.inspection.title if h.inspection else ""),
        (_("上报人"), lambda h, now: h.reporter.name if h.reporter else ""),
        (_("状态"), lambda h, now: h.get_status_display()),
        (_("整改责任单位"), lambda h, now: h.owner_unit.name if h.owner_unit else ""),
        (_("整改责任人"), lambda h, now: h.owner_person.name if h.owner_person else ""),
        (_("整改期限"), lambda h, now: _dt(h.due_at)),
        (_("是否逾期"), lambda h, now: _("是") if h.is_overdue(now) else ""),
        (_("整改措施"), lambda h, now: h.measures),
        (_("验收时间"), lambda h, now: _dt(h.rectified_at)),
        (
            _("按期整改"),
            lambda h, now: "" if h.on_time is None else (_("是") if h.on_time else _("否")),
        ),
        (_("退回次数"), lambda h, now: h.returned_count or ""),
        (_("不予确认理由"), lambda h, now: h.reject_reason),
    ]


def ledger_xlsx(qs) -> bytes:
    """Write-only workbook, rows streamed from the database in chunks."""
    now = timezone.now()
    cols = columns()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("隐患台账"))
    header = []
    for title, _fn in cols:
        cell = WriteOnlyCell(ws, value=str(title))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for hazard in qs[:MAX_ROWS].iterator(chunk_size=CHUNK):
        ws.append([fn(hazard, now) for _title, fn in cols])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
