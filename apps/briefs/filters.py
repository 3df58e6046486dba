"""One FilterSet for the brief archive: the page and the API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import StyledFilterSet
from apps.orgs.filters import UnitSubtreeFilter

from .models import Brief, BriefStatus


class BriefFilter(StyledFilterSet):
    unit = UnitSubtreeFilter(unit_field="unit", label=_("单位(含下级)"))
    year = df.NumberFilter(field_name="month__year", label=_("年度"))
    status = df.ChoiceFilter(
        choices=BriefStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )

    class Meta:
        model = Brief
        fields = []
