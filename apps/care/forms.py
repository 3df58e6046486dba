"""Short forms for phones, their fields named as the services' arguments; the services check
the rules (scope, one active file, the approved amount)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DayField, StyledForm, TextareaField, UnitChoiceField
from apps.orgs.forms import PersonNoField

from .choices import AidForm, AidKind, HardshipCategory, HardshipLevel


def _yuan(label, **kw):
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        **kw,
    )


class FileForm(StyledForm):
    person = PersonNoField(label=_("职工工号"))
    category = forms.ChoiceField(label=_("困难类别"), choices=HardshipCategory.choices)
    level = forms.ChoiceField(label=_("困难程度"), choices=HardshipLevel.choices)
    family_size = forms.IntegerField(label=_("家庭人口"), required=False, min_value=1, max_value=20)
    monthly_income = _yuan(_("家庭人均月收入(元)"))
    family_situation = TextareaField(
        label=_("家庭情况"),
        rows=4,
        max_length=2000,
        required=False,
        placeholder=_("家庭成员、收入、困难原因和需要的帮助;不要填写身份证号、银行卡号"),
    )

    def __init__(self, *args, fixed_person: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_person:
            self.fields["person"].widget = forms.HiddenInput()


class ReviewForm(StyledForm):
    level = forms.ChoiceField(label=_("困难程度"), choices=HardshipLevel.choices)
    note = TextareaField(label=_("复核情况"), max_length=500, required=False)


class CloseForm(StyledForm):
    note = TextareaField(label=_("销档原因"), max_length=500, required=False)


class AidFormBase(StyledForm):
    kind = forms.ChoiceField(label=_("帮扶类型"), choices=AidKind.choices)
    form = forms.ChoiceField(label=_("形式"), choices=AidForm.choices)
    amount = _yuan(_("发放金额(元)"), help_text=_("慰问品可填折合金额"))
    approved_amount = _yuan(_("批准金额(元)"))
    approval_no = forms.CharField(label=_("审批单号"), max_length=30, required=False)
    goods = forms.CharField(label=_("慰问品"), max_length=100, required=False)
    day = DayField(label=_("发放日期"), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class AidForPersonForm(AidFormBase):
    person = PersonNoField(label=_("职工工号"))
    field_order = ["person"]


class DeliverForm(StyledForm):
    amount = _yuan(_("发放金额(元)"))
    goods = forms.CharField(label=_("慰问品"), max_length=100, required=False)
    day = DayField(label=_("发放日期"), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class CampaignForm(StyledForm):
    title = forms.CharField(label=_("活动名称"), max_length=60, required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    unit = UnitChoiceField(label=_("范围"), queryset=None)
    levels = forms.MultipleChoiceField(
        label=_("困难程度"),
        choices=HardshipLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    standard = _yuan(_("慰问标准(元/户)"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SettingsForm(StyledForm):
    appeal_category = forms.ModelChoiceField(
        label=_("家庭困难诉求类别"),
        queryset=None,
        required=False,
        empty_label=_("名为“家庭困难”的类别"),
    )
    review_days = forms.IntegerField(label=_("复核周期(天)"), required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appeal_category"].queryset = categories
