from datetime import timedelta

from apps.core import texts
from apps.core.selectors import get_or_not_found

from .models import Warning


def warning_list(*, user):
    return Warning.objects.visible_to(user).select_related("unit", "handled_by")


def warning_get(*, user, pk: int) -> Warning:
    return get_or_not_found(warning_list(user=user), pk)


def evidence(warning: Warning) -> list[dict]:
    """The records behind a warning: for a text signal, each source's own list filtered to the
    unit, the week and the term; the area's page applies its own rules, so no anonymous writer
    shows."""
    if warning.links:  # a numeric signal: the links its pass stored
        return [{"label": str(link["label"]), "url": link["url"]} for link in warning.links]
    end = warning.week + timedelta(days=6)
    out = []
    for code in warning.sources:
        source = texts.get(code)
        if source is not None:
            url = source.link(warning.unit_id, warning.week, end, warning.term)
            out.append({"label": str(source.label), "url": url})
    return out
