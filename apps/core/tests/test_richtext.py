import pytest
from django import forms

from apps.core.richtext import RichTextField, plain_text, sanitize_html
from apps.core.templatetags.tx import richtext


def test_scripts_and_handlers_are_dropped_and_formatting_kept():
    dirty = (
        '<p onclick="steal()">安全<strong>生产</strong><script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">链接</a><img src="x" onerror="alert(1)">'
        '<style>body{}</style><a href="https://example.com/a">好</a>'
    )
    clean = sanitize_html(dirty)
    assert "script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript:" not in clean and "<style" not in clean
    assert "<strong>生产</strong>" in clean
    assert 'href="https://example.com/a"' in clean and 'rel="noopener noreferrer nofollow"' in clean


def test_template_filter_renders_sanitized():
    assert str(richtext("<b>好</b><img src=x onerror=alert(1)>")) == '<b>好</b><img src="x">'
    assert richtext(None) == ""


def test_plain_text_excerpt():
    assert plain_text("<p>一二三</p><p>四五</p>") == "一二三 四五"
    assert plain_text("<p>一二三四五六</p>", limit=4) == "一二三…"


class PostForm(forms.Form):
    body = RichTextField(label="正文")


def test_field_sanitizes_and_refuses_empty_markup():
    form = PostForm(data={"body": "<div><br></div>"})
    assert not form.is_valid()
    assert form.errors["body"] == ["请填写内容。"]
    form = PostForm(data={"body": "<p>内容<script>x()</script></p>"})
    assert form.is_valid()
    assert form.cleaned_data["body"] == "<p>内容</p>"


@pytest.mark.parametrize("size", [100_001])
def test_field_refuses_oversized(size):
    form = PostForm(data={"body": "字" * size})
    assert not form.is_valid()


def test_the_toolbar_is_labelled_in_chinese_and_in_english():
    """Trix filled its toolbar in English ("Bold", "Attach Files"): the widget brings its own,
    through gettext, and no attach button (files are refused in the text)."""
    from django.utils import translation

    class Form(forms.Form):
        body = RichTextField(label="正文")

    html = str(Form()["body"])
    assert 'toolbar="id_body-toolbar"' in html and 'id="id_body-toolbar"' in html
    for label in ("粗体", "斜体", "链接", "编号列表", "撤销", "输入网址…"):
        assert label in html
    assert "Bold" not in html and "attachFiles" not in html
    with translation.override("en"):
        english = str(Form()["body"])
    assert 'title="Bold"' in english and 'title="Undo"' in english and "Revoke" not in english
