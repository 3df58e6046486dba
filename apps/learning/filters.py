"""One FilterSet per list, for the page and the API alike."""

import django_filters as df
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import SearchFilter, StateFilter, StyledFilterSet

from .choices import Difficulty, QuestionKind, QuizKind, Theme
from .models import Course, Question, Quiz

QUIZ_STATES = [("open", _("进行中")), ("upcoming", _("未开始")), ("closed", _("已结束"))]


def quiz_state_q(state: str) -> Q:
    now = timezone.now()
    if state == "open":
        return Q(opens_at__lte=now, closes_at__gt=now)
    if state == "upcoming":
        return Q(opens_at__gt=now)
    if state == "closed":
        return Q(closes_at__lte=now)
    return Q()


class CourseFilter(StyledFilterSet):
    q = SearchFilter(fields=("title",))
    theme = df.ChoiceFilter(choices=Theme.choices, label=_("主题"), empty_label=_("全部主题"))

    class Meta:
        model = Course
        fields = []


class QuestionFilter(StyledFilterSet):
    q = SearchFilter(fields=("stem",))
    kind = df.ChoiceFilter(choices=QuestionKind.choices, label=_("题型"), empty_label=_("全部题型"))
    difficulty = df.ChoiceFilter(
        choices=Difficulty.choices, label=_("难度"), empty_label=_("全部难度")
    )
    tag = df.CharFilter(method="by_tag", label=_("标签"))

    class Meta:
        model = Question
        fields = []

    def by_tag(self, qs, name, value):
        value = value.strip()
        return qs.filter(tags__contains=f",{value},") if value else qs


class QuizFilter(StyledFilterSet):
    kind = df.ChoiceFilter(choices=QuizKind.choices, label=_("类型"), empty_label=_("全部类型"))
    state = StateFilter(
        choices=QUIZ_STATES, state_q=quiz_state_q, label=_("状态"), empty_label=_("全部状态")
    )

    class Meta:
        model = Quiz
        fields = []
