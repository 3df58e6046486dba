"""The one Excel ledger: a list page exports its filtered, scoped rows through `ledger_response`.

Rows are read from the database in chunks into a write-only workbook held in a spooled file and
sent as a streamed download, so a 50,000-row ledger never sits in memory as one string. An area
declares only its columns: `(header, fn(row, now))` pairs."""

import itertools
import re
import tempfile
from collections.abc import Callable, Sequence

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000
CHUNK = 2000

Columns = Sequence[tuple[str, Callable]]


def local_dt(value) -> str:
    """A moment as the ledger prints it, in local time."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class Money:
    """A column value written as a number shown with two places (yuan), not as text: the
    ledger's sums stay sums in Excel. `money(value)` makes one; None stays a blank cell."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def money(value):
    return None if value is None else Money(value)


def _cell(ws, value):
    if isinstance(value, Money):
        cell = WriteOnlyCell(ws, value=value.value)
        cell.number_format = "0.00"
        return cell
    return value


def yes_no(value) -> str:
    return "" if value is None else (_("是") if value else _("否"))


def ledger_workbook(
    qs,
    *,
    columns: Columns,
    sheet: str,
    prepare: Callable | None = None,
    widths: Sequence[int] = (),
):
    """A file object holding the workbook of `qs` (a queryset, or a list of rows already
    computed) (bold header, one row per record, the columns
    `widths` characters wide where given), at its start. `prepare(rows)` is called on each
    chunk of rows before it is written: what a column needs from elsewhere is read once per
    chunk (a count per row, in one query)."""
    now = timezone.now()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(re.sub(r"[\\*?:/\[\]]", " ", sheet)[:31])  # what Excel allows
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header = []
    for title, _fn in columns:
        cell = WriteOnlyCell(ws, value=str(title))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    rows = qs[:MAX_ROWS]
    rows = rows.iterator(chunk_size=CHUNK) if hasattr(rows, "iterator") else iter(rows)
    for chunk in iter(lambda: list(itertools.islice(rows, CHUNK)), []):
        if prepare is not None:
            prepare(chunk)
        for row in chunk:
            ws.append([_cell(ws, fn(row, now)) for _title, fn in columns])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    wb.save(out)
    out.seek(0)
    return out


def ledger_response(
    request,
    qs,
    *,
    columns: Columns,
    name: str,
    back: str,
    widths: Sequence[int] = (),
    prepare: Callable | None = None,
):
    """The rows as `<name>-<time>.xlsx` (`prepare`: see `ledger_workbook`); more than MAX_ROWS
    are refused with a message and the user goes `back` to the list to narrow the filters."""
    if qs.count() > MAX_ROWS:
        messages.error(
            request,
            _("符合条件的记录超过 %(n)d 条,请缩小筛选范围后再导出。") % {"n": MAX_ROWS},
        )
        return redirect(back)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        ledger_workbook(qs, columns=columns, sheet=name, widths=widths, prepare=prepare),
        as_attachment=True,
        filename=f"{name}-{stamp}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
