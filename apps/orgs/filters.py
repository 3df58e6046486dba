"""One FilterSet per list, serving the page, the Excel export and the API alike."""

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core import search as fulltext
from apps.core.filters import IdFilter, StyledFilterSet, ordering_filter
from apps.core.scope import subtree_q

from .choices import EmploymentStatus, MemberKind, PoliticalStatus, SkillLevel, UnitKind
from .models import OrgUnit, Person


class UnitSubtreeFilter(IdFilter):
    """Rows whose unit field lies in the subtree of the given unit."""

    def __init__(self, *args, unit_field: str, **kwargs):
        self.unit_field = unit_field
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        unit = OrgUnit.objects.filter(pk=value).only("path").first()
        if unit is None:
            return qs.none()
        units = OrgUnit.objects.filter(subtree_q(unit.path)).values("pk")
        return qs.filter(**{f"{self.unit_field}__in": units})


class PersonFilter(StyledFilterSet):
    q = df.CharFilter(method="search", label=_("搜索"))
    department = UnitSubtreeFilter(unit_field="department", label=_("部门(含下级)"))
    team = IdFilter(field_name="team_id", label=_("班组"))
    branch = UnitSubtreeFilter(unit_field="party_membership__branch", label=_("党组织(含下级)"))
    political_status = df.ChoiceFilter(
        choices=PoliticalStatus.choices, label=_("政治面貌"), empty_label=_("全部政治面貌")
    )
    member_kind = df.ChoiceFilter(
        field_name="party_membership__kind",
        choices=MemberKind.choices,
        label=_("党员类别"),
        empty_label=_("全部党员类别"),
    )
    skill_level = df.ChoiceFilter(
        choices=SkillLevel.choices[1:], label=_("技能等级"), empty_label=_("全部技能等级")
    )
    status = df.ChoiceFilter(
        choices=EmploymentStatus.choices, label=_("在职状态"), empty_label=_("全部在职状态")
    )
    ordering = ordering_filter(
        {
            "employee_no": _("工号"),
            "name": _("姓名"),
            "hired_on": _("入职日期"),
            "birth_date": _("出生日期"),
        }
    )

    class Meta:
        model = Person
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return fulltext.apply(qs, value, fallback=_person_contains)


def _person_contains(qs, value):
    """The search before the index holds any person: name, 工号 prefix, pinyin initials."""
    cond = Q(name__contains=value) | Q(employee_no__startswith=value)
    if value.isascii() and value.isalpha():
        cond |= Q(name_initials__startswith=value.lower())
    return qs.filter(cond)


class UnitFilter(StyledFilterSet):
    q = df.CharFilter(field_name="name", lookup_expr="contains", label=_("名称"))
    kind = df.ChoiceFilter(choices=UnitKind.choices, label=_("类型"))
    within = UnitSubtreeFilter(unit_field="pk", label=_("上级组织(含下级)"))
    dissolved = df.BooleanFilter(
        field_name="dissolved_at", lookup_expr="isnull", exclude=True, label=_("已撤销")
    )

    class Meta:
        model = OrgUnit
        fields = []
