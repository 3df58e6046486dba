"""The base of every list's FilterSet (Tabler classes on the widgets, so templates stay plain; a
BooleanFilter is an "only …" box) and the filters lists share: search, a local-day bound, the sort
select."""

import functools
import operator
from datetime import datetime, time, timedelta

import django_filters as df
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import search
from .params import DB_INT_MAX, IdField


class OnlyBox(forms.CheckboxInput):
    """A BooleanFilter's "only …" box, labelled: ticked sends true, unticked leaves the filter
    out. It reads true/false as the select did, so a link's `?overdue=false` still filters."""

    template_name = "components/only_box.html"

    def __init__(self, label="", attrs=None):
        super().__init__(attrs)
        self.label = label

    def format_value(self, value):
        return "true"

    def value_from_datadict(self, data, files, name):
        return forms.NullBooleanSelect().value_from_datadict(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["label"] = self.label
        return context


class StyledFilterSet(df.FilterSet):
    """Filter forms in Tabler's classes; a filter box shows its label as the placeholder (the
    filter rows draw no labels). Styled once per filterset: a page reads `.form` many times."""

    @property
    def form(self):
        form = super().form
        if getattr(form, "styled", False):
            return form
        form.styled = True
        for field in form.fields.values():
            if type(field.widget) is forms.NullBooleanSelect:  # a BooleanFilter's 未知/是/否
                field.widget = OnlyBox(label=field.label)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
                if isinstance(widget, forms.TextInput | forms.NumberInput) and field.label:
                    widget.attrs.setdefault("placeholder", field.label)
            widget.attrs.setdefault("class", css)
        return form


class IdFilter(df.NumberFilter):
    """A filter on a record's id: a non-numeric or out-of-range value is a form error and the
    filter is left out, never a database error."""

    field_class = IdField


class NullsLastOrderingFilter(df.OrderingFilter):
    """Sorting where empty values go last both ways, on SQLite and PostgreSQL alike (PostgreSQL
    puts NULLs first when descending): "highest benefit first" must not open with blanks."""

    def filter(self, qs, value):
        if value in df.constants.EMPTY_VALUES:
            return qs
        ordering = []
        for param in value:
            field = self.get_ordering_value(param)
            descending = field.startswith("-")
            expr = F(field.lstrip("-"))
            ordering.append(expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True))
        return qs.order_by(*ordering)


def ordering_filter(labels: dict, *, names: dict | None = None, nulls_last: bool = False):
    """A list's sort select, labelled 排序: {field: label}; the query value is the field's name,
    or `names[field]` where the page calls it otherwise."""
    names = names or {}
    cls = NullsLastOrderingFilter if nulls_last else df.OrderingFilter
    return cls(
        fields=tuple((field, names.get(field, field)) for field in labels),
        field_labels=labels,
        label=_("排序"),
    )


def sortable(filterset_class, *names: str, **labels) -> tuple[tuple[str, str], ...]:
    """The columns a list's table sorts by a click: (query value, label) of some of its
    FilterSet's sorts, labelled as its sort select labels them (or `labels[name]` where the
    column header is shorter)."""
    choices = dict(filterset_class.base_filters["ordering"].extra["choices"])
    return tuple((name, labels.get(name, choices[name])) for name in names)


class SearchFilter(df.CharFilter):
    """The list's search box. A model registered in apps.core.search is searched in the
    full-text index; otherwise (or while its index is empty) rows where any of `fields` contains
    the text; with `prefix`, a ledger number (YH000123, or 123) also finds its row by id."""

    def __init__(self, *args, fields: tuple[str, ...], prefix: str | None = None, **kwargs):
        self.search_fields = fields
        self.prefix = prefix
        kwargs.setdefault("label", _("搜索"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        if search.is_searchable(qs.model):  # the full-text index, best first (decision 0011)
            return search.apply(qs, value, fallback=self.contains)
        return self.contains(qs, value)

    def contains(self, qs, value):
        conds = [Q(**{f"{field}__contains": value}) for field in self.search_fields]
        if self.prefix is not None:
            number = value.upper().removeprefix(self.prefix)
            if number.isdigit() and int(number) <= DB_INT_MAX:
                conds.append(Q(pk=int(number)))
        return qs.filter(functools.reduce(operator.or_, conds))


def day_start(day) -> datetime:
    """Midnight at the start of a local date, as an aware datetime (an index-friendly bound)."""
    return timezone.make_aware(datetime.combine(day, time.min))


class DayFilter(df.DateFilter):
    """A date bound on a datetime column, by the local day: rows from the day's start, or with
    `until=True` rows before the next day's start (a range an index serves, unlike __date)."""

    def __init__(self, *args, until: bool = False, **kwargs):
        self.until = until
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if self.until:
            return qs.filter(**{f"{self.field_name}__lt": day_start(value + timedelta(days=1))})
        return qs.filter(**{f"{self.field_name}__gte": day_start(value)})


class StateFilter(df.ChoiceFilter):
    """A select of named states (open, overdue …), each a condition `state_q(value)` rather than
    one column's value."""

    def __init__(self, *args, state_q, **kwargs):
        self.state_q = state_q
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(self.state_q(value)) if value else qs


class MineFilter(df.BooleanFilter):
    """The "only mine" box: the rows `mine_q(user)` selects for the signed-in user."""

    def __init__(self, *args, mine_q, **kwargs):
        self.mine_q = mine_q
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        user = getattr(self.parent.request, "user", None)
        if not value or user is None:
            return qs
        return qs.filter(self.mine_q(user))
