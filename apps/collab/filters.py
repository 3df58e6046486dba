"""One FilterSet per list (sessions, action items): the page, the Excel export and the API."""

from datetime import datetime

import django_filters as df
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, MineFilter, SearchFilter, StateFilter, StyledFilterSet
from apps.orgs.filters import UnitSubtreeFilter

from .choices import OPEN_STATUSES, ActionStatus, SessionStatus
from .models import ActionItem, JointSession

STATE_CHOICES = [
    ("open", _("未办结")),
    ("overdue", _("已逾期")),
    ("pending", _("在办未逾期")),
    ("requested", _("待审核办结")),
    ("closed", _("已办结")),
    ("on_time", _("按期办结")),
    ("late", _("逾期办结")),
]


def state_q(state: str, *, now=None) -> Q:
    now = now or timezone.now()
    if state == "open":
        return Q(status__in=OPEN_STATUSES)
    if state == "overdue":
        return Q(status__in=OPEN_STATUSES, due_at__lt=now)
    if state == "pending":
        return Q(status__in=OPEN_STATUSES, due_at__gte=now)
    if state == "requested":
        return Q(status=ActionStatus.REQUESTED)
    if state == "closed":
        return Q(status=ActionStatus.CLOSED)
    if state == "on_time":
        return Q(status=ActionStatus.CLOSED, closed_at__lte=F("due_at"))
    if state == "late":
        return Q(status=ActionStatus.CLOSED, closed_at__gt=F("due_at"))
    return Q()


class SessionFilter(StyledFilterSet):
    meeting = IdFilter(field_name="meeting_id", label=_("联席会议"))
    year = df.NumberFilter(method="by_year", label=_("年度"))
    status = df.ChoiceFilter(
        choices=SessionStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )

    class Meta:
        model = JointSession
        fields = []

    def by_year(self, qs, name, value):
        if not value or not 2000 <= value <= 2100:
            return qs
        start = timezone.make_aware(datetime(int(value), 1, 1))
        end = timezone.make_aware(datetime(int(value) + 1, 1, 1))
        return qs.filter(held_at__gte=start, held_at__lt=end)


class ActionFilter(StyledFilterSet):
    q = SearchFilter(fields=("title",), prefix="DB")
    state = StateFilter(
        choices=STATE_CHOICES, state_q=state_q, label=_("进度"), empty_label=_("全部进度")
    )
    meeting = IdFilter(field_name="meeting_id", label=_("联席会议"))
    session = IdFilter(field_name="session_id", label=_("会次"))
    owner_unit = UnitSubtreeFilter(unit_field="owner_unit", label=_("责任单位(含下级)"))
    mine = MineFilter(
        mine_q=lambda user: Q(owner_person_id=user.person_id), label=_("只看我负责的")
    )

    class Meta:
        model = ActionItem
        fields = []
