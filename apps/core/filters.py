"""The base of every list's FilterSet: Tabler classes on the widgets, so templates stay plain."""

import django_filters as df
from django import forms


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
