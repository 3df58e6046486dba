"""The FilterSets of the 党费 lists (arrears, payments, reductions, remittances): the pages and
the API read the same ones."""

import django_filters as df
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.filters import SearchFilter, StyledFilterSet
from apps.orgs.filters import UnitSubtreeFilter

from .choices import PayMethod, ReliefKind, ReliefStatus, RemittanceStatus
from .models import DuesBase, DuesPayment, DuesRelief, DuesRemittance


class ArrearsFilter(StyledFilterSet):
    q = SearchFilter(fields=("person__name", "person__employee_no"))
    branch = UnitSubtreeFilter(unit_field="branch", label=_("支部"))

    class Meta:
        model = DuesBase
        fields = []


class PaymentFilter(StyledFilterSet):
    q = SearchFilter(fields=("person__name", "person__employee_no"))
    branch = UnitSubtreeFilter(unit_field="branch", label=_("支部"))
    year = df.NumberFilter(field_name="year", label=_("年度"), min_value=2000, max_value=2100)
    month = df.NumberFilter(field_name="month", label=_("月份"), min_value=1, max_value=12)
    method = df.ChoiceFilter(choices=PayMethod.choices, label=_("交纳方式"))

    class Meta:
        model = DuesPayment
        fields = []


class ReliefFilter(StyledFilterSet):
    q = SearchFilter(fields=("person__name", "reason"))
    status = df.ChoiceFilter(
        choices=ReliefStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )
    kind = df.ChoiceFilter(choices=ReliefKind.choices, label=_("类型"), empty_label=_("全部类型"))
    year = df.NumberFilter(
        field_name="year",
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": _("年度")}),
    )
    branch = UnitSubtreeFilter(unit_field="branch", label=_("支部"))

    class Meta:
        model = DuesRelief
        fields = []


class RemittanceFilter(StyledFilterSet):
    status = df.ChoiceFilter(
        choices=RemittanceStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )
    branch = UnitSubtreeFilter(unit_field="branch", label=_("支部"))

    class Meta:
        model = DuesRemittance
        fields = []
