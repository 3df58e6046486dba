"""Choices that carry their badge colour, so one status badge serves every area.

    @coloured({"open": "blue", "closed": "green"})
    class Status(models.TextChoices): ...

The badge (`{% status_badge record %}`) finds the colours from the model field's choices."""

from functools import cache

_BY_VALUES: dict[frozenset, dict[str, str]] = {}


def coloured(colours: dict[str, str]):
    """Declare each value's Tabler colour (blue, green, orange, red, cyan, secondary …)."""

    def declare(choices_class):
        unknown = set(colours) - set(choices_class.values)
        if unknown:
            raise ValueError(f"{choices_class.__name__}: no such values {sorted(unknown)}")
        choices_class.colours = colours
        _BY_VALUES[frozenset(choices_class.values)] = colours
        return choices_class

    return declare


@cache
def _colours(field) -> dict[str, str]:
    """A field's declared colours, found once per field (a list draws a badge per row)."""
    return _BY_VALUES.get(frozenset(str(v) for v, _label in field.flatchoices), {})


def colour_of(field, value) -> str:
    """The colour declared for `value` on a model field's choices; grey when none is."""
    return _colours(field).get(value, "secondary")
