"""One FilterSet per list, shared by the page and the API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import SearchFilter, StyledFilterSet

from .choices import Disposition, ReportStatus, RiskLevel, TalkKind
from .models import KeyPost, PostCategory, Report, RiskPoint, Talk


class ReportFilter(StyledFilterSet):
    q = SearchFilter(fields=("ref",))
    status = df.ChoiceFilter(choices=ReportStatus.choices, empty_label=_("全部状态"))
    disposition = df.ChoiceFilter(choices=Disposition.choices, empty_label=_("全部处置方式"))

    class Meta:
        model = Report
        fields = ["q", "status", "disposition"]


class KeyPostFilter(StyledFilterSet):
    q = SearchFilter(fields=("name", "unit__name", "category__name"))

    class Meta:
        model = KeyPost
        fields = ["q", "category"]


class RiskFilter(StyledFilterSet):
    q = SearchFilter(fields=("title", "post__name", "owner__name"))
    level = df.ChoiceFilter(choices=RiskLevel.choices, empty_label=_("全部等级"))
    category = df.ModelChoiceFilter(
        field_name="post__category",
        queryset=PostCategory.objects.all(),
        empty_label=_("全部类别"),
        label=_("类别"),
    )
    due = df.BooleanFilter(method="filter_due", label=_("已过复核日期"))

    class Meta:
        model = RiskPoint
        fields = ["q", "level", "category", "due"]

    def filter_due(self, qs, name, value):
        from django.utils import timezone

        if value is None:
            return qs
        today = timezone.localdate()
        return (
            qs.filter(next_review_on__lt=today) if value else qs.filter(next_review_on__gte=today)
        )


class TalkFilter(StyledFilterSet):
    q = SearchFilter(fields=("person__name", "person__employee_no", "talkers"))
    kind = df.ChoiceFilter(choices=TalkKind.choices, empty_label=_("全部类别"))

    class Meta:
        model = Talk
        fields = ["q", "kind"]
