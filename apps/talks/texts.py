"""谈心谈话 concerns for early warning: the tag's name and the note, per unit and talk day.
The talk list has no text search: the link filters by unit and dates."""

from django.utils.translation import gettext_lazy as _

from apps.core import texts

from .models import Concern


def concern_texts(*, start, end):
    rows = Concern.objects.filter(talk__day__gte=start, talk__day__lte=end).values_list(
        "talk__unit_id", "talk__day", "tag__name", "note"
    )
    return [texts.Row(u, d, f"{tag} {note}") for u, d, tag, note in rows.iterator()]


def concern_link(unit_id, start, end, term):
    return texts.list_url("talks:list", unit=unit_id, start=start, end=end)


texts.register("talks", _("谈心谈话关注问题"), fn=concern_texts, link=concern_link)
