"""Short forms for phones, their fields named as the services' arguments; the services check
the rules (a branch that does not exist, the same branch, an unknown letter number)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DayField, StyledForm, TextareaField, UnitChoiceField
from apps.orgs.forms import PersonNoField

from .choices import ActivityKind, FlowDirection
from .errors import TransferError
from .models import TransferSettings


def _branch_field(label, queryset, **kw):
    # A branch that is not (or no longer) in the list gets the service's own message.
    return UnitChoiceField(
        label=label,
        queryset=queryset,
        error_messages={"invalid_choice": TransferError.BRANCH_UNKNOWN.message},
        **kw,
    )


class InsideForm(StyledForm):
    person = PersonNoField(label=_("党员工号"), required=True)
    to_branch = _branch_field(_("转入支部"), None, required=False)
    reason = forms.CharField(label=_("转接原因"), max_length=200, required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_branch"].queryset = branches


class OutForm(StyledForm):
    person = PersonNoField(label=_("党员工号"), required=True)
    outside_org = forms.CharField(label=_("转入的党组织"), max_length=100, required=False)
    reason = forms.CharField(label=_("转接原因"), max_length=200, required=False)


class InForm(InsideForm):
    outside_org = forms.CharField(label=_("原所在党组织"), max_length=100, required=False)
    field_order = ["person", "outside_org", "to_branch", "reason"]


class ReceiptForm(StyledForm):
    number = forms.CharField(
        label=_("介绍信编号"),
        max_length=20,
        required=False,
        help_text=_("回执上的编号,如 JS000042"),
    )
    received_on = DayField(label=_("回执日期"), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class LetterReceiptForm(StyledForm):
    received_on = DayField(label=_("回执日期"), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class CancelForm(StyledForm):
    note = TextareaField(label=_("撤销原因"), max_length=500, required=False)


class SettingsForm(StyledForm):
    receipt_days = forms.IntegerField(
        label=TransferSettings._meta.get_field("receipt_days").verbose_name, required=False
    )


class FlowingForm(StyledForm):
    direction = forms.ChoiceField(label=_("方向"), choices=FlowDirection.choices)
    branch = _branch_field(_("管理支部"), None)
    person = PersonNoField(label=_("党员工号"), help_text=_("流出必填;流入的外单位党员可不填"))
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    place = forms.CharField(label=_("流入/流出地"), max_length=100, required=False)
    place_org = forms.CharField(label=_("对方党组织"), max_length=100, required=False)
    start_on = DayField(label=_("开始日期"), required=False)
    end_on = DayField(label=_("预计结束日期"), required=False)
    contact = forms.CharField(label=_("联系人及电话"), max_length=100, required=False)
    certificate_no = forms.CharField(label=_("活动证编号"), max_length=30, required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches


class ActivityForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=ActivityKind.choices)
    day = DayField(label=_("日期"), required=False)
    title = forms.CharField(label=_("内容"), max_length=100, required=False)
    hours = forms.DecimalField(label=_("学时"), max_digits=4, decimal_places=1, required=False)
    organiser = forms.CharField(label=_("组织单位"), max_length=100, required=False)


class EndForm(StyledForm):
    end_on = DayField(label=_("结束日期"), required=False)
