"""One FilterSet for the delivery log: the page and the API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, SearchFilter, StyledFilterSet

from .choices import ChannelCode, DeliveryStatus
from .models import Delivery


class DeliveryFilter(StyledFilterSet):
    q = SearchFilter(fields=("notification__title", "recipient"))
    channel = df.ChoiceFilter(
        choices=ChannelCode.choices, label=_("渠道"), empty_label=_("全部渠道")
    )
    status = df.ChoiceFilter(
        choices=DeliveryStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )
    notification = IdFilter(field_name="notification_id", label=_("通知"))

    class Meta:
        model = Delivery
        fields = ["q", "channel", "status", "notification"]
