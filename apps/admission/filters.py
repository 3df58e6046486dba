"""The board's filters, for the page and the API alike."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, SearchFilter, StyledFilterSet
from apps.orgs.models import OrgUnit
from apps.orgs.scope import in_subtree

from .choices import STAGE_OF, Stage


class AdmissionFilter(StyledFilterSet):
    q = SearchFilter(fields=("person__name", "person__employee_no"))
    branch = IdFilter(method="in_branch", label=_("党组织(含下级)"))
    stage = df.ChoiceFilter(
        choices=Stage.choices, method="at_stage", label=_("阶段"), empty_label=_("全部阶段")
    )

    def in_branch(self, qs, name, value):
        unit = OrgUnit.objects.filter(pk=value).first()
        return in_subtree(qs, unit, "branch") if unit else qs.none()

    def at_stage(self, qs, name, value):
        return qs.filter(status__in=[s for s, stage in STAGE_OF.items() if stage == value])
