"""Forms for the appeal pages: they parse input; the rules (lengths, files, states, deadlines)
live in services and come back as form errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import FilesField, StyledForm, UnitTreeChoiceField
from apps.orgs.models import OrgUnit, Person

from . import services
from .choices import Urgency
from .models import Category

REQUIRED = {"required": _("此项为必填项。")}
ACCEPT = "image/*,.pdf"  # what the file picker offers; the service checks each file


class AppealForm(StyledForm):
    category = forms.ModelChoiceField(
        label=_("类别"),
        queryset=Category.objects.filter(is_active=True),
        empty_label=_("请选择类别"),
        error_messages={"required": _("请选择诉求类别。"), "invalid_choice": _("请选择诉求类别。")},
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=services.TITLE_MAX,
        error_messages={
            "required": _("请填写标题。"),
            "max_length": _("标题不能超过 %(limit_value)d 个字。"),
        },
        widget=forms.TextInput(attrs={"placeholder": _("一句话说明问题,如:夜班下班后食堂已关门")}),
    )
    description = forms.CharField(
        label=_("诉求内容"),
        max_length=services.DESCRIPTION_MAX,
        error_messages={
            "required": _("请填写诉求内容。"),
            "max_length": _("诉求内容不能超过 %(limit_value)d 个字。"),
        },
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": _("发生了什么、影响到谁、希望怎样解决")}
        ),
    )
    urgency = forms.ChoiceField(
        label=_("紧急程度"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    files = FilesField(label=_("附件(可选)"), accept=ACCEPT, help_text=_("图片或 PDF,最多 5 个。"))
    anonymous = forms.BooleanField(
        label=_("匿名反映"),
        required=False,
        help_text=_("匿名时系统不记录您的姓名、部门和账号,您将获得一个回执码,凭码查询进度和评价。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["urgency"].widget.attrs["class"] = "form-check-input"
        self.fields["anonymous"].widget.attrs["class"] = "form-check-input"


class OwnerForm(StyledForm):
    owner_unit = UnitTreeChoiceField(
        label=_("责任单位"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("请选择责任单位"),
        error_messages={"required": _("请选择责任单位。")},
    )
    owner_no = forms.CharField(
        label=_("责任人工号(可选)"),
        required=False,
        max_length=32,
        help_text=_("不填则由责任单位负责人办理。"),
    )
    due_at = forms.DateTimeField(
        label=_("办结时限(可选)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={"invalid": _("请输入有效的日期时间。")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import owner_unit_choices

        self.fields["owner_unit"].queryset = owner_unit_choices(user=user)

    def clean_owner_no(self):
        value = (self.cleaned_data.get("owner_no") or "").strip()
        if not value:
            return None
        person = Person.objects.filter(employee_no=value).first()
        if person is None:
            raise forms.ValidationError(_("找不到工号为“%(no)s”的人员。"), params={"no": value})
        return person


class AcceptForm(OwnerForm):
    note = forms.CharField(
        label=_("受理意见(可选)"),
        required=False,
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReassignForm(OwnerForm):
    reason = forms.CharField(
        label=_("改派理由"),
        max_length=services.REASON_MAX,
        error_messages=REQUIRED,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("理由"),
        max_length=services.REASON_MAX,
        error_messages={"required": _("请填写理由。")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MergeForm(StyledForm):
    original = forms.CharField(
        label=_("原诉求编号"),
        max_length=20,
        error_messages={"required": _("请输入原诉求的编号。")},
        widget=forms.TextInput(attrs={"placeholder": "SQ2026-000123"}),
    )


class TextForm(StyledForm):
    text = forms.CharField(
        label=_("内容"),
        max_length=services.TEXT_MAX,
        error_messages={
            "required": _("请填写内容。"),
            "max_length": _("内容不能超过 %(limit_value)d 个字。"),
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InfoForm(TextForm):
    files = FilesField(label=_("附件(可选)"), accept=ACCEPT)


class RateForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("满意度"),
        choices=[
            (5, _("5 星 · 非常满意")),
            (4, _("4 星 · 满意")),
            (3, _("3 星 · 基本满意")),
            (2, _("2 星 · 不满意")),
            (1, _("1 星 · 非常不满意")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择满意度。"),
            "invalid_choice": _("请选择 1 到 5 星的满意度。"),
        },
    )
    comment = forms.CharField(
        label=_("评价意见(可选)"),
        required=False,
        max_length=services.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].widget.attrs["class"] = "form-check-input"


class ReceiptForm(StyledForm):
    code = forms.CharField(
        label=_("回执码"),
        max_length=40,
        error_messages={"required": _("请输入回执码。")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "placeholder": "XXXX-XXXX-XXXX-XXXX",
            }
        ),
    )
