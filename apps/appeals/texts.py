"""The appeals' text for early warning: title and content per unit and day, never who.

An anonymous appeal holds no submitter unit: it counts at the company it was sent to."""

from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from apps.core import texts
from apps.core.indicators import bounds

from .models import Appeal


def appeal_texts(*, start, end):
    lo, hi = bounds(start, end)
    rows = (
        Appeal.objects.filter(created_at__gte=lo, created_at__lt=hi)
        .annotate(unit=Coalesce("submitter_unit_id", "intake_unit_id"), day=TruncDate("created_at"))
        .filter(unit__isnull=False)
        .values_list("unit", "day", "title", "description")
    )
    return [texts.Row(u, d, f"{t} {desc}") for u, d, t, desc in rows.iterator()]


def appeal_link(unit_id, start, end, term):
    return texts.list_url(
        "appeals:list", unit=unit_id, received_from=start, received_to=end, q=term
    )


texts.register("appeals", _("诉求"), fn=appeal_texts, link=appeal_link)
