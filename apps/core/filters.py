"""The base of every list's FilterSet: Tabler classes on the widgets, so templates stay plain."""

import django_filters as df
from django import forms
from django.db.models import F

from .params import IdField


class StyledFilterSet(df.FilterSet):
    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
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
