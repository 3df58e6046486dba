"""Selects written by the form renderer look and post as Django's templates draw them, and a
choice's label (built once per field) still speaks the request's language."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation

from apps.core.renderers import FormRenderer


class _Form(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "全部"), ("生产", [("1", "一车间 <北>"), ("2", "二车间")]), ("3", "机关")],
        initial="2",
    )
    tags = forms.MultipleChoiceField(choices=[("a", "甲"), ("b", "乙")], initial=["a", "b"])
    done = forms.NullBooleanField(required=False)


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("name", ["kind", "tags", "done"])
def test_a_select_is_drawn_as_the_templates_draw_it(name):
    ours = _Form(renderer=FormRenderer())[name].as_widget()
    theirs = _Form(renderer=DjangoTemplates())[name].as_widget()
    assert _compact(ours) == _compact(theirs)
    if name == "kind":  # the chosen option marked, a label escaped, the group kept
        assert '<option value="2" selected>二车间</option>' in ours
        assert "一车间 &lt;北&gt;" in ours and '<optgroup label="生产">' in ours


def test_the_site_uses_the_renderer(settings):
    assert settings.FORM_RENDERER == "apps.core.renderers.FormRenderer"
    assert isinstance(_Form().renderer, FormRenderer)


@pytest.mark.django_db
def test_a_choice_label_follows_the_language(company):
    person = next(iter(company.people.values()))
    with translation.override("zh-hans"):
        chinese = person.get_status_display()
    with translation.override("en"):
        english = person.get_status_display()
    assert chinese != english and re.search(r"[\u4e00-\u9fff]", chinese)
    assert not re.search(r"[\u4e00-\u9fff]", english)
