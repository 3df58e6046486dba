"""One FilterSet for the review list: the page and the API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, StyledFilterSet, ordering_filter
from apps.orgs.filters import UnitSubtreeFilter

from .choices import ReviewStatus
from .models import BranchReview
from .selectors import PASSED_Q

RESULT_CHOICES = [("passed", _("达标")), ("failed", _("未达标"))]


class ReviewFilter(StyledFilterSet):
    q = df.CharFilter(field_name="branch__name", lookup_expr="contains", label=_("支部名称"))
    year = df.NumberFilter(field_name="round__checklist__year", label=_("年度"))
    round = IdFilter(field_name="round_id", label=_("轮次"))
    status = df.MultipleChoiceFilter(choices=ReviewStatus.choices, label=_("状态"))
    result = df.ChoiceFilter(
        choices=RESULT_CHOICES, method="by_result", label=_("结果"), empty_label=_("全部结果")
    )
    unit = UnitSubtreeFilter(unit_field="branch", label=_("党组织(含下级)"))
    ordering = ordering_filter(
        {"score": _("评定得分"), "branch__path": _("支部"), "submitted_at": _("提交时间")},
        names={"branch__path": "branch"},
    )

    class Meta:
        model = BranchReview
        fields = []

    def by_result(self, qs, name, value):
        if value == "passed":
            return qs.filter(PASSED_Q)
        if value == "failed":
            return qs.exclude(PASSED_Q)
        return qs
