"""One FilterSet for the hazard ledger: the page, the Excel export and the API."""

from datetime import datetime, time, timedelta

import django_filters as df
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, StyledFilterSet
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


def day_start(day) -> datetime:
    """Midnight at the start of a local date, as an aware datetime (an index-friendly bound)."""
    return timezone.make_aware(datetime.combine(day, time.min))


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
    q = df.CharFilter(method="search", label=_("搜索"))
    status = df.MultipleChoiceFilter(choices=HazardStatus.choices, label=_("状态"))
    state = df.ChoiceFilter(
        choices=STATE_CHOICES, method="by_state", label=_("进度"), empty_label=_("全部进度")
    )
    level = df.ChoiceFilter(
        choices=HazardLevel.choices, label=_("隐患等级"), empty_label=_("全部等级")
    )
    unit = UnitSubtreeFilter(unit_field="unit", label=_("所属单位(含下级)"))
    owner_unit = UnitSubtreeFilter(unit_field="owner_unit", label=_("责任单位(含下级)"))
    inspection = IdFilter(field_name="inspection_id", label=_("检查活动"))
    start = df.DateFilter(method="reported_from", label=_("上报日期起"))
    end = df.DateFilter(method="reported_to", label=_("上报日期止"))
    rectified_start = df.DateFilter(method="rectified_from", label=_("验收日期起"))
    rectified_end = df.DateFilter(method="rectified_to", label=_("验收日期止"))
    ordering = df.OrderingFilter(
        fields=(
            ("reported_at", "reported_at"),
            ("due_at", "due_at"),
            ("level", "level"),
            ("status", "status"),
            ("rectified_at", "rectified_at"),
        ),
        field_labels={
            "reported_at": _("上报时间"),
            "due_at": _("整改期限"),
            "level": _("等级"),
            "status": _("状态"),
            "rectified_at": _("验收时间"),
        },
        label=_("排序"),
    )

    class Meta:
        model = Hazard
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        cond = Q(place__contains=value) | Q(description__contains=value)
        number = value.upper().removeprefix("YH")
        if number.isdigit():
            cond |= Q(pk=int(number))
        return qs.filter(cond)

    def by_state(self, qs, name, value):
        return qs.filter(state_q(value)) if value else qs

    def reported_from(self, qs, name, value):
        return qs.filter(reported_at__gte=day_start(value)) if value else qs

    def reported_to(self, qs, name, value):
        return qs.filter(reported_at__lt=day_start(value + timedelta(days=1))) if value else qs

    def rectified_from(self, qs, name, value):
        return qs.filter(rectified_at__gte=day_start(value)) if value else qs

    def rectified_to(self, qs, name, value):
        return qs.filter(rectified_at__lt=day_start(value + timedelta(days=1))) if value else qs
