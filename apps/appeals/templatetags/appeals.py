from django import template

register = template.Library()


@register.filter
def get(row: dict, key: str):
    """row|get:"owner_unit__name" — a dict value by a key with underscores (templates can't)."""
    return row.get(key) if isinstance(row, dict) else None
