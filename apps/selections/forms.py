import re

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import (
    ConfirmForm,  # noqa: F401  (the steps with nothing to type)
    DayField,
    StyledForm,
    StyledModelForm,
    TextareaField,
    UnitTreeChoiceField,
)
from apps.learning.selectors import quizzes_managed
from apps.orgs.choices import UnitKind
from apps.orgs.models import Person
from apps.orgs.scope import units_reached

from .choices import Grade, TermOutcome
from .models import Selection


class SelectionForm(StyledModelForm):
    """The notice: the post, places, conditions, weights, timetable, audience, judges."""

    team = UnitTreeChoiceField(queryset=None, label=_("竞聘班组"))
    audience = UnitTreeChoiceField(queryset=None, label=_("发布范围"))
    apply_from = DayField(label=_("报名开始"))
    apply_until = DayField(label=_("报名截止"))
    judge_numbers = forms.CharField(
        label=_("评委工号"),
        required=False,
        help_text=_("以空格或逗号分隔;五名及以上评委时去掉一个最高分和一个最低分。"),
    )

    class Meta:
        model = Selection
        fields = [
            "title",
            "team",
            "places",
            "description",
            "min_age",
            "max_age",
            "min_service_years",
            "min_skill",
            "weight_written",
            "weight_interview",
            "weight_vote",
            "pool_bonus",
            "quiz",
            "apply_from",
            "apply_until",
            "publicity_days",
            "term_years",
            "audience",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["team"].queryset = units_reached(user, [UnitKind.TEAM]).order_by("path")
        self.fields["audience"].queryset = units_reached(
            user, [UnitKind.COMPANY, UnitKind.DEPARTMENT, UnitKind.TEAM]
        ).order_by("path")
        self.fields["quiz"].queryset = quizzes_managed(user=user)
        self.fields["quiz"].required = False

    def clean_judge_numbers(self):
        numbers = [n for n in re.split(r"[\s,,、]+", self.cleaned_data["judge_numbers"]) if n]
        found = list(Person.objects.visible_to(self.user).filter(employee_no__in=numbers))
        unknown = sorted(set(numbers) - {p.employee_no for p in found})
        if unknown:
            raise forms.ValidationError(
                _("找不到这些工号的职工,或不在您的管理范围内:%(nos)s") % {"nos": "、".join(unknown)}
            )
        return found


class ApplyForm(StyledForm):
    statement = TextareaField(
        label=_("竞聘陈述"),
        rows=6,
        max_length=3000,
        placeholder=_("写明您的工作经历、业绩和任职设想。"),
    )
    request_exception = forms.BooleanField(label=_("申请破格"), required=False)
    exception_request = TextareaField(
        label=_("破格理由"),
        rows=3,
        max_length=1000,
        required=False,
        placeholder=_("不符合某项条件时填写,例如突出业绩、获奖情况。"),
    )


class ExceptionForm(StyledForm):
    admit = forms.TypedChoiceField(
        label=_("审查结论"),
        choices=[("1", _("准予破格")), ("0", _("不予破格"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = TextareaField(label=_("审查意见"), max_length=1000)


class ScoreForm(StyledForm):
    score = forms.DecimalField(
        label=_("评分(0–100)"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
    )


class VoteForm(StyledForm):
    """One grade for each candidate (radio buttons, easy on a phone)."""

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        for a in candidates:
            self.fields[f"c{a.pk}"] = forms.ChoiceField(
                label=a.person.name, choices=Grade.choices, widget=forms.RadioSelect
            )
        self.style_fields()

    def grades(self) -> dict:
        return {int(k[1:]): v for k, v in self.cleaned_data.items() if k.startswith("c")}


class NoteForm(StyledForm):
    note = TextareaField(label=_("考察意见"), max_length=2000, rows=4)


class ObjectionForm(StyledForm):
    text = TextareaField(label=_("异议内容"), max_length=2000, rows=5)
    anonymous = forms.BooleanField(label=_("匿名提出"), required=False)


class AnswerForm(StyledForm):
    answer = TextareaField(label=_("答复"), max_length=2000, rows=4)


class CancelForm(StyledForm):
    reason = TextareaField(label=_("终止理由"), max_length=1000)


class TermReviewForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("考核结论"), choices=TermOutcome.choices, widget=forms.RadioSelect
    )
    note = TextareaField(label=_("任期考核意见"), max_length=2000, rows=4)
