"""Short forms for phones: one action per screen; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import (
    DayField,
    DeadlineField,
    FilesField,
    StyledForm,
    TextareaField,
    UnitChoiceField,
)
from apps.orgs.forms import PeopleNoField, PersonNoField

from .choices import HazardLevel
from .models import HazardPolicy


class PhotosField(FilesField):
    """Several photos from one input that opens the camera on a phone; the service checks each."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, accept="image/*", **kwargs)
        self.widget.attrs["capture"] = "environment"


class ReportForm(StyledForm):
    place = forms.CharField(
        label=_("隐患地点"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("如:二号厂房东侧配电柜")}),
    )
    description = TextareaField(
        label=_("隐患描述"),
        max_length=2000,
        rows=4,
        placeholder=_("看到了什么问题,可能造成什么危险"),
    )
    photos = PhotosField(
        label=_("现场照片"), required=False, help_text=_("可拍照或从相册选择,最多 9 张")
    )
    level = forms.ChoiceField(
        label=_("隐患等级"),
        choices=HazardLevel.choices,
        initial=HazardLevel.GENERAL,
        widget=forms.RadioSelect,
    )
    unit = UnitChoiceField(queryset=None, label=_("所属单位"), empty_label=None)
    inspection = forms.ModelChoiceField(
        queryset=None, label=_("检查活动(可选)"), required=False, empty_label=_("不属于检查活动")
    )

    def __init__(self, *args, units, inspections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["inspection"].queryset = inspections


class ConfirmForm(StyledForm):
    level = forms.ChoiceField(label=_("隐患等级"), choices=HazardLevel.choices)
    owner_unit = UnitChoiceField(queryset=None, label=_("整改责任单位"), empty_label=None)
    owner_person = PersonNoField(
        label=_("整改责任人工号(可选)"), help_text=_("不填则由责任单位负责人整改")
    )
    due_at = DeadlineField(label=_("整改期限"), required=False)
    note = TextareaField(label=_("交办说明(可选)"), max_length=500, required=False, rows=2)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units
        policy = HazardPolicy.current()
        self.fields["due_at"].help_text = _(
            "不填则按等级默认:一般 %(g)d、较大 %(l)d、重大 %(m)d 个工作日"
        ) % {"g": policy.general_days, "l": policy.larger_days, "m": policy.major_days}


class RejectForm(StyledForm):
    reason = TextareaField(
        label=_("不予确认的理由"), max_length=500, placeholder=_("上报人会看到这条理由")
    )


class RectifyForm(StyledForm):
    measures = TextareaField(
        label=_("整改措施"), max_length=2000, rows=4, placeholder=_("做了哪些整改,现场现在的情况")
    )
    photos = PhotosField(label=_("整改后照片"), required=True, help_text=_("至少 1 张,最多 9 张"))


class VerifyForm(StyledForm):
    note = TextareaField(label=_("验收意见(可选)"), max_length=500, required=False, rows=2)


class ReturnForm(StyledForm):
    reason = TextareaField(
        label=_("退回理由"), max_length=500, placeholder=_("还有哪些问题需要整改")
    )
    due_at = DeadlineField(
        label=_("新的整改期限(可选)"), required=False, help_text=_("不填则沿用原期限")
    )


class InspectionForm(StyledForm):
    title = forms.CharField(label=_("检查名称"), max_length=100)
    organizer = UnitChoiceField(queryset=None, label=_("组织单位"), empty_label=None)
    units = forms.ModelMultipleChoiceField(
        queryset=None, label=_("检查范围"), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    date = DayField(label=_("检查日期"))
    inspectors = PeopleNoField(
        label=_("检查人员工号"), max_length=500, help_text=_("多个工号用空格或逗号分隔")
    )
    notes = TextareaField(label=_("检查内容"), required=False, max_length=2000)

    def __init__(self, *args, organizers, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = organizers
        self.fields["units"].queryset = units
        self.fields["units"].label_from_instance = lambda u: u.name


class PolicyForm(StyledForm):
    safety_units = forms.ModelMultipleChoiceField(
        label=_("安全管理部门"),
        queryset=None,
        required=False,
        help_text=_(
            "所选部门的部门负责人确认、交办、验收本公司的隐患并组织检查;"
            "工会干部和党群管理员始终可以。"
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    general_days = forms.IntegerField(label=_("一般隐患(工作日)"), min_value=1, max_value=60)
    larger_days = forms.IntegerField(label=_("较大隐患(工作日)"), min_value=1, max_value=60)
    major_days = forms.IntegerField(label=_("重大隐患(工作日)"), min_value=1, max_value=60)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["safety_units"].queryset = units
        self.fields["safety_units"].label_from_instance = lambda u: u.name
