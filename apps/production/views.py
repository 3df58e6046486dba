"""Production pages: the units with figures, a unit's page beside its party-and-masses work,
the relation across units, and the Excel import (upload → preview → confirm)."""

from datetime import date
from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core import indicators
from apps.core.forms import attempt, upload_step

from . import selectors, services
from .models import FigureImport, Measure
from .stats import MIN_UNITS


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("生产数据文件(.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
        error_messages={"required": gettext_lazy("请选择要导入的 .xlsx 文件。")},
    )


def _period(months: list[date]) -> tuple[date, date]:
    last = months[-1]
    end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return months[0], end.fromordinal(end.toordinal() - 1)


@login_required
def figure_list(request):
    months = selectors.last_months(timezone.localdate())
    start, end = _period(months)
    units = selectors.units_with_figures(request.user)
    measures = list(Measure.objects.all())
    choices = [(c, label) for c, label in indicators.choices() if not c.startswith("production.")]
    chosen_indicator = request.GET.get("indicator") or (choices[0][0] if choices else "")
    measure = next((m for m in measures if m.code == request.GET.get("measure")), None)
    measure = measure or (measures[0] if measures else None)
    relation = None
    if measure and indicators.get(chosen_indicator):
        points, corr = selectors.relation(
            request.user, indicator=chosen_indicator, measure=measure, start=start, end=end
        )
        relation = {"points": points, "corr": corr, "min_units": MIN_UNITS}
    return render(
        request,
        "production/list.html",
        {
            "units": units,
            "measures": measures,
            "choices": choices,
            "chosen_indicator": chosen_indicator,
            "measure": measure,
            "relation": relation,
            "start": start,
            "end": end,
        },
    )


@login_required
def unit_page(request, pk: int):
    unit = selectors.unit_get(request.user, pk)
    months = selectors.last_months(timezone.localdate())
    start, end = _period(months)
    series = selectors.unit_series(unit, months)
    labels = [f"{m:%Y-%m}" for m in months]
    charts = [
        {
            "id": f"prod-chart-{row['measure'].code}",
            "measure": row["measure"],
            "option": {
                "tooltip": {"trigger": "axis"},
                "grid": {"left": 48, "right": 12, "top": 24, "bottom": 28},
                "xAxis": {"type": "category", "data": labels},
                "yAxis": {"type": "value", "name": row["measure"].unit_of_measure},
                "series": [
                    {
                        "type": "line",
                        "name": row["measure"].name,
                        "data": [None if v is None else float(v) for v in row["values"]],
                    }
                ],
            },
        }
        for row in series
        if any(v is not None for v in row["values"])
    ]
    return render(
        request,
        "production/unit.html",
        {
            "unit": unit,
            "charts": charts,
            "work": selectors.work_indicators(unit, start, end),
            "start": start,
            "end": end,
        },
    )


@login_required
def import_start(request):
    return upload_step(
        request,
        UploadForm,
        start=partial(services.import_start, actor=request.user),
        detail="production:import_detail",
        template="production/import_start.html",
        jobs=FigureImport.objects.visible_to(request.user),
    )


def _job(request, pk: int) -> FigureImport:
    """An import job: only its uploader sees it; to anyone else it does not exist."""
    return get_object_or_404(FigureImport.objects.visible_to(request.user), pk=pk)


@login_required
def import_detail(request, pk: int):
    job = _job(request, pk)
    return render(
        request,
        "production/import_detail.html",
        {"job": job, "count": len(job.figures), "row_errors": job.errors[:500]},
    )


@login_required
@require_POST
def import_confirm(request, pk: int):
    job = _job(request, pk)
    stored, refusal = attempt(request, lambda: services.import_confirm(job=job))
    if refusal:
        return redirect("production:import_detail", pk=job.pk)
    messages.success(request, _("已导入 %(n)d 条生产数据。") % {"n": stored})
    return redirect("production:list")
