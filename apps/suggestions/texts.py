"""The suggestions' text for early warning: title and content per proposer's unit and day."""

from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from apps.core import texts
from apps.core.indicators import bounds

from .models import Suggestion


def suggestion_texts(*, start, end):
    lo, hi = bounds(start, end)
    rows = (
        Suggestion.objects.filter(submitted_at__gte=lo, submitted_at__lt=hi)
        .annotate(day=TruncDate("submitted_at"))
        .values_list("proposer_unit_id", "day", "title", "problem")
    )
    return [texts.Row(u, d, f"{t} {c}") for u, d, t, c in rows.iterator()]


def suggestion_link(unit_id, start, end, term):
    return texts.list_url(
        "suggestions:list", proposer_unit=unit_id, submitted_from=start, submitted_to=end, q=term
    )


texts.register("suggestions", _("合理化建议"), fn=suggestion_texts, link=suggestion_link)
