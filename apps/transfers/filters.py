"""The FilterSets of the transfer ledger and the 流动党员 list: the pages and the API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import DayFilter, SearchFilter, StyledFilterSet, ordering_filter
from apps.orgs.filters import UnitSubtreeFilter

from .choices import FlowDirection, FlowStatus, TransferKind, TransferStatus
from .models import FlowingMember, Transfer


class TransferFilter(StyledFilterSet):
    q = SearchFilter(fields=("person__name", "outside_org"), prefix="JS")
    status = df.MultipleChoiceFilter(choices=TransferStatus.choices, label=_("状态"))
    kind = df.ChoiceFilter(
        choices=TransferKind.choices, label=_("转接类型"), empty_label=_("全部类型")
    )
    from_branch = UnitSubtreeFilter(unit_field="from_branch", label=_("转出支部"))
    to_branch = UnitSubtreeFilter(unit_field="to_branch", label=_("转入支部"))
    start = DayFilter(field_name="issued_at", label=_("办理日期起"))
    end = DayFilter(field_name="issued_at", until=True, label=_("办理日期止"))
    ordering = ordering_filter({"issued_at": _("办理时间"), "due_at": _("回执期限")})

    class Meta:
        model = Transfer
        fields = []


class FlowingFilter(StyledFilterSet):
    q = SearchFilter(fields=("name", "place", "certificate_no"))
    direction = df.ChoiceFilter(
        choices=FlowDirection.choices, label=_("方向"), empty_label=_("流入和流出")
    )
    status = df.ChoiceFilter(choices=FlowStatus.choices, label=_("状态"), empty_label=_("全部"))
    branch = UnitSubtreeFilter(unit_field="branch", label=_("管理支部"))
    ordering = ordering_filter({"start_on": _("开始日期")})

    class Meta:
        model = FlowingMember
        fields = []
