"""One FilterSet for the hazard ledger: the page, the Excel export and the API."""

import django_filters as df
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import (
    DayFilter,
    IdFilter,
    SearchFilter,
    StateFilter,
    StyledFilterSet,
    day_start,  # noqa: F401  (the hazards' selectors bound their periods with it)
    ordering_filter,
)
from apps.orgs.filters import UnitSubtreeFilter

from .choices import FOUND_STATUSES, OPEN_STATUSES, HazardLevel, HazardStatus
from .models import Hazard

STATE_CHOICES = [
    ("open", _("未闭环")),
    ("overdue", _("已逾期")),
    ("found", _("已发现(不含不属实)")),
    ("on_time", _("按期整改")),
    ("late", _("逾期整改")),
]


def state_q(state: str, *, now=None) -> Q:
    now = now or timezone.now()
    if state == "open":
        return Q(status__in=OPEN_STATUSES)
    if state == "overdue":
        return Q(status__in=(HazardStatus.RECTIFYING, HazardStatus.SUBMITTED), due_at__lt=now)
    if state == "found":
        return Q(status__in=FOUND_STATUSES)
    if state == "on_time":
        return Q(status=HazardStatus.RECTIFIED, rectified_at__lte=F("due_at"))
    if state == "late":
        return Q(status=HazardStatus.RECTIFIED, rectified_at__gt=F("due_at"))
    return Q()


class HazardFilter(StyledFilterSet):
    q = SearchFilter(fields=("place", "description"), prefix="YH")
    status = df.MultipleChoiceFilter(choices=HazardStatus.choices, label=_("状态"))
    state = StateFilter(
        choices=STATE_CHOICES, state_q=state_q, label=_("进度"), empty_label=_("全部进度")
    )
    level = df.ChoiceFilter(
        choices=HazardLevel.choices, label=_("隐患等级"), empty_label=_("全部等级")
    )
    unit = UnitSubtreeFilter(unit_field="unit", label=_("所属单位(含下级)"))
    owner_unit = UnitSubtreeFilter(unit_field="owner_unit", label=_("责任单位(含下级)"))
    inspection = IdFilter(field_name="inspection_id", label=_("检查活动"))
    start = DayFilter(field_name="reported_at", label=_("上报日期起"))
    end = DayFilter(field_name="reported_at", until=True, label=_("上报日期止"))
    rectified_start = DayFilter(field_name="rectified_at", label=_("验收日期起"))
    rectified_end = DayFilter(field_name="rectified_at", until=True, label=_("验收日期止"))
    ordering = ordering_filter(
        {
            "reported_at": _("上报时间"),
            "due_at": _("整改期限"),
            "level": _("等级"),
            "status": _("状态"),
            "rectified_at": _("验收时间"),
        }
    )

    class Meta:
        model = Hazard
        fields = []
