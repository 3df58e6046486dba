"""Forms of the 量化考核 setup: an indicator, a scheme, a scheme's item, the grid of manual scores
(one form of per-unit fields) and an adjustment. The services check the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.core.forms import StyledForm, TextareaField, UnitChoiceField
from apps.orgs.choices import UnitKind

from .choices import AdjustmentKind, Direction, PeriodKind, RuleKind, Source
from .models import Indicator


class IndicatorForm(StyledForm):
    code = forms.CharField(
        label=_("编码"),
        max_length=64,
        help_text=_("字母、数字、点、下划线,如 suggestions.adoption_rate 或 manual.report_quality"),
    )
    name = forms.CharField(label=_("名称"), max_length=100)
    measure = forms.CharField(
        label=_("计量单位"), max_length=16, required=False, help_text=_("如:%、分、元")
    )
    direction = forms.ChoiceField(label=_("方向"), choices=Direction.choices)
    unit_kinds = forms.MultipleChoiceField(
        label=_("适用组织类型"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示适用于所有类型"),
    )
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices, widget=forms.RadioSelect)
    calculator = forms.ChoiceField(
        label=_("计算器"),
        required=False,
        help_text=_("平台计算的指标由所选计算器根据各业务记录得出;人工评分的指标不选。"),
    )
    min_value = forms.DecimalField(
        label=_("最小值"),
        required=False,
        max_digits=12,
        decimal_places=4,
        help_text=_("人工评分允许的范围;不填为 0"),
    )
    max_value = forms.DecimalField(
        label=_("最大值"),
        required=False,
        max_digits=12,
        decimal_places=4,
        help_text=_("不填时,计量单位为“分”“%”或空的为 100,其余不设上限"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calculator"].choices = [("", _("(人工评分不选)"))] + [
            (code, f"{label}({code})") for code, label in indicators.choices()
        ]


class SchemeForm(StyledForm):
    name = forms.CharField(
        label=_("名称"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("如:2026年党支部党建工作考核")}),
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    unit_kind = forms.ChoiceField(label=_("考核对象类型"), choices=UnitKind.choices)
    period_kind = forms.ChoiceField(label=_("考核周期"), choices=PeriodKind.choices)


def parse_steps(text: str) -> list[list[str]]:
    """The step table as typed, one "threshold share%" per line (a comma or a space between),
    to [[threshold, share], …]; the service checks the numbers."""
    rows = []
    for line in (text or "").splitlines():
        parts = line.replace(",", " ").replace(",", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            raise forms.ValidationError(_("分档表每行写“阈值 得分比例”,例如:95 100。"))
        rows.append(parts)
    return rows


def steps_text(steps) -> str:
    return "\n".join(
        f"{Decimal(str(t)).normalize()} {Decimal(str(s)).normalize()}" for t, s in steps
    )


class ItemForm(StyledForm):
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.none(), label=_("指标"), empty_label=None
    )
    weight = forms.DecimalField(
        label=_("权重"), max_digits=6, decimal_places=2, help_text=_("方案各指标权重之和须为 100")
    )
    rule = forms.ChoiceField(label=_("计分规则"), choices=RuleKind.choices)
    floor = forms.DecimalField(
        label=_("底线值"),
        required=False,
        max_digits=12,
        decimal_places=4,
        help_text=_("线性计分:达到底线值得 0 分,达到目标值得满分,其间按比例"),
    )
    target = forms.DecimalField(label=_("目标值"), required=False, max_digits=12, decimal_places=4)
    steps = TextareaField(
        label=_("分档表"),
        required=False,
        rows=4,
        placeholder=_("每行:阈值 得分比例(%),如\n95 100\n85 80\n70 60"),
        help_text=_("分档计分:达到某一阈值即得该档比例的权重分,取达到的最高档"),
    )

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.order_by("code")
        self.fields["indicator"].label_from_instance = lambda i: (
            f"{i.name}({i.get_source_display()})"
        )
        self.scheme = scheme

    def clean_steps(self):
        return parse_steps(self.cleaned_data.get("steps"))


class ManualGridForm(StyledForm):
    """Every unit of a page on one form: `value_<unit id>`, `evidence_<unit id>` and
    `note_<unit id>`, so a refusal naming a row lands on it and the other rows keep what was
    typed. Each unit gets `fields`, its bound fields by key."""

    KEYS = ("value", "evidence", "note")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            self.fields[f"value_{unit.pk}"] = forms.CharField(required=False, max_length=32)
            self.fields[f"evidence_{unit.pk}"] = forms.FileField(required=False)
            self.fields[f"note_{unit.pk}"] = forms.CharField(required=False)
            unit.fields = {key: self[f"{key}_{unit.pk}"] for key in self.KEYS}

    def entries(self) -> dict:
        """{unit: {"value", "evidence", "note"}} as manual_scores_save takes them; a value not
        sent at all is None (left alone), one sent blank is "" (withdrawn)."""
        data = self.cleaned_data
        return {
            u: {
                key: data.get(f"{key}_{u.pk}")
                if key != "value" or f"value_{u.pk}" in self.data
                else None
                for key in self.KEYS
            }
            for u in self.units
        }


class AdjustmentForm(StyledForm):
    unit = UnitChoiceField(queryset=None, label=_("考核对象"))
    kind = forms.ChoiceField(label=_("类型"), choices=AdjustmentKind.choices)
    points = forms.DecimalField(
        label=_("分值"),
        required=False,
        max_digits=6,
        decimal_places=2,
        help_text=_("加分、扣分填正数;一票否决可不填,等次最高为“一般”"),
    )
    reason = TextareaField(label=_("事由"), max_length=1000)
    evidence = forms.FileField(
        label=_("佐证材料"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf,.docx,.xlsx,.pptx"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
