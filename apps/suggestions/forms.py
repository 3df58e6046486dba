"""Forms of the suggestion pages: they only parse; the rules live in services and rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DeadlineField, StyledForm, TextareaField, UnitTreeChoiceField
from apps.orgs.choices import UnitKind
from apps.orgs.forms import DATE_WIDGET, PeopleNoField, PersonNoField
from apps.orgs.models import OrgUnit

from .choices import Category, Decision
from .models import Campaign


def target_unit_choices():
    """Units a suggestion may concern: the live company and department units. Any employee may
    address any department, so this list is the org chart, not a scoped record list."""
    return (
        OrgUnit.objects.alive()
        .filter(kind__in=[UnitKind.COMPANY, UnitKind.DEPARTMENT])
        .select_related(None)
        .only("pk", "name", "depth", "path", "kind")
    )


def implementing_unit_choices():
    """Units that may implement an adopted suggestion: departments and teams."""
    return (
        OrgUnit.objects.alive()
        .filter(kind__in=[UnitKind.COMPANY, UnitKind.DEPARTMENT, UnitKind.TEAM])
        .select_related(None)
        .only("pk", "name", "depth", "path", "kind")
    )


class SuggestionForm(StyledForm):
    campaign = forms.ModelChoiceField(
        label=_("征集活动"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("(不参加征集活动,随时提出)"),
    )
    title = forms.CharField(
        label=_("建议名称"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("一句话说明建议,如:优化熔炼炉装料顺序")}),
    )
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    target_unit = UnitTreeChoiceField(
        label=_("涉及单位"),
        queryset=OrgUnit.objects.none(),
        help_text=_("建议由该单位负责人评审。"),
    )
    problem = TextareaField(
        label=_("现状问题"), max_length=2000, placeholder=_("现在哪里有问题、有多大影响")
    )
    proposal = TextareaField(
        label=_("改进建议"), max_length=4000, rows=4, placeholder=_("具体怎么改")
    )
    expected_benefit = TextareaField(label=_("预期效益"), max_length=1000, required=False, rows=2)
    expected_yuan = forms.CharField(
        label=_("预计效益(元/年,可不填)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    co_proposers = PeopleNoField(
        label=_("共同建议人工号"),
        max_length=400,
        help_text=_("团队提出时填写其他成员的工号,用逗号或空格分开。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["target_unit"].queryset = target_unit_choices()
        if not campaigns.exists():
            del self.fields["campaign"]


class ScoreForm(StyledForm):
    comment = TextareaField(label=_("评审意见"), required=False, max_length=1000, rows=2)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for c in criteria:
            fields[f"c{c.pk}"] = forms.IntegerField(
                label=f"{c.name}(权重 {c.weight})",
                min_value=0,
                max_value=100,
                help_text=c.description,
                widget=forms.NumberInput(
                    attrs={"class": "form-control", "inputmode": "numeric", "min": 0, "max": 100}
                ),
            )
        fields["comment"] = self.fields.pop("comment")
        self.fields = fields
        self.criteria = criteria

    def clean(self):
        """The service's arguments: the score per criterion id, and the comment."""
        data = super().clean()
        return {
            "scores": {c.pk: data.get(f"c{c.pk}") for c in self.criteria},
            "comment": data.get("comment", ""),
        }


class DecideForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("评审结论"),
        choices=Decision.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reason = TextareaField(
        label=_("意见或理由"),
        required=False,
        max_length=2000,
        help_text=_("不采纳时必须填写,建议人可以看到。"),
    )


class AssignForm(StyledForm):
    impl_unit = UnitTreeChoiceField(label=_("实施单位"), queryset=OrgUnit.objects.none())
    impl_person = PersonNoField(
        label=_("实施责任人工号"),
        help_text=_("留空则由实施单位负责人负责。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    due_at = DeadlineField(label=_("实施期限"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["impl_unit"].queryset = implementing_unit_choices()


class NoteForm(StyledForm):
    note = TextareaField(label=_("实施情况"), max_length=2000, rows=4)


class _YuanForm(StyledForm):
    """An amount typed as text: services.parse_yuan reads it as money (a DecimalField takes
    "1e9")."""

    yuan_label = _("金额(元)")
    yuan = forms.CharField(
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["yuan"].label = self.yuan_label


class VerifyForm(_YuanForm):
    yuan_label = _("核定效益(元)")
    note = TextareaField(label=_("说明"), required=False, max_length=1000)


class CorrectForm(_YuanForm):
    yuan_label = _("更正后的核定效益(元)")
    reason = TextareaField(label=_("更正理由"), max_length=1000)


class RewardForm(_YuanForm):
    yuan_label = _("奖励金额(元)")
    note = TextareaField(label=_("说明"), max_length=1000)


class BenefitRuleForm(StyledForm):
    verifying_units = forms.ModelMultipleChoiceField(
        label=_("核定效益的单位"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("所选单位的部门负责人可以核定和更正建议的效益;党群管理员始终可以。"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    # Text, not a DecimalField (which takes "1e9"): services.parse_yuan reads it as money.
    max_yuan = forms.CharField(
        label=_("金额上限(元)"),
        max_length=20,
        help_text=_("预计效益、核定效益和奖励金额都不能超过此数。"),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verifying_units"].queryset = units.filter(
            kind__in=[UnitKind.COMPANY, UnitKind.DEPARTMENT, UnitKind.TEAM]
        ).order_by("path")
        self.fields["verifying_units"].label_from_instance = lambda u: u.name


class CampaignForm(StyledForm):
    title = forms.CharField(label=_("活动名称"), max_length=100)
    organiser = UnitTreeChoiceField(label=_("主办单位"), queryset=OrgUnit.objects.none())
    scope_unit = UnitTreeChoiceField(
        label=_("征集范围"),
        queryset=OrgUnit.objects.none(),
        help_text=_("该组织及其下级的职工可以参加。"),
    )
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("截止日期"), widget=DATE_WIDGET)
    categories = forms.MultipleChoiceField(
        label=_("征集类别"),
        choices=Category.choices,
        required=False,
        help_text=_("不选表示全部类别。"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    description = TextareaField(label=_("活动说明"), required=False, max_length=4000, rows=4)

    def __init__(self, *args, organisers, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers
        self.fields["scope_unit"].queryset = scopes
