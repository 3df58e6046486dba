"""What every area's API shares: the query as the page's FilterSet reads it, a page of a list,
a record a request names by id, and the workflow step answered with the refreshed record.
Errors stay with the one mapping in config/api.py: these only raise."""

from datetime import date

from django.http import QueryDict
from ninja import Schema

from . import pagination, search
from .errors import CoreError, DomainError


class InvalidFilter(DomainError):
    """A list query the page's FilterSet refuses: `CoreError.INVALID_FILTER` (422) with each
    field's messages."""

    def __init__(self, errors: list[dict]):
        error = CoreError.INVALID_FILTER
        super().__init__(error.code, error.message, status=error.status)
        self.errors = errors

    def as_dict(self):
        return {**super().as_dict(), "errors": self.errors}


def _text(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def query_params(query: Schema, *, exclude=("limit", "offset", "cursor")) -> QueryDict:
    """An endpoint's query as the page's query string, for its FilterSet: unset values left out,
    lists as repeated keys, true/false and dates as a browser sends them."""
    data = QueryDict(mutable=True)
    for key, value in query.dict(exclude=set(exclude), exclude_none=True).items():
        if isinstance(value, list):
            data.setlist(key, [_text(v) for v in value])
        else:
            data[key] = _text(value)
    return data


def filtered(filterset):
    """The rows of a bound FilterSet; a value it refuses is an `InvalidFilter` (422)."""
    if not filterset.is_valid():
        raise InvalidFilter(
            [{"field": f, "message": "; ".join(m)} for f, m in filterset.errors.items()]
        )
    return filterset.qs


def paged(qs, page, out, *, lookup=None, count: int | None = None, **extra) -> dict:
    """A list endpoint's answer: count, limit, offset, next_cursor, `extra` (status counts …) and
    the page's items shaped by `out`. The page is chosen as ids (and sort values) first, then
    its rows are loaded, so a deep offset does not drag every skipped row's joins; with the
    query's `cursor` it is chosen by key instead. `lookup(rows)`, when given, loads what the
    rows need in one go (their counts, their parents) and `out(row, found)` receives it;
    `count`, when known, spares the COUNT."""
    keys = pagination.sort_keys(qs) if pagination.chosen_by_id(qs) else None
    cursor = getattr(page, "cursor", None)
    start, chosen = page.offset, qs
    if cursor:
        if keys is None:
            raise CoreError.BAD_CURSOR()
        start, chosen = 0, pagination.after_cursor(qs, keys, cursor)
    if keys is not None:
        chosen = chosen.order_by(*pagination.order_of(keys))
    window = slice(start, start + page.limit + 1)
    next_cursor = None
    if keys is None:
        rows = list(chosen[window])
        more = len(rows) > page.limit
    else:
        heads = list(chosen.values_list("pk", *(path for path, _desc in keys))[window])
        more = len(heads) > page.limit
        heads = heads[: page.limit]
        rows = pagination.rows_by_id(qs, [head[0] for head in heads])
        if more:
            next_cursor = pagination.make_cursor(keys, heads[-1][1:])
    rows = rows[: page.limit]
    if lookup is None:
        items = [out(row) for row in rows]
    else:
        found = lookup(rows)
        items = [out(row, found) for row in rows]
    return {
        "count": qs.count() if count is None else count,
        "limit": page.limit,
        "offset": start,
        "next_cursor": next_cursor,
        **extra,
        "items": items,
    }


def named(queryset, pk, *, field: str, error, **params):
    """The record a request body names by id, or None where it names none; an id that finds
    nothing is `error` on that field (never a silent null or a 500)."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise error(field=field, **params)
    return found


class Steps:
    """An area's workflow endpoints, one line each: load the record through the user's scope
    (`get`: out of scope is a 404), hand it to the service as `name` with the body's fields
    (a body schema whose fields are the service's arguments) and `kwargs`, answer with the record
    refreshed (`detail(user, pk)`)."""

    def __init__(self, *, get, name: str, detail):
        self.get = get
        self.name = name
        self.detail = detail

    def __call__(self, request, pk: int, service, body: Schema | None = None, **kwargs):
        record = self.get(user=request.user, pk=pk)
        fields = body.dict() if body is not None else {}
        service(actor=request.user, **{self.name: record}, **fields, **kwargs)
        return self.detail(request.user, record.pk)


def filtered_page(
    query, filterset_class, base, out, *, order=(), counts=None, lookup=None, **filterset_kwargs
) -> dict:
    """A list endpoint over the page's FilterSet: the query's filters on `base` (a value it
    refuses is a 422), `order` unless the query sorts, one page shaped by `out` (see `paged`);
    with `counts`, `counts(qs)` of the same filters but the status: the page's status tabs."""
    params = query_params(query)
    qs = filtered(filterset_class(params, queryset=base, **filterset_kwargs))
    if order and not getattr(query, "ordering", None):
        qs = search.ranked(qs, order)
    extra = {}
    if counts is not None:
        params.pop("status", None)
        extra["counts"] = counts(filterset_class(params, queryset=base, **filterset_kwargs).qs)
    return paged(qs, query, out, lookup=lookup, **extra)
