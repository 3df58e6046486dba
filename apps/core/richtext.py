"""Rich text (posts, minutes, course materials): edited with Trix, stored and shown sanitized.

One rule for every area: `sanitize_html` keeps formatting and links and drops everything that can
run (script, style, event-handler attributes, javascript: URLs). Forms use `RichTextField`, which
sanitizes in `clean()`, so the API and the pages store the same clean HTML; templates show it with
`{{ value|richtext }}`, which sanitizes again so older or imported rows are inert too.
"""

import html

import nh3
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

TAGS = {
    "p", "br", "div", "span", "strong", "b", "em", "i", "u", "s", "del", "sub", "sup",
    "h1", "h2", "h3", "h4", "blockquote", "pre", "code", "ul", "ol", "li", "a", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "img",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "*": {"class"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(value: str | None) -> str:
    """The HTML with only formatting, links and images left; nothing in it can run."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def plain_text(value: str | None, limit: int | None = None) -> str:
    """The words of a rich text (for excerpts, search and exports)."""
    # A space where each tag was, so paragraphs do not run together; entities back to characters.
    text = " ".join(html.unescape(nh3.clean((value or "").replace("<", " <"), tags=set())).split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


class RichTextWidget(forms.HiddenInput):
    """A Trix editor bound to a hidden input that carries the HTML."""

    template_name = "components/richtext_widget.html"
    # Not "hidden": the field's label and errors show like any other field's.
    input_type = "richtext"
    is_richtext = True

    class Media:
        css = {"all": ("vendor/trix/trix.css",)}
        js = ("vendor/trix/trix.umd.min.js",)


class RichTextField(forms.CharField):
    """A rich-text form field: sanitized on clean; required means some words, not empty tags."""

    widget = RichTextWidget

    def __init__(self, *, max_length: int = 100_000, **kwargs):
        super().__init__(max_length=max_length, strip=True, **kwargs)

    def clean(self, value):
        value = sanitize_html(super().clean(value))
        if self.required and not plain_text(value) and "<img" not in value:
            raise forms.ValidationError(_("请填写内容。"), code="required")
        return value


def render_richtext(value: str | None) -> str:
    return mark_safe(sanitize_html(value))  # sanitized just above
