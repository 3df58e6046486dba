"""量化考核 forms: a unit's 申诉, the assessor's answer, the incentive coefficients, and the
述职评议 (a cadre put up for review, the 述职 score and paper ballots, one member's vote)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm, StyledModelForm, TextareaField
from apps.orgs.forms import PersonNoField

from .choices import Vote
from .models import CadreReview, KpiSettings


class ObjectionForm(StyledForm):
    line = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=_("对总分申诉"),
        label=_("申诉的得分项"),
    )
    reason = TextareaField(label=_("申诉理由"), rows=4, placeholder=_("说明哪里有误、应当如何计算"))
    evidence = forms.FileField(label=_("佐证材料"), required=False)

    def __init__(self, *args, card, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["line"]
        field.queryset = card.lines.select_related("item__indicator")
        field.label_from_instance = lambda line: line.item.indicator.name


class AnswerForm(StyledForm):
    accept = forms.TypedChoiceField(
        label=_("答复"),
        choices=[("1", _("采纳,更正得分")), ("", _("不予采纳"))],
        coerce=bool,
        empty_value=False,
        required=False,
        widget=forms.RadioSelect,
        initial="1",
    )
    answer = TextareaField(label=_("答复意见"), required=False)
    points = forms.DecimalField(
        label=_("更正分值"),
        required=False,
        max_digits=6,
        decimal_places=2,
        help_text=_("采纳时:正数加分,负数扣分;已更正人工评分的可不填,保存后重新计算。"),
    )


class SettingsForm(StyledModelForm):
    class Meta:
        model = KpiSettings
        fields = ["excellent", "good", "fair", "poor"]


class CadreNewForm(StyledForm):
    period = forms.ModelChoiceField(queryset=None, label=_("考核期"))
    person = PersonNoField(label=_("述职人工号"), required=True)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        self.fields["period"].label_from_instance = lambda p: (
            f"{p.scheme.name} {p.start:%Y-%m-%d}—{p.end:%Y-%m-%d}"
        )


class CadreReportForm(StyledModelForm):
    class Meta:
        model = CadreReview
        fields = [
            "report_score",
            "report_weight",
            "paper_good",
            "paper_fairly_good",
            "paper_fair",
            "paper_poor",
        ]


class VoteForm(StyledForm):
    choice = forms.ChoiceField(label=_("您的评议"), choices=Vote.choices, widget=forms.RadioSelect)
