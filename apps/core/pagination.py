"""The one paginator of every ledger and list page."""

from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.query import ModelIterable

from . import search
from .errors import CoreError

PAGE_SIZE = 25


class _Counted(Paginator):
    """A paginator told its count by a query that already ran."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


def paginate(qs, number, *, count: int | None = None, per_page: int = PAGE_SIZE):
    """A page of a scoped list in two steps: sort and slice the ids alone (cheap at 50,000 rows),
    then load those rows with their relations. `count`, when a query already knows it, spares
    the COUNT."""
    ids_qs = qs.values_list("pk", flat=True)
    paginator = Paginator(ids_qs, per_page) if count is None else _Counted(ids_qs, per_page, count)
    page = paginator.get_page(number)
    page.object_list = rows_by_id(qs, list(page.object_list))
    return page


def rows_by_id(qs, ids: list) -> list:
    """The rows of `qs` with these ids, in their order, loaded with their relations."""
    rows = {row.pk: row for row in search.unranked(qs).filter(pk__in=ids)}
    return [rows[i] for i in ids if i in rows]


# --- paging by key (API lists) ----------------------------------------------------------------
# An offset makes the database walk every row before the page; a cursor names the last row's
# sort values, so a deep page is found through the index as the first one is. The cursor is
# signed (a client cannot forge a filter) and names the order it was made for.

CURSOR_SALT = "tongxin.api.cursor"


def chosen_by_id(qs) -> bool:
    """Whether the rows can be chosen as ids first and loaded after: model rows, ungrouped."""
    query = qs.query
    return (
        qs._iterable_class is ModelIterable
        and query.group_by is None
        and not query.distinct
        and not query.combinator
    )


def sort_keys(qs) -> list[tuple[str, bool]] | None:
    """The list's order as (field path, descending) ending with the primary key; None where an
    item is not a plain column (a search rank, an expression, a relation ordered by its model)."""
    query = qs.query
    if query.extra_order_by:
        return None
    keys = []
    default = qs.model._meta.ordering if query.default_ordering else ()
    for item in query.order_by or default:
        if not isinstance(item, str) or item == "?":
            return None
        name = item.lstrip("-")
        if name in ("pk", qs.model._meta.pk.name):
            keys.append(("pk", item.startswith("-")))
            break
        if name in query.annotations or not _is_column(qs.model, name):
            return None
        keys.append((name, item.startswith("-")))
    if not keys or keys[-1][0] != "pk":  # the tie-break, the way the last key runs
        keys.append(("pk", bool(keys) and keys[-1][1]))
    return keys


def _is_column(model, path: str) -> bool:
    try:
        *hops, last = path.split(LOOKUP_SEP)
        for hop in hops:
            model = model._meta.get_field(hop).related_model
        field = model._meta.get_field(last)
    except (FieldDoesNotExist, AttributeError):
        return False
    return field.concrete and not field.is_relation


def make_cursor(keys, values) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime | time) else v for v in values]
    plain = [str(v) if isinstance(v, Decimal | UUID) else v for v in plain]
    return signing.dumps([order_of(keys), plain], salt=CURSOR_SALT, compress=True)


def after_cursor(qs, keys, cursor: str):
    """`qs` narrowed to the rows after the cursor's row, in the order of `keys`. A NULL sorts
    as the backend puts it (PostgreSQL above every value, SQLite below), so the order of the
    pages is the order the database gives without a cursor."""
    try:
        order, values = signing.loads(cursor, salt=CURSOR_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise CoreError.BAD_CURSOR() from None
    if order != order_of(keys) or len(values) != len(keys):
        raise CoreError.BAD_CURSOR()
    null_high = connections[qs.db].vendor == "postgresql"
    after, same = Q(pk__in=[]), Q()
    for (path, desc), value in zip(keys, values, strict=True):
        if value is None:
            beyond = Q(**{f"{path}__isnull": False}) if desc == null_high else Q(pk__in=[])
            equal = Q(**{f"{path}__isnull": True})
        else:
            beyond = Q(**{f"{path}__{'lt' if desc else 'gt'}": value})
            if desc != null_high:
                beyond |= Q(**{f"{path}__isnull": True})
            equal = Q(**{path: value})
        after |= same & beyond
        same &= equal
    try:
        return qs.filter(after)
    except ValidationError:
        raise CoreError.BAD_CURSOR() from None


def order_of(keys) -> list[str]:
    return [f"-{path}" if desc else path for path, desc in keys]
