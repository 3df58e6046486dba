"""One way to write a form page: a styled form, the files field, and `form_step`.

`form_step` is the whole "validate → call the service → a refusal onto its field (or the form),
keeping what was typed → message and redirect" step; `action_step` / `attempt` the same for a
button, `page_step` for a page whose content a service may refuse. No view catches
`DomainError` itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as _field
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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


def end_of_day(day: date | None) -> datetime | None:
    """A deadline given as a date means the end of that working day (18:00 local); no date, no
    deadline."""
    return timezone.make_aware(datetime.combine(day, time(18, 0))) if day else None


class DayField(forms.DateField):
    """A date picked in the browser's date input (its value always ISO: the Chinese locale's
    2026/12/03 is no value to a date input, so an initial day would show empty)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


class DeadlineField(DayField):
    """A deadline picked as a day: cleaned to the end of that working day (`end_of_day`), so the
    field can carry the service's own `due_at`."""

    def clean(self, value):
        return end_of_day(super().clean(value))


class TextareaField(forms.CharField):
    """A text of several lines (a reason, a note, an opinion): a textarea `rows` high, with an
    optional placeholder saying what to write."""

    def __init__(self, *, rows: int = 3, placeholder=None, **kwargs):
        attrs = {"rows": rows}
        if placeholder:
            attrs["placeholder"] = placeholder
        kwargs.setdefault("widget", forms.Textarea(attrs=attrs))
        super().__init__(**kwargs)


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


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker showing each unit by its name."""

    def label_from_instance(self, unit):
        return unit.name


class UnitTreeChoiceField(UnitChoiceField):
    """A unit picker in tree order, indented by depth so the hierarchy reads in a plain select."""

    def label_from_instance(self, unit):
        return "\u3000" * max(0, unit.depth - 1) + unit.name


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
    handler: Callable[[dict], str | HttpResponse],
    template: str,
    context: dict | Callable[[], dict] | None = None,
    success=None,
    aliases: dict | None = None,
    precheck: bool = False,
    form_name: str = "form",
):
    """A form page's one step. A valid submit goes to `handler(cleaned_data)`, which calls the
    service and returns where to go next (or the answer itself, when success is a page rather
    than a redirect); its `DomainError` goes onto the form with what was typed. Otherwise the
    page is rendered with the form as `form_name` (400 when it carries errors); `context` may be
    a function, called only when the page is rendered. `precheck=True` also shows the service's
    refusal beside the field errors (`_precheck`); only for a handler whose every effect is in
    the database or sent on commit (no files)."""
    if form.is_bound and form.is_valid():
        try:
            answer = handler(form.cleaned_data)
        except DomainError as e:
            form_error(form, e, aliases)
        else:
            if success:
                messages.success(request, success)
            return answer if isinstance(answer, HttpResponse) else redirect(answer)
    elif form.is_bound and precheck:
        _precheck(form, handler, aliases)
    return render(
        request,
        template,
        {**((context() if callable(context) else context) or {}), form_name: form},
        status=400 if form.errors else 200,
    )


def upload_step(request, form_class, *, start: Callable, detail: str, template: str, jobs):
    """An import's first page: the form's `file` goes to `start(upload)`, which makes the job
    (a refusal goes on the file: whatever is wrong is wrong with the file), then the job's
    preview page (URL name `detail`). The page (`components/import_start.html`) lists the
    user's last ten `jobs`."""

    def handler(data):
        return reverse(detail, args=[start(upload=data["file"]).pk])

    return form_step(
        request,
        bound(request, form_class),
        handler=handler,
        template=template,
        aliases={None: "file", "upload": "file"},
        context={"jobs": jobs[:10]},
    )


def service_handler(
    request, service: Callable, back: str | Callable[[Any], str] | None = None
) -> Callable[[dict], str]:
    """The handler of a form whose fields are the service's own arguments (bind the record
    with `functools.partial`): `service(actor=request.user, **cleaned_data)`, then `back`, or
    `back(what the service returned)`; by default the page of the record it made (its
    `get_absolute_url`)."""

    def handler(data):
        result = service(actor=request.user, **data)
        if back is None:
            return result.get_absolute_url()
        return back(result) if callable(back) else back

    return handler


def service_step(
    request, form, *, service: Callable, back: str | Callable[[Any], str] | None = None, **kwargs
):
    """`form_step` with a `service_handler`."""
    return form_step(request, form, handler=service_handler(request, service, back), **kwargs)


def row_initial(row, names) -> dict:
    """A settings form's initial values from its `SettingsRow` (`row`, saved or the defaults):
    each named model field's value, a link as its id, a many-to-many as its list of rows."""
    initial = {}
    for name in names:
        field = row._meta.get_field(name)
        if field.many_to_many:
            initial[name] = list(getattr(row, name).all()) if row.pk else []
        else:
            initial[name] = getattr(row, field.attname)
    return initial


def settings_step(request, row, form_class, *, service: Callable, success=None, **kwargs):
    """An area's settings page: `form_class` filled from `row` (`SettingsRow.current()`), a
    valid submit to `service(actor=, **fields)`, back to this page with "设置已保存。" (or
    `success`); `form_kwargs` are the form's own arguments, the rest goes to `form_step`."""
    form_kwargs = kwargs.pop("form_kwargs", {})
    form = bound(
        request, form_class, initial=row_initial(row, form_class.base_fields), **form_kwargs
    )
    return service_step(
        request,
        form,
        service=service,
        back=request.path,
        success=success or _("设置已保存。"),
        **kwargs,
    )


@dataclass(frozen=True)
class Step:
    """One workflow step on a record, declared once as data (approve, return, rectify): its
    form, who may take it `allowed(user, record)`, the screen's title and intro, and what a
    valid submit does: the `service` whose arguments are the form's fields (called as
    `service(actor=user, <record_kw>=record, **cleaned_data)`), or for a form whose fields need
    translating `call(user, record, cleaned_data)`. Optionally the form's arguments
    `form_kwargs(user, record)`, its own success message and field aliases. `record_step`
    serves it."""

    form_class: type
    allowed: Callable[[Any, Any], bool]
    title: Any
    intro: Any = ""
    service: Callable | None = None
    call: Callable[[Any, Any, dict], Any] | None = None
    form_kwargs: Callable[[Any, Any], dict] | None = None
    success: Any = None
    aliases: dict = _field(default_factory=dict)


def step_buttons(steps: dict[str, Step], user, record, buttons) -> list[tuple]:
    """A record's buttons: of `buttons` ((step name, css class) for the steps its state admits
    now), those the user may take, each `(name, its step's title, css)`."""
    return [
        (name, steps[name].title, css) for name, css in buttons if steps[name].allowed(user, record)
    ]


def record_step(
    request,
    record,
    step: Step,
    *,
    record_kw: str,
    back: str,
    template: str,
    context: dict | None = None,
    success=None,
    aliases: dict | None = None,
):
    """A `Step` on one record, one screen each: only for a user the step `allowed` (else 403);
    its form (built with `form_kwargs`), then its service (`record_kw`: the record's keyword
    in the area's services) and the user goes `back` to the record. The page gets `context`
    with the step's `title` and `intro`; the step's own success message and aliases come
    before the area's."""
    user = request.user
    if not step.allowed(user, record):
        raise PermissionDenied
    form = bound(
        request, step.form_class, **(step.form_kwargs(user, record) if step.form_kwargs else {})
    )

    def handler(data):
        if step.call:
            step.call(user, record, data)
        else:
            step.service(actor=user, **{record_kw: record}, **data)
        return back

    return form_step(
        request,
        form,
        handler=handler,
        template=template,
        context={**(context or {}), "title": step.title, "intro": step.intro},
        success=step.success or success,
        aliases={**(aliases or {}), **step.aliases},
    )


def step_view(
    steps: dict[str, Step],
    *,
    get: Callable,
    record_kw: str,
    template: str,
    context: Callable[[Any], dict] | None = None,
    back: Callable[[Any], str] | None = None,
):
    """The view of a record's `steps` (the URL names the step): the record the user may see
    (`get(user=, pk=)`: out of scope is a 404), then `record_step` on it, back to `back(record)`
    (the record's own page by default), "已保存。" said. The template gets the record as
    `record_kw`, the way back as `back`, and `context(record)`."""

    @login_required
    def view(request, pk: int, step: str):
        record = get(user=request.user, pk=pk)
        url = back(record) if back else record.get_absolute_url()
        return record_step(
            request,
            record,
            steps[step],
            record_kw=record_kw,
            back=url,
            template=template,
            context={record_kw: record, "back": url, **(context(record) if context else {})},
            success=_("已保存。"),
        )

    return view


def attempt(request, handler: Callable[[], Any], *, success=None) -> tuple[Any, DomainError | None]:
    """A service behind a button (or an admin action): its refusal becomes an error message,
    otherwise `success` is shown. Returns the handler's value and the refusal (one is None)."""
    try:
        value = handler()
    except DomainError as e:
        messages.error(request, e.message)
        return None, e
    if success:
        messages.success(request, success)
    return value, None


def action_step(request, *, handler: Callable[[], str], success=None, back: str):
    """A button with no form (approve, close, remind): the service, then a message either way
    and back to the record."""
    next_url, refusal = attempt(request, handler, success=success)
    return redirect(back if refusal else next_url or back)


def answer_step(build: Callable[[], HttpResponse]) -> HttpResponse:
    """A download (an export) whose content a service or selector may refuse: the refusal is
    its message as plain text, with its status."""
    try:
        return build()
    except DomainError as e:
        return HttpResponse(
            str(e.message), status=e.status, content_type="text/plain; charset=utf-8"
        )


def page_step(request, *, build: Callable[[], dict], template: str, context: dict | None = None):
    """A page whose content a service or selector gives and may refuse (a sign-in code that
    expired): the refusal's message is shown on the page as `error`, with its status."""
    context = dict(context or {})
    try:
        context.update(build())
    except DomainError as e:
        return render(request, template, {**context, "error": e.message}, status=e.status)
    return render(request, template, context)
