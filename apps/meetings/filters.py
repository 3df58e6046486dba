"""One FilterSet for the meeting list: the page and the API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import DayFilter, StyledFilterSet
from apps.orgs.filters import UnitSubtreeFilter

from .choices import MeetingStatus
from .models import Meeting, MeetingKind


class MeetingFilter(StyledFilterSet):
    q = df.CharFilter(field_name="topic", lookup_expr="contains", label=_("主题"))
    kind = df.ModelChoiceFilter(
        queryset=MeetingKind.objects.all(), label=_("会议类型"), empty_label=_("全部类型")
    )
    status = df.ChoiceFilter(
        choices=MeetingStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )
    unit = UnitSubtreeFilter(unit_field="unit", label=_("组织(含下级)"))
    start = DayFilter(field_name="starts_at", label=_("开始日期起"))
    end = DayFilter(field_name="starts_at", until=True, label=_("开始日期止"))

    class Meta:
        model = Meeting
        fields = []
