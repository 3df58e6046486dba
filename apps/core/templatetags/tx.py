"""Template helpers shared by every page."""

import uuid

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some keys replaced: keeps filters across pages and sorts."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def masked(value: str) -> str:
    """138****5678 / 1****************4: a phone or ID number with its middle hidden."""
    from apps.core.masking import mask

    return mask(value)


@register.filter
def minutes(value) -> int:
    """A timedelta as whole minutes, rounded up (for "try again in N minutes")."""
    try:
        return max(1, -(-int(value.total_seconds()) // 60))
    except (AttributeError, TypeError, ValueError):
        return 0


@register.filter
def richtext(value) -> str:
    """Stored rich text, shown sanitized (see apps.core.richtext)."""
    from apps.core.richtext import render_richtext

    return render_richtext(value)


@register.filter
def yuan(value) -> str:
    """Money in yuan with thousands separators and two places: 1,645,336.98."""
    from decimal import Decimal, InvalidOperation

    try:
        return f"{Decimal(str(value)):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return "" if value is None else str(value)


@register.simple_tag
def status_badge(record, field: str = "status", overdue=False):
    """The record's state in the colour its choices declare (apps.core.choices.coloured), and
    the overdue mark beside it when `overdue` is true. Built here, not from a template: a list
    draws one per row, and a template render per row was a fifth of a ledger page's time."""
    from django.utils.translation import gettext

    from apps.core.choices import colour_of

    value = getattr(record, field)
    badge = format_html(
        '<span class="badge bg-{}-lt" data-status="{}">{}</span>',
        colour_of(record._meta.get_field(field), value),
        value,
        getattr(record, f"get_{field}_display")(),
    )
    if not overdue:
        return badge
    return format_html(
        '{} <span class="badge bg-red text-white" data-testid="overdue">{}</span>',
        badge,
        gettext("逾期"),
    )


@register.simple_tag(takes_context=True)
def keep_params(context, *names):
    """Hidden inputs carrying the named GET parameters through a filter form's submit."""
    get = context["request"].GET
    pairs = ((name, value) for name in names for value in get.getlist(name) if value)
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)


@register.filter
def get(row: dict, key: str):
    """row|get:"owner_unit__name" — a dict value by a key with underscores (templates can't)."""
    return row.get(key) if isinstance(row, dict) else None


@register.simple_tag
def idempotency_key() -> str:
    """A fresh key per rendered form: sending the same form twice stores it once
    (apps.core.idempotency)."""
    return uuid.uuid4().hex


@register.inclusion_tag("components/related_links.html", takes_context=True)
def related_links(context, record):
    """The links other areas give for this record (apps.core.related), in a card; nothing when
    there are none."""
    from apps.core.related import links

    request = context.get("request")
    user = getattr(request, "user", None)
    return {"links": links(user=user, record=record) if user is not None else []}
