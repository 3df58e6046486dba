import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import StyledFilterSet
from apps.orgs.filters import UnitSubtreeFilter

from .choices import Kind, Status
from .models import Warning


class WarningFilter(StyledFilterSet):
    unit = UnitSubtreeFilter(unit_field="unit", label=_("单位(含下级)"))
    status = df.ChoiceFilter(choices=Status.choices, label=_("状态"), empty_label=_("全部状态"))
    kind = df.ChoiceFilter(choices=Kind.choices, label=_("类型"), empty_label=_("全部类型"))
    start = df.DateFilter(field_name="week", lookup_expr="gte", label=_("周起"))
    end = df.DateFilter(field_name="week", lookup_expr="lte", label=_("周止"))
    q = df.CharFilter(field_name="term", lookup_expr="contains", label=_("关键词"))

    class Meta:
        model = Warning
        fields = []
