"""Whole numbers from a request, bounded to what a database column holds.

Python integers have no limit, SQLite and PostgreSQL columns stop at 2^63 − 1: a longer number
in an id filter or an `offset` reached the database and came back as a 500. Every id or offset
read from a request goes through one of these, so the refusal is a 422 (API) or a form error
(page) with a Chinese message, decided here once.
"""

from datetime import date
from typing import Annotated

from annotated_types import Interval
from django import forms
from django.utils.translation import gettext_lazy as _

# The largest value of a BigAutoField / BIGINT / SQLite INTEGER column.
DB_INT_MAX = 2**63 - 1

# API: `unit: Id | None = Field(None, ...)`, `offset: Offset = Query(0)`.
Id = Annotated[int, Interval(ge=1, le=DB_INT_MAX)]
Offset = Annotated[int, Interval(ge=0, le=DB_INT_MAX)]


class IdField(forms.IntegerField):
    """A record's id in a form or a query string: a whole number from 1 to DB_INT_MAX."""

    default_error_messages = {
        "invalid": _("请输入有效的编号(正整数)。"),
        "min_value": _("编号必须是正整数。"),
        "max_value": _("编号超出范围。"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", DB_INT_MAX)
        super().__init__(**kwargs)


def query_id(params, name: str) -> int | None:
    """The id in `params[name]`, or None when it is missing or no valid id: for the views that
    read a query string without a form."""
    field = IdField(required=False)
    try:
        return field.clean(params.get(name))
    except forms.ValidationError:
        return None


def query_row(rows, params, name: str):
    """The row of `rows` (already scoped to the user) whose id is in `params[name]`, or None when
    the id is missing, no valid id or not among them."""
    pk = query_id(params, name)
    return None if pk is None else rows.filter(pk=pk).first()


def parse_day(value) -> date | None:
    """A day typed as 2026-03-01 in a query string, or None when it is missing or no day: for
    the figures pages that fall back to their default period."""
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
