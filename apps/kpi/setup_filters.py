"""The FilterSets of the setup lists (the indicator library, the schemes): pages and API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import SearchFilter, StyledFilterSet
from apps.orgs.choices import UnitKind

from .choices import SchemeStatus, Source
from .models import Indicator, Scheme


class IndicatorFilter(StyledFilterSet):
    q = SearchFilter(fields=("code", "name"))
    source = df.ChoiceFilter(choices=Source.choices, label=_("来源"), empty_label=_("全部来源"))

    class Meta:
        model = Indicator
        fields = []


class SchemeFilter(StyledFilterSet):
    year = df.NumberFilter(label=_("年度"))
    unit_kind = df.ChoiceFilter(
        choices=UnitKind.choices, label=_("考核对象类型"), empty_label=_("全部类型")
    )
    status = df.ChoiceFilter(
        choices=SchemeStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )

    class Meta:
        model = Scheme
        fields = []
