"""The ledger (台账) as rows: one function feeds the Excel export and the print view."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

EXPORT_LIMIT = 20000
PRINT_LIMIT = 1000
CHUNK = 2000


def headers() -> list[str]:
    return [
        _("编号"),
        _("受理日期"),
        _("类别"),
        _("诉求内容"),
        _("责任单位"),
        _("责任人"),
        _("办结时限"),
        _("状态"),
        _("办结日期"),
        _("是否按期"),
        _("满意度"),
    ]


WIDTHS = [14, 12, 10, 60, 18, 10, 12, 10, 12, 10, 8]


def _day(value):
    return timezone.localtime(value).date() if value else None


def _on_time(appeal) -> str:
    on_time = appeal.on_time
    if on_time is None:
        return ""
    return _("按期") if on_time else _("逾期")


def ledger_row(a) -> list:
    """One ledger line. 受理日期 is the date received (the date the platform took it in)."""
    return [
        a.number,
        _day(a.created_at),
        a.category.name,
        f"{a.title}:{a.description}",
        a.owner_unit.name if a.owner_unit_id else "",
        a.owner_person.name if a.owner_person_id else "",
        _day(a.due_at),
        a.get_status_display(),
        _day(a.resolved_at),
        _on_time(a),
        a.rating or "",
    ]


def ledger_rows(qs) -> list[list]:
    return [ledger_row(a) for a in qs]


def ledger_xlsx(qs) -> bytes:
    """The filtered ledger as a workbook, streamed through the queryset in chunks."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = _("诉求台账")
    ws.append(headers())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for a in qs.iterator(chunk_size=CHUNK):
        ws.append(ledger_row(a))
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
