"""The FilterSets of the hardship files and the aid ledger: the pages and the API."""

import django_filters as df
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, SearchFilter, StyledFilterSet, ordering_filter
from apps.orgs.filters import UnitSubtreeFilter

from .choices import AidKind, AidStatus, FileStatus, HardshipCategory, HardshipLevel
from .models import Aid, HardshipFile


class FileFilter(StyledFilterSet):
    q = SearchFilter(fields=("person__name", "person__employee_no"))
    status = df.ChoiceFilter(choices=FileStatus.choices, label=_("状态"), empty_label=_("全部状态"))
    category = df.ChoiceFilter(
        choices=HardshipCategory.choices, label=_("困难类别"), empty_label=_("全部类别")
    )
    level = df.ChoiceFilter(
        choices=HardshipLevel.choices, label=_("困难程度"), empty_label=_("全部程度")
    )
    unit = UnitSubtreeFilter(unit_field="unit", label=_("单位(含下级)"))
    review_before = df.DateFilter(
        field_name="review_due",
        lookup_expr="lte",
        label=_("复核日期止"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ordering = ordering_filter({"opened_on": _("建档日期"), "review_due": _("复核日期")})

    class Meta:
        model = HardshipFile
        fields = []


class AidFilter(StyledFilterSet):
    q = SearchFilter(fields=("person__name", "person__employee_no", "approval_no"))
    kind = df.ChoiceFilter(choices=AidKind.choices, label=_("帮扶类型"), empty_label=_("全部类型"))
    status = df.ChoiceFilter(choices=AidStatus.choices, label=_("状态"), empty_label=_("全部状态"))
    year = df.NumberFilter(field_name="year", label=_("年度"), min_value=2000, max_value=2100)
    unit = UnitSubtreeFilter(unit_field="unit", label=_("单位(含下级)"))
    campaign = IdFilter(field_name="campaign_id", label=_("送温暖活动"))
    start = df.DateFilter(field_name="day", lookup_expr="gte", label=_("发放日期起"))
    end = df.DateFilter(field_name="day", lookup_expr="lte", label=_("发放日期止"))
    ordering = ordering_filter({"day": _("发放日期"), "amount": _("金额")})

    class Meta:
        model = Aid
        fields = []
