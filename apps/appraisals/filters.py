"""The FilterSets of the appraisal list and the committee list: the pages and the API."""

from datetime import timedelta

import django_filters as df
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import StateFilter, StyledFilterSet
from apps.orgs.filters import UnitSubtreeFilter

from .choices import AppraisalStatus, CommitteeStatus
from .models import Appraisal, Committee


class AppraisalFilter(StyledFilterSet):
    year = df.NumberFilter(field_name="year", label=_("评议年度"))
    status = df.ChoiceFilter(
        choices=AppraisalStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )
    unit = UnitSubtreeFilter(unit_field="branch", label=_("党组织(含下级)"))

    class Meta:
        model = Appraisal
        fields = []


def term_q(state: str, *, now=None) -> Q:
    """A committee whose term is past its end, or ends within half a year."""
    today = timezone.localdate(now)
    if state == "overdue":
        return Q(status=CommitteeStatus.CURRENT, ends_on__lt=today)
    if state == "due":
        return Q(
            status=CommitteeStatus.CURRENT,
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=183),
        )
    return Q()


class CommitteeFilter(StyledFilterSet):
    status = df.ChoiceFilter(
        choices=CommitteeStatus.choices, label=_("状态"), empty_label=_("全部")
    )
    state = StateFilter(
        choices=[("due", _("半年内届满")), ("overdue", _("已逾期未换届"))],
        state_q=term_q,
        label=_("任期"),
        empty_label=_("全部任期"),
    )
    unit = UnitSubtreeFilter(unit_field="unit", label=_("党组织(含下级)"))

    class Meta:
        model = Committee
        fields = []
