"""One FilterSet per list: the pages and the API read the same query."""

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, MineFilter, StyledFilterSet
from apps.orgs.filters import UnitSubtreeFilter

from .choices import PersonState, ReportStatus, TalkKind, TalkPlace
from .models import Concern, MoodReport, Talk


def mine_q(user) -> Q:
    return Q(talker=user.pk)


class TalkFilter(StyledFilterSet):
    mine = MineFilter(mine_q=mine_q, label=_("我记录的"))
    unit = UnitSubtreeFilter(unit_field="unit", label=_("单位(含下级)"))
    person = IdFilter(field_name="person_id", label=_("谈话对象"))
    start = df.DateFilter(field_name="day", lookup_expr="gte", label=_("谈话日期起"))
    end = df.DateFilter(field_name="day", lookup_expr="lte", label=_("谈话日期止"))
    kind = df.ChoiceFilter(choices=TalkKind.choices, label=_("谈话类型"), empty_label=_("全部类型"))
    place = df.ChoiceFilter(
        choices=TalkPlace.choices, label=_("谈话地点"), empty_label=_("全部地点")
    )
    state = df.ChoiceFilter(
        choices=PersonState.choices, label=_("思想状态"), empty_label=_("全部状态")
    )
    tag = IdFilter(method="by_tag", label=_("关注问题"))

    class Meta:
        model = Talk
        fields = []

    def by_tag(self, qs, name, value):
        if value in (None, ""):
            return qs
        return qs.filter(pk__in=Concern.objects.filter(tag_id=value).values("talk_id"))


class ReportFilter(StyledFilterSet):
    unit = UnitSubtreeFilter(unit_field="unit", label=_("报送单位(含下级)"))
    year = IdFilter(field_name="year", label=_("年度"))
    quarter = df.ChoiceFilter(
        choices=[(q, _("第%(q)d季度") % {"q": q}) for q in range(1, 5)],
        label=_("季度"),
        empty_label=_("全部季度"),
    )
    status = df.ChoiceFilter(
        choices=ReportStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )
    start = df.DateFilter(method="by_start", label=_("季度起"))
    end = df.DateFilter(method="by_end", label=_("季度止"))

    class Meta:
        model = MoodReport
        fields = []

    def by_start(self, qs, name, value):
        if not value:
            return qs
        q = (value.month - 1) // 3 + 1
        return qs.filter(Q(year__gt=value.year) | Q(year=value.year, quarter__gte=q))

    def by_end(self, qs, name, value):
        if not value:
            return qs
        q = (value.month - 1) // 3 + 1
        return qs.filter(Q(year__lt=value.year) | Q(year=value.year, quarter__lte=q))
