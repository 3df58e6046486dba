"""One FilterSet for the 督办 page and its API."""

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import MineFilter, StateFilter, StyledFilterSet
from apps.orgs.filters import UnitSubtreeFilter

from .models import SupervisedItem
from .rules import led_unit_ids
from .selectors import state_q

KINDS = {
    "appeal": _("急难愁盼诉求"),
    "suggestion": _("合理化建议落实"),
    "hazard": _("隐患整改"),
    "standard_review": _("支部标准化自查"),
    "action_item": _("联席会议督办事项"),
    "milestone": _("项目里程碑"),
    "talk_concern": _("谈心谈话问题跟进"),
    "alerts": _("苗头预警跟进"),
    "admission": _("发展党员"),
}


def mine_q(user) -> Q:
    """Items I owe: named to me, or owned by a unit I head or lead."""
    mine = Q(owner_unit_id__in=led_unit_ids(user))
    if user.person_id is not None:
        mine |= Q(owner_person_id=user.person_id) | Q(owner_unit__head_id=user.person_id)
    return mine


STATE_CHOICES = [
    ("open", _("在办")),
    ("due_soon", _("即将到期")),
    ("overdue", _("已逾期")),
    ("closed", _("已办结")),
]


class ItemFilter(StyledFilterSet):
    q = df.CharFilter(field_name="title", lookup_expr="contains", label=_("事项"))
    state = StateFilter(
        choices=STATE_CHOICES, state_q=state_q, label=_("状态"), empty_label=_("全部状态")
    )
    kind = df.ChoiceFilter(choices=list(KINDS.items()), label=_("类别"), empty_label=_("全部类别"))
    unit = UnitSubtreeFilter(unit_field="owner_unit", label=_("责任单位(含下级)"))
    mine = MineFilter(mine_q=mine_q, label=_("只看我负责的"))

    class Meta:
        model = SupervisedItem
        fields = []
