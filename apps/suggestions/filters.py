"""One FilterSet for the suggestion ledger, its Excel export, the figures and the API."""

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, SearchFilter, StyledFilterSet, ordering_filter
from apps.orgs.filters import UnitSubtreeFilter

from .choices import (
    ADOPTED_STATES,
    DECIDED_STATES,
    IMPLEMENTED_STATES,
    VERIFIED_STATES,
    Category,
    Status,
)
from .models import Campaign, Suggestion

STAGES = {
    "decided": (_("已作决定"), DECIDED_STATES),
    "adopted": (_("已采纳(含后续环节)"), ADOPTED_STATES),
    "implemented": (_("已实施(含后续环节)"), IMPLEMENTED_STATES),
    "verified": (_("效益已核定(含已奖励)"), VERIFIED_STATES),
}


class SuggestionFilter(StyledFilterSet):
    q = SearchFilter(fields=("title",))
    campaign = IdFilter(field_name="campaign_id", label=_("征集活动"))
    no_campaign = df.BooleanFilter(
        field_name="campaign", lookup_expr="isnull", label=_("不属于征集活动")
    )
    status = df.ChoiceFilter(choices=Status.choices, label=_("状态"), empty_label=_("全部状态"))
    stage = df.ChoiceFilter(
        choices=[(k, v[0]) for k, v in STAGES.items()],
        method="by_stage",
        label=_("环节"),
        empty_label=_("全部环节"),
    )
    category = df.ChoiceFilter(choices=Category.choices, label=_("类别"), empty_label=_("全部类别"))
    unit = UnitSubtreeFilter(unit_field="target_unit", label=_("涉及单位(含下级)"))
    proposer_unit = UnitSubtreeFilter(unit_field="proposer_unit", label=_("建议人部门(含下级)"))
    proposer = df.CharFilter(method="by_proposer", label=_("建议人(姓名或工号)"))
    submitted_from = df.DateFilter(
        field_name="submitted_at", lookup_expr="date__gte", label=_("提交日期从")
    )
    submitted_to = df.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label=_("提交日期至")
    )
    month = df.DateFilter(method="by_month", label=_("提交月份"))
    ordering = ordering_filter(
        {
            "submitted_at": _("提交时间"),
            "score_total": _("评审得分"),
            "verified_yuan": _("核定效益"),
            "expected_yuan": _("预计效益"),
        },
        nulls_last=True,
    )

    class Meta:
        model = Suggestion
        fields = []

    def by_stage(self, qs, name, value):
        return qs.filter(status__in=STAGES[value][1]) if value in STAGES else qs

    def by_proposer(self, qs, name, value):
        value = (value or "").strip()[:50]
        if not value:
            return qs
        return qs.filter(Q(proposer__employee_no=value) | Q(proposer__name__contains=value))

    def by_month(self, qs, name, value):
        """The calendar month (local time) of the given date: the figures' month links."""
        if not value:
            return qs
        return qs.filter(submitted_at__year=value.year, submitted_at__month=value.month)


class CampaignFilter(StyledFilterSet):
    q = df.CharFilter(field_name="title", lookup_expr="contains", label=_("活动名称"))
    organiser = UnitSubtreeFilter(unit_field="organiser", label=_("主办单位(含下级)"))

    class Meta:
        model = Campaign
        fields = []
