"""What every list page shares: its FilterSet over the user's rows, the `<option>` rows of its
pickers, sort headers, status links with counts, the "filtered" flag, the export link and an
area's own workbook as a download."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from django.http import HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import search
from .exports import XLSX_CONTENT_TYPE, Columns, ledger_response
from .pagination import paginate


def options(rows, selected, label: Callable = lambda r: r.name) -> str:
    """`<option>` rows of a picker, the one whose id is `selected` marked. Joined as plain
    escaped strings: format_html costs some thirty calls an option, and a picker has hundreds."""
    chosen = str(selected or "")
    return mark_safe(
        "".join(
            f'<option value="{escape(str(r.pk))}"{" selected" if str(r.pk) == chosen else ""}>'
            f"{escape(str(label(r)))}</option>"
            for r in rows
        )
    )


def filtered(request, filterset_class, queryset, /, *, order: Sequence[str], **kwargs):
    """The list's FilterSet over `queryset` (the user's rows) and its rows, sorted by `order`
    unless the user chose a sort the FilterSet offers."""
    filterset = filterset_class(request.GET or None, queryset=queryset, **kwargs)
    qs = filterset.qs
    if not (request.GET.get("ordering") and "ordering" in filterset.filters):
        qs = search.ranked(qs, order)
    return filterset, qs


def list_context(request, filterset, qs) -> dict:
    """What every list template reads: the FilterSet, the page of `qs` and the "filtered" flag."""
    return {
        "filterset": filterset,
        "page": paginate(qs, request.GET.get("page")),
        "filtered": is_filtered(request),
    }


def list_page_context(request, filterset_class, queryset, /, *, order: Sequence[str], **kwargs):
    """`list_context` of the `filtered` rows, for a list without an export."""
    return list_context(
        request, *filtered(request, filterset_class, queryset, order=order, **kwargs)
    )


@dataclass(frozen=True)
class Ledger:
    """A list page with an export, declared once: its FilterSet over the user's rows (the
    selector `rows(user=...)`), sorted by `order`, and the list page's URL name. The page and
    its .xlsx read the same rows, so the export is what the user sees, all pages of it."""

    filterset: type
    rows: Callable
    order: Sequence[str]
    list_url: str

    def filtered(self, request):
        """The FilterSet and its rows, as `filtered` gives them."""
        return filtered(
            request,
            self.filterset,
            self.rows(user=request.user),
            order=self.order,
            request=request,
        )

    def context(self, request) -> dict:
        """`list_context` of the filtered rows."""
        return list_context(request, *self.filtered(request))

    def export(self, request, *, columns: Columns, name: str, shape: Callable | None = None, **kw):
        """The filtered rows as the `ledger_response` workbook (`shape(qs)` adds what the
        columns read); too many rows send the user back to the list with its filters."""
        _filterset, qs = self.filtered(request)
        return ledger_response(
            request,
            shape(qs) if shape else qs,
            columns=columns,
            name=name,
            back=reverse(self.list_url) + "?" + request.GET.urlencode(),
            **kw,
        )


def is_filtered(request, ignore: Sequence[str] = ("page", "ordering")) -> bool:
    """Whether the user narrowed the list (paging and sorting do not count)."""
    return any(v for k, v in request.GET.items() if k not in ignore)


def export_url(request, name: str, drop: Sequence[str] = ("page",)) -> str:
    """The export's address carrying the page's filters."""
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return reverse(name) + (f"?{query.urlencode()}" if query else "")


def sort_headers(request, sortable: Sequence[tuple[str, str]], *, default: str = "") -> list[dict]:
    """A sortable column's label, its direction now (`default`: the list's own order when the
    user chose none) and the sort a click asks for. `sortable` is `core.filters.sortable(...)`."""
    current = request.GET.get("ordering", default)
    headers = []
    for field, label in sortable:
        direction = "asc" if current == field else "desc" if current == f"-{field}" else ""
        headers.append(
            {
                "field": field,
                "label": label,
                "next": f"-{field}" if direction == "asc" else field,
                "dir": direction,
            }
        )
    return headers


def status_links(
    request, filterset_class, queryset, /, *, choices, count: Callable, **kwargs
) -> dict:
    """The status tabs above a list: each status's count under the other filters and the link
    that keeps them; `all_url` drops the status. `count(qs)` gives {status: n}."""
    without_status = request.GET.copy()
    without_status.pop("status", None)
    without_status.pop("page", None)
    counts = count(filterset_class(without_status, queryset=queryset, **kwargs).qs)
    links = []
    for value, label in choices:
        q = without_status.copy()
        q.setlist("status", [value])
        links.append(
            {
                "label": label,
                "value": value,
                "count": counts[value],
                "url": "?" + q.urlencode(),
                "active": request.GET.getlist("status") == [value],
            }
        )
    return {"counts": counts, "status_links": links, "all_url": "?" + without_status.urlencode()}


def xlsx_attachment(content, *, filename: str, ascii_name: str) -> HttpResponse:
    """A workbook as a download named `filename` (`ascii_name` for clients without UTF-8 names)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
