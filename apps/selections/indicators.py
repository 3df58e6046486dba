"""量化考核 indicator: the share of a unit's teams whose 班组长 was selected openly (竞聘)."""

from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit

from .choices import SelectionStatus
from .models import Selection


@indicators.calculator("selections.open_share", _("班组长公开竞聘上岗率"), measure="%")
def open_share(*, units, start, end) -> dict[int, indicators.Value]:
    """Teams with a 班组长 in a term from an open selection on the period's last day, over the
    teams (alive) in the unit's subtree: two grouped queries for all units."""
    teams = [
        {"path": p, "n": 1}
        for p in OrgUnit.objects.alive().filter(kind=UnitKind.TEAM).values_list("path", flat=True)
    ]
    selected = [
        {"path": p, "n": 1}
        for p in Selection.objects.filter(
            status=SelectionStatus.APPOINTED, term_start__lte=end, term_end__gte=end
        )
        .values_list("team__path", flat=True)
        .distinct()
    ]
    whole = indicators.roll_up(units, teams, path="path", keys=("n",))
    part = indicators.roll_up(units, selected, path="path", keys=("n",))
    url = indicators.list_url
    return {
        u.pk: indicators.rate(
            part[u.pk]["n"], whole[u.pk]["n"], url("selections:list", unit=u.pk, status="appointed")
        )
        for u in units
    }
