"""Short forms for phones, fields named as the services' arguments. Money is typed as text so
the service gives its own Chinese message for "abc" or "-5" and keeps what was typed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DayField, StyledForm, UnitChoiceField
from apps.orgs.forms import PersonNoField

from .choices import IncomeKind, PayMethod, ReliefKind
from .errors import DuesError
from .models import DuesSettings
from .services import RATE_ROWS

MONTH_CHOICES = [(m, _("%(m)d 月") % {"m": m}) for m in range(1, 13)]
PAY_METHODS = [c for c in PayMethod.choices if c[0] != PayMethod.EXEMPT]


def year_field(**kw):
    return forms.IntegerField(
        label=_("年度"),
        error_messages={
            "invalid": DuesError.BAD_YEAR.message,
            "required": DuesError.BAD_YEAR.message,
        },
        **kw,
    )


def month_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=MONTH_CHOICES,
        coerce=int,
        error_messages={"invalid_choice": DuesError.BAD_MONTH.message},
    )


def money_field(label, **kw):
    return forms.CharField(
        label=label,
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kw,
    )


def branch_field():
    return UnitChoiceField(
        label=_("支部"),
        queryset=None,
        error_messages={"invalid_choice": _("请选择您管理的支部。")},
    )


class BaseForm(StyledForm):
    person = PersonNoField(label=_("党员工号"), required=True)
    year = year_field()
    kind = forms.ChoiceField(label=_("党员类别"), choices=IncomeKind.choices)
    income = money_field(
        _("月收入基数(元)"), help_text=_("在职党员填每月工资收入(税后),离退休党员填离退休费")
    )


class PaymentForm(StyledForm):
    branch = branch_field()
    person = PersonNoField(label=_("党员工号"), required=True)
    year = year_field()
    month = month_field(_("月份"))
    method = forms.ChoiceField(label=_("交纳方式"), choices=PAY_METHODS)
    amount = money_field(_("金额(元)"), help_text=_("留空按应交金额登记;自愿多交不限"))
    payer = forms.CharField(label=_("代交人"), max_length=50, required=False)
    paid_on = DayField(label=_("交纳日期"), required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches


class ReliefForm(StyledForm):
    person = PersonNoField(label=_("党员工号"), required=True)
    year = year_field()
    kind = forms.ChoiceField(label=_("类型"), choices=ReliefKind.choices)
    month_from = month_field(_("起始月份"))
    month_to = month_field(_("截止月份"))
    amount = money_field(_("每月交纳(元)"), help_text=_("少交时填写"))
    reason = forms.CharField(
        label=_("理由"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideForm(StyledForm):
    approve = forms.TypedChoiceField(
        label=_("审批"),
        choices=[("1", _("批准")), ("0", _("不批准"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审批意见"), max_length=300, required=False)


class ApproveForm(StyledForm):
    """批准 from the review list: an optional note."""

    note = forms.CharField(label=_("审批意见"), max_length=300, required=False)


class RefuseForm(StyledForm):
    """不批准: the reason is required (the branch is told why)."""

    note = forms.CharField(
        label=_("不批准的理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写不批准的理由。")},
    )


class RemittanceForm(StyledForm):
    branch = branch_field()
    amount = money_field(_("上缴金额(元)"), help_text=_("须与未上缴党费合计相符"))
    remitted_on = DayField(label=_("上缴日期"), required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches


class ImportForm(StyledForm):
    year = year_field()
    file = forms.FileField(
        label=_("工资表(.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={
            "required": _("请选择要导入的 .xlsx 文件。"),
            "empty": _("文件是空的,请重新选择。"),
            "invalid": _("没有收到文件,请重新选择。"),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class SettingsForm(StyledForm):
    lapse_months = forms.IntegerField(
        label=DuesSettings._meta.get_field("lapse_months").verbose_name, required=False
    )
    remind_day = forms.IntegerField(
        label=DuesSettings._meta.get_field("remind_day").verbose_name, required=False
    )


class StandardForm(StyledForm):
    """A new version of the standard for one kind of member: up to `RATE_ROWS` brackets, each
    an inclusive upper (blank on the top one) and a rate or a fixed amount."""

    kind = forms.ChoiceField(label=_("党员类别"), choices=IncomeKind.choices)
    start_on = DayField(label=_("施行日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, RATE_ROWS + 1):
            self.fields[f"upper_{n}"] = money_field(
                _("第 %(n)d 档 月收入上限(含,元)") % {"n": n},
            )
            self.fields[f"percent_{n}"] = money_field(_("第 %(n)d 档 比例(%%)") % {"n": n})
            self.fields[f"amount_{n}"] = money_field(_("第 %(n)d 档 每月固定金额(元)") % {"n": n})
        for name in self.fields:
            if name[-1].isdigit():  # the grid hides its labels at a desk: name the inputs
                self.fields[name].widget.attrs["aria-label"] = str(self.fields[name].label)
        self.style_fields()

    def brackets(self) -> list[tuple]:
        """The bracket fields by row, for the page's grid: (n, upper, percent, amount)."""
        return [
            (n, *(self[f"{f}_{n}"] for f in ("upper", "percent", "amount")))
            for n in range(1, RATE_ROWS + 1)
        ]

    def rows(self) -> list[tuple]:
        return [
            tuple(self.cleaned_data.get(f"{f}_{n}") for f in ("upper", "percent", "amount"))
            for n in range(1, RATE_ROWS + 1)
        ]
