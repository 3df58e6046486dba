"""The form renderer (settings.FORM_RENDERER): Django's templates, except that a select and its
options are written here. Django renders a template for every <option>, about 170 function
calls each: a unit picker of 500 units cost more than the rest of its page, and a list page's
filter selects a tenth of it. The markup is Django's own (select.html, select_option.html,
attrs.html), so a widget looks and posts as before; a select with its own templates is left to
them."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def _options(options) -> str:
    return mark_safe(
        "".join(
            format_html(
                '<option value="{}"{}>{}</option>', o["value"], _attrs(o["attrs"]), o["label"]
            )
            for o in options
        )
    )


def render_select(widget: dict) -> str:
    """select.html from the widget's context (`get_context()["widget"]`)."""
    groups = "".join(
        format_html('<optgroup label="{}">{}</optgroup>', name, _options(options))
        if name
        else _options(options)
        for name, options, _index in widget["optgroups"]
    )
    return format_html(
        '<select name="{}"{}>{}</select>',
        widget["name"],
        _attrs(widget["attrs"]),
        mark_safe(groups),
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name == SELECT and all(
            o["template_name"] == OPTION for _n, options, _i in widget["optgroups"] for o in options
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
