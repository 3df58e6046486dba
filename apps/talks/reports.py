"""The figures a unit's 思想动态调研报告 opens with, read from the platform so nothing is typed
twice: its talks, coverage, states and concerns, the appeals opened in its subtree (through the
appeals list's own selector and filter), and survey satisfaction when a calculator is
registered (through the indicator registry: this app never imports surveys)."""

from apps.appeals.filters import AppealFilter
from apps.appeals.selectors import appeal_list
from apps.core import indicators
from apps.core.figures import percent
from apps.orgs.models import OrgUnit
from apps.orgs.scope import in_subtree

from .indicators import coverage_sums
from .models import Talk
from .selectors import counts_of, quarter_bounds


def report_figures(*, user, unit: OrgUnit, year: int, quarter: int) -> dict:
    """The unit's figures for the quarter, as stored in the report (JSON)."""
    start, end = quarter_bounds(year, quarter)
    measured = unit.serves if unit.serves_id else unit
    talks = in_subtree(Talk.objects.counted_by(user), measured).filter(day__gte=start, day__lte=end)
    counts = counts_of(talks)
    reach = coverage_sums(units=[unit], start=start, end=end)[unit.pk]
    appeals = AppealFilter(
        {"unit": measured.pk, "received_from": start, "received_to": end},
        queryset=appeal_list(user=user),
    ).qs
    satisfaction = None
    calculator = indicators.get("surveys.satisfaction")
    if calculator is not None:  # of the unit measured: a branch reads its department's sheets
        value = calculator.fn(units=[measured], start=start, end=end).get(measured.pk)
        if value is not None and value.value is not None:
            satisfaction = {"value": str(value.value), "measure": calculator.measure}
        elif value is not None and value.denominator:
            satisfaction = {"value": None, "few": True}  # too few sheets to show: anonymity
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "talks": counts.total,
        "people": reach["people"],
        "reached": reach["reached"],
        "coverage": percent(reach["reached"], reach["people"]),
        "states": [[str(label), n] for label, n in counts.by_state],
        "tags": [[name, n] for name, n in counts.by_tag],
        "appeals": appeals.count(),
        "appeals_url": indicators.list_url(
            "appeals:list", unit=measured.pk, received_from=start, received_to=end
        ),
        "satisfaction": satisfaction,
        "measured_unit": measured.name,
    }
