"""One way to write a form page: a styled form, the files field, and `form_step`.

`form_step` is the whole "validate → call the service → a refusal onto its field (or the form),
keeping what was typed → message and redirect" step; no view catches `DomainError` itself.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from .errors import DomainError, Forbidden


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files from one input (Django's documented pattern); the service checks each."""

    def __init__(self, *args, accept: str | None = None, **kwargs):
        attrs = {"class": "form-control"}
        if accept:
            attrs["accept"] = accept
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(FilesField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


_UNSTYLED = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.HiddenInput, MultipleFileInput)


class StyledMixin:
    """Tabler classes on every widget; an invalid field is marked so its error sits by it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self):
        """Style the fields; a form that adds fields after __init__ calls it again."""
        for field in self.fields.values():
            widget = field.widget
            if getattr(widget, "is_richtext", False) or isinstance(widget, _UNSTYLED):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def add_error(self, field, error):
        super().add_error(field, error)
        widget = self.fields[field].widget if field in self.fields else None
        if widget is not None and "is-invalid" not in widget.attrs.get("class", ""):
            widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()


class StyledForm(StyledMixin, forms.Form):
    pass


class ConfirmForm(StyledForm):
    """A confirmation page's form: nothing to type; the service's refusal is its error."""


class StyledModelForm(StyledMixin, forms.ModelForm):
    pass


def form_error(form, error: DomainError, aliases: dict | None = None) -> None:
    """The service's refusal on the field it names (through `aliases` where the form calls the
    field otherwise), or on the whole form."""
    field = (aliases or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def bound(request, form_class, **kwargs):
    """The form bound to the POST (and its files) on a submit, unbound otherwise."""
    if request.method == "POST":
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(**kwargs)


def form_call(form, call: Callable[[], object], aliases: dict | None = None):
    """The service for a page that answers on itself instead of redirecting (a lookup, one of
    several forms on a page): (its result, None), or (None, its refusal) put on `form`."""
    try:
        return call(), None
    except DomainError as e:
        form_error(form, e, aliases)
        return None, e


def forbidden_page(handler: Callable) -> Callable:
    """`handler` for a step that is not the user's to take: a `Forbidden` from its service is a
    403 page, not a refusal on the form."""
    from django.core.exceptions import PermissionDenied

    def step(*args):
        try:
            return handler(*args)
        except Forbidden as e:
            raise PermissionDenied(str(e.message)) from e

    return step


class _DryRun(Exception):
    """Raised to roll back a handler run only for its refusals."""


def _precheck(form, handler, aliases) -> None:
    """With field errors on the form, run the handler anyway on what was valid (the invalid
    fields as None) inside a savepoint that is always rolled back, so the service's refusal
    shows beside the field errors instead of on the next submit. Its writes, audit rows and
    on_commit side effects go with the rollback. A refusal about a field already in error, or
    a handler that cannot run on partial data, adds nothing."""
    data = {name: form.cleaned_data.get(name) for name in form.fields}
    try:
        with transaction.atomic():
            handler(data)
            raise _DryRun
    except _DryRun:
        pass
    except DomainError as e:
        if (aliases or {}).get(e.field, e.field) not in form.errors:
            form_error(form, e, aliases)
    except (KeyError, TypeError, ValueError, AttributeError):
        pass  # the handler needs a field that is in error: its own message stands


def form_step(
    request,
    form,
    *,
    handler: Callable[[dict], str],
    template: str,
    context: dict | None = None,
    success=None,
    aliases: dict | None = None,
    precheck: bool = False,
):
    """A form page's one step. A valid submit goes to `handler(cleaned_data)`, which calls the
    service and returns where to go next; its `DomainError` goes onto the form with what was
    typed. Otherwise the page is rendered with `form` (400 when it carries errors).
    `precheck=True` also shows the service's refusal beside the field errors (`_precheck`);
    only for a handler whose every effect is in the database or sent on commit (no files)."""
    if form.is_bound and form.is_valid():
        try:
            next_url = handler(form.cleaned_data)
        except DomainError as e:
            form_error(form, e, aliases)
        else:
            if success:
                messages.success(request, success)
            return redirect(next_url)
    elif form.is_bound and precheck:
        _precheck(form, handler, aliases)
    return render(
        request,
        template,
        {**(context or {}), "form": form},
        status=400 if form.errors else 200,
    )


def action_step(request, *, handler: Callable[[], str], success=None, back: str):
    """A button with no form (approve, close, remind): the service, then a message either way
    and back to the record."""
    try:
        next_url = handler()
    except DomainError as e:
        messages.error(request, e.message)
        return redirect(back)
    if success:
        messages.success(request, success)
    return redirect(next_url or back)
