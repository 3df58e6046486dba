"""The shared page pieces: the form step keeps what was typed and puts a refusal on its field,
error catalogues make coded errors, NotFound answers 404, choices carry their badge colour."""

from django import forms
from django.db import models
from django.http import Http404
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _

from apps.core.choices import colour_of, coloured
from apps.core.errors import CoreError, DomainError, ErrorCode, NotFound, catalogue
from apps.core.forms import StyledForm, form_step, service_step


class _Err(ErrorCode):
    TITLE_TAKEN = ("title_taken", _("标题“%(title)s”已被使用。"), 409)


class _Form(StyledForm):
    title = forms.CharField(label="标题", max_length=10)
    kind = forms.ChoiceField(label="类别", choices=[("a", "甲")])


def _request():
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/x/", {"title": "重复", "kind": "a"})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_form_step_puts_the_refusal_on_its_field_and_keeps_the_input():
    def handler(data):
        raise _Err.TITLE_TAKEN(field="title", title=data["title"])

    request = _request()
    form = _Form(request.POST)
    response = form_step(
        request, form, handler=handler, template="components/fields.html", success="ok"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "标题“重复”已被使用。" in html
    assert 'value="重复"' in html
    assert "is-invalid" in form.fields["title"].widget.attrs["class"]
    assert form.fields["kind"].widget.attrs["class"] == "form-select"


def test_form_step_redirects_where_the_service_says():
    request = _request()
    response = form_step(
        request,
        _Form(request.POST),
        handler=lambda data: f"/done/{data['kind']}/",
        template="components/fields.html",
        success="ok",
    )
    assert response.status_code == 302
    assert response.url == "/done/a/"


def test_a_refusal_without_a_known_field_goes_on_the_form():
    request = _request()
    form = _Form(request.POST)

    def handler(data):
        raise DomainError("other", "不行", field="nowhere")

    response = form_step(request, form, handler=handler, template="components/fields.html")
    assert 'data-testid="form-error"' in response.content.decode()


def test_error_codes_carry_message_status_and_are_catalogued():
    error = _Err.TITLE_TAKEN(field="title", title="甲")
    assert (error.code, str(error.message), error.status) == (
        "title_taken",
        "标题“甲”已被使用。",
        409,
    )
    missing = CoreError.NOT_FOUND()
    assert isinstance(missing, NotFound) and isinstance(missing, Http404)
    codes = {row[0] for row in catalogue()}
    assert {"title_taken", "unit_unknown", "not_found"} <= codes


def test_choices_declare_their_badge_colour():
    @coloured({"open": "blue", "done": "green"})
    class _Status(models.TextChoices):
        OPEN = "open", "在办"
        DONE = "done", "办结"
        DROPPED = "dropped", "撤销"

    field = models.CharField(choices=_Status.choices, max_length=8)
    assert colour_of(field, "done") == "green"
    assert colour_of(field, "dropped") == "secondary"


def test_two_messages_under_one_code_stay_two():
    """A catalogue may hold several messages under one code (the "required" of two fields):
    each member raises its own message, not the first one's."""
    from apps.core.errors import ErrorCode

    class Sample(ErrorCode):
        START = ("required", "请填写开始日期。")
        END = ("required", "请填写完成时限。")

    assert Sample.END().message == "请填写完成时限。"
    assert Sample.START().message == "请填写开始日期。"
    assert Sample.END().code == "required" and Sample.END == "required"


def test_a_deadline_field_gives_the_end_of_that_working_day():
    from datetime import date

    from django.utils import timezone

    from apps.core.forms import DeadlineField

    class Form(StyledForm):
        due_at = DeadlineField(required=False)

    form = Form({"due_at": "2026-03-02"})
    assert form.is_valid()
    due = timezone.localtime(form.cleaned_data["due_at"])
    assert (due.date(), due.hour, due.minute) == (date(2026, 3, 2), 18, 0)
    empty = Form({"due_at": ""})
    assert empty.is_valid() and empty.cleaned_data["due_at"] is None


def test_a_service_step_goes_to_the_page_of_what_the_service_made():
    request = _request()
    request.user = object()
    made = []

    def create(*, actor, title, kind):
        made.append((actor, title, kind))
        return type("Row", (), {"pk": 7})()

    response = service_step(
        request,
        _Form(request.POST),
        service=create,
        back=lambda row: f"/rows/{row.pk}/",
        template="components/fields.html",
    )
    assert response.url == "/rows/7/" and made == [(request.user, "重复", "a")]
