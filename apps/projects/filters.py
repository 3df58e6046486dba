"""One FilterSet for the project portfolio: the page, the Excel export, the chart and the API."""

from datetime import date

import django_filters as df
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, SearchFilter, StyledFilterSet, ordering_filter
from apps.orgs.filters import UnitSubtreeFilter

from .choices import RUNNING_STATUSES, ProjectStatus
from .models import Milestone, Project


def overdue_q(today: date | None = None) -> Q:
    """Under way with at least one open milestone past its deadline."""
    today = today or timezone.localdate()
    return Q(
        status__in=RUNNING_STATUSES,
        pk__in=Milestone.objects.overdue(today).values("project_id"),
    )


class ProjectFilter(StyledFilterSet):
    q = SearchFilter(fields=("name", "team_name"), prefix="XM")
    status = df.MultipleChoiceFilter(choices=ProjectStatus.choices, label=_("状态"))
    type = IdFilter(field_name="type_id", label=_("项目类型"))
    lead_unit = UnitSubtreeFilter(unit_field="lead_unit", label=_("牵头单位(含下级)"))
    year = df.NumberFilter(method="by_year", label=_("年度"), min_value=2000, max_value=2100)
    overdue = df.BooleanFilter(method="by_overdue", label=_("有逾期里程碑"))
    ordering = ordering_filter(
        {
            "start_date": _("开始日期"),
            "end_date": _("完成时限"),
            "progress": _("进度"),
            "status": _("状态"),
            "name": _("项目名称"),
        }
    )

    class Meta:
        model = Project
        fields = []

    def by_year(self, qs, name, value):
        """Projects running at some time in the year."""
        if not value:
            return qs
        year = int(value)
        return qs.filter(start_date__lte=date(year, 12, 31), end_date__gte=date(year, 1, 1))

    def by_overdue(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(overdue_q()) if value else qs.exclude(overdue_q())
