"""One FilterSet for the selections list: the page and the API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import SearchFilter, StyledFilterSet
from apps.orgs.filters import UnitSubtreeFilter

from .choices import SelectionStatus
from .models import Selection


class SelectionFilter(StyledFilterSet):
    q = SearchFilter(fields=("title", "team__name"))
    status = df.ChoiceFilter(
        choices=SelectionStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )
    unit = UnitSubtreeFilter(unit_field="team", label=_("单位(含下级)"))

    class Meta:
        model = Selection
        fields = ["q", "status", "unit"]
