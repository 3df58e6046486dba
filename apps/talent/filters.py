"""The FilterSets of 人才队伍's lists: the pages, the exports and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, SearchFilter, StyledFilterSet, ordering_filter
from apps.orgs.filters import UnitSubtreeFilter
from apps.orgs.models import Person

from .choices import BrandKind, ContestLevel, HonourKind, MentorshipResult, PoolSource
from .models import Brand, Contest, Honour, Mentorship, TalentEntry
from .services import YEAR_MIN


class YearField(forms.IntegerField):
    """A year from 2000 to next year, in a filter or a form; another is a Chinese form error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", timezone.localdate().year + 1)
        super().__init__(**kwargs)
        self.error_messages.update(
            invalid=_("请输入有效的年度。"),
            min_value=_("年度不能早于 %(limit_value)s 年。"),
            max_value=_("年度不能晚于 %(limit_value)s 年。"),
        )


class YearFilter(df.NumberFilter):
    field_class = YearField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("年度"))
        super().__init__(*args, **kwargs)


class EntryFilter(StyledFilterSet):
    q = SearchFilter(fields=("person__name", "person__employee_no", "source_text"))
    level = IdFilter(field_name="level_id", label=_("人才等级"))
    source = df.ChoiceFilter(
        choices=PoolSource.choices, label=_("入库来源"), empty_label=_("全部来源")
    )
    unit = UnitSubtreeFilter(unit_field="unit", label=_("单位(含下级)"))
    valid = df.BooleanFilter(method="valid_today", label=_("仅当前有效"))
    ordering = ordering_filter({"valid_from": _("有效期起"), "valid_to": _("有效期止")})

    class Meta:
        model = TalentEntry
        fields = []

    def valid_today(self, qs, name, value):
        if not value:
            return qs
        today = timezone.localdate()
        return qs.filter(valid_from__lte=today).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )


class PriorityFilter(StyledFilterSet):
    """The people of a 职务晋升 / 薪酬等级评定 / 技术职务聘任 list."""

    q = SearchFilter(fields=("name", "employee_no"))
    department = UnitSubtreeFilter(unit_field="department", label=_("部门(含下级)"))

    class Meta:
        model = Person
        fields = []


class MentorshipFilter(StyledFilterSet):
    q = SearchFilter(fields=("master__name", "apprentice__name", "trade"))
    unit = UnitSubtreeFilter(unit_field="unit", label=_("单位(含下级)"))
    result = df.ChoiceFilter(
        choices=MentorshipResult.choices, label=_("结果"), empty_label=_("全部结果")
    )

    class Meta:
        model = Mentorship
        fields = []


class ContestFilter(StyledFilterSet):
    q = SearchFilter(fields=("title",))
    level = df.ChoiceFilter(
        choices=ContestLevel.choices, label=_("级别"), empty_label=_("全部级别")
    )
    year = YearFilter()
    ordering = ordering_filter({"start_on": _("开始日期")})

    class Meta:
        model = Contest
        fields = []


class BrandFilter(StyledFilterSet):
    q = SearchFilter(fields=("name", "responsibility"))
    kind = df.ChoiceFilter(choices=BrandKind.choices, label=_("类别"), empty_label=_("全部类别"))
    unit = UnitSubtreeFilter(unit_field="unit", label=_("单位(含下级)"))

    class Meta:
        model = Brand
        fields = []


class HonourFilter(StyledFilterSet):
    q = SearchFilter(fields=("title", "person__name", "unit__name"))
    kind = df.ChoiceFilter(
        choices=HonourKind.choices, label=_("荣誉类别"), empty_label=_("全部类别")
    )
    year = YearFilter()
    unit = UnitSubtreeFilter(unit_field="unit", label=_("单位(含下级)"))

    class Meta:
        model = Honour
        fields = []
