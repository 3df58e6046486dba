"""One FilterSet for the scorecards of a period: the pages and the API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, StyledFilterSet, ordering_filter
from apps.orgs.choices import UnitKind
from apps.orgs.filters import UnitSubtreeFilter

from .choices import Grade, ObjectionStatus, PeriodStatus
from .models import CadreReview, Objection, Period, Scorecard


class ScorecardFilter(StyledFilterSet):
    period = IdFilter(field_name="period_id", label=_("考核期"))
    unit = UnitSubtreeFilter(unit_field="unit", label=_("考核对象(含下级)"))
    unit_kind = df.ChoiceFilter(
        field_name="unit__kind",
        choices=UnitKind.choices,
        label=_("考核对象类型"),
        empty_label=_("全部类型"),
    )
    grade = df.ChoiceFilter(choices=Grade.choices, label=_("等次"), empty_label=_("全部等次"))
    ordering = ordering_filter({"total": _("总分")}, nulls_last=True)

    class Meta:
        model = Scorecard
        fields = []


class PeriodFilter(StyledFilterSet):
    status = df.ChoiceFilter(
        choices=PeriodStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )
    year = df.NumberFilter(field_name="scheme__year", label=_("年度"))

    class Meta:
        model = Period
        fields = []


class ObjectionFilter(StyledFilterSet):
    period = IdFilter(field_name="scorecard__period_id", label=_("考核期"))
    status = df.ChoiceFilter(
        choices=ObjectionStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )

    class Meta:
        model = Objection
        fields = []


class CadreFilter(StyledFilterSet):
    period = IdFilter(field_name="period_id", label=_("考核期"))

    class Meta:
        model = CadreReview
        fields = []
