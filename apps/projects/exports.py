"""The project portfolio as .xlsx, with the page's filters and scope."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .selectors import overdue_counts

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20_000
CHUNK = 2000


def columns():
    return [
        (_("编号"), lambda p: p.number),
        (_("项目名称"), lambda p: p.name),
        (_("项目类型"), lambda p: p.type.name),
        (_("牵头单位"), lambda p: p.lead_unit.name),
        (_("项目负责人"), lambda p: p.leader.name if p.leader else ""),
        (_("项目团队"), lambda p: p.team_name),
        (_("开始日期"), lambda p: p.start_date.isoformat()),
        (_("完成时限"), lambda p: p.end_date.isoformat()),
        (_("预算(元)"), lambda p: float(p.budget) if p.budget is not None else ""),
        (_("状态"), lambda p: p.get_status_display()),
        (_("进度(%)"), lambda p: float(p.progress)),
        (_("逾期里程碑"), lambda p: p.overdue or ""),
        (_("评价得分"), lambda p: float(p.score) if p.score is not None else ""),
        (_("评价等级"), lambda p: p.get_grade_display()),
    ]


def portfolio_xlsx(qs) -> bytes:
    """Write-only workbook; rows streamed in chunks, overdue counts fetched per chunk."""
    cols = columns()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("项目台账"))
    header = []
    for title, _fn in cols:
        cell = WriteOnlyCell(ws, value=str(title))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    rows = qs[:MAX_ROWS]
    chunk = []

    def flush():
        counts = overdue_counts([p.pk for p in chunk])
        for p in chunk:
            p.overdue = counts.get(p.pk, 0)
            ws.append([fn(p) for _title, fn in cols])
        chunk.clear()

    for project in rows.iterator(chunk_size=CHUNK):
        chunk.append(project)
        if len(chunk) >= CHUNK:
            flush()
    flush()
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
