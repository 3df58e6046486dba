"""The projects' two charts as ECharts options for static/js/charts.js: the portfolio's
milestones by month and a project's progress over its reports."""

import math

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core import charts

from .models import achievement

# Each series opens the milestones behind it in 督办.
_STATES = (
    ("done", "closed", charts.GREEN),
    ("open", "open", charts.BLUE),
    ("overdue", "overdue", charts.RED),
)


def timeline_option(data: dict) -> dict:
    """`data` from `selectors.milestone_timeline`: done / open / overdue per month, stacked;
    more than a year of months opens on the last twelve."""
    months = data["months"]
    labels = {"done": _("已完成"), "open": _("未到期"), "overdue": _("已逾期")}
    base = reverse("supervision:list") + "?kind=milestone&state="
    option = charts.bars(
        months,
        [
            {
                "name": labels[key],
                "data": data[key],
                "links": [base + state] * len(months),
                "colour": colour,
            }
            for key, state, colour in _STATES
        ],
        stacked=True,
    )
    if len(months) > 12:
        option["dataZoom"] = [{"type": "inside", "startValue": len(months) - 12}]
    return option


def progress_option(targets, reports) -> dict:
    """The project's progress and each target's completion (`achievement`, in %) over the
    reports, oldest first; `reports` carry `values` as `selectors.project_page` sets them."""
    ordered = list(reversed(reports))
    series = [
        {
            "name": _("项目进度"),
            "data": [float(r.progress) for r in ordered],
            "colour": charts.RED,
        }
    ]
    for t in targets:
        values = []
        for r in ordered:
            share = achievement(dict(r.values).get(t), t.target_value, t.direction)
            values.append(None if share is None else round(share * 100, 1))
        series.append({"name": f"{t.name}({t.measure})", "data": values})
    option = charts.line([r.reported_on.isoformat() for r in ordered], series)
    top = max((v for s in series for v in s["data"] if v is not None), default=100)
    option["yAxis"] = {
        "type": "value",
        "name": _("完成率 %"),
        "min": 0,
        "max": max(100, math.ceil(top / 10) * 10),
    }
    option["legend"]["type"] = "scroll"
    for s in option["series"][1:]:
        s["connectNulls"] = True
        s["lineStyle"] = {"type": "dashed"}
    option["series"][0]["lineStyle"] = {"width": 3}
    return option
