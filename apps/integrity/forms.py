"""Short forms, their fields named as the services' arguments; the services check the rules."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.core.forms import (
    DayField,
    FilesField,
    StyledForm,
    TextareaField,
    UnitChoiceField,
    UnitTreeChoiceField,
)
from apps.orgs.forms import PersonNoField

from .choices import Disposition, RiskLevel, TalkKind
from .models import PostCategory
from .services import MAX_FILES, NOTE_MAX, TEXT_MAX

FILES_ACCEPT = ".jpg,.jpeg,.png,.gif,.webp,.pdf,.docx,.xlsx,.pptx"


def files_field():
    return FilesField(
        label=_("附件(加密保存)"),
        accept=FILES_ACCEPT,
        help_text=format_lazy(_("图片、PDF 或 Office 文档,最多 {n} 个"), n=MAX_FILES),
    )


class ReportForm(StyledForm):
    unit = UnitChoiceField(label=_("向哪个单位纪委举报"), queryset=None, empty_label=None)
    named = forms.TypedChoiceField(
        label=_("举报方式"),
        choices=[("0", _("匿名举报")), ("1", _("实名举报"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    name = forms.CharField(label=_("姓名(实名时填写)"), max_length=50, required=False)
    contact = forms.CharField(label=_("联系方式(实名时填写)"), max_length=50, required=False)
    text = TextareaField(
        label=_("举报内容"),
        rows=8,
        max_length=TEXT_MAX,
        required=False,  # the service's own message: 请填写举报内容
        placeholder=_("被举报人、单位、主要问题、时间地点、知情人或证据线索"),
    )
    files = files_field()

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ReceiptForm(StyledForm):
    code = forms.CharField(
        label=_("查询码"), max_length=40, error_messages={"required": _("请输入查询码。")}
    )


class AddForm(StyledForm):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = TextareaField(label=_("补充内容"), rows=5, max_length=TEXT_MAX, required=False)
    files = files_field()


class KeySetupForm(StyledForm):
    passphrase = forms.CharField(label=_("设置口令"), widget=forms.PasswordInput, strip=False)
    confirm = forms.CharField(label=_("再次输入口令"), widget=forms.PasswordInput, strip=False)


class UnlockForm(StyledForm):
    passphrase = forms.CharField(label=_("口令"), widget=forms.PasswordInput, strip=False)


class StepForm(StyledForm):
    note = TextareaField(label=_("说明(加密保存)"), rows=4, max_length=NOTE_MAX, required=False)


class DisposeForm(StepForm):
    # Not required here: the service names what is missing (请选择处置方式 / 请填写办理期限).
    disposition = forms.ChoiceField(
        label=_("处置方式"), choices=[("", "---------"), *Disposition.choices], required=False
    )
    due_on = DayField(label=_("办理期限"), required=False)
    field_order = ["disposition", "due_on", "note"]


class ShareForm(StyledForm):
    to = forms.ModelChoiceField(label=_("开通给"), queryset=None)

    def __init__(self, *args, keys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = keys
        self.fields["to"].label_from_instance = lambda k: k.user.display_name


class TalkForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=TalkKind.choices, initial=TalkKind.REMIND)
    person = PersonNoField(label=_("谈话对象工号"))
    on = DayField(label=_("谈话日期"), required=False)
    talkers = forms.CharField(label=_("谈话人"), max_length=100, required=False)
    content = TextareaField(
        label=_("谈话内容(加密保存)"), rows=6, max_length=TEXT_MAX, required=False
    )
    statement = TextareaField(
        label=_("本人表态(加密保存)"), rows=4, max_length=TEXT_MAX, required=False
    )
    follow_up = TextareaField(
        label=_("后续跟踪(加密保存)"), rows=3, max_length=NOTE_MAX, required=False
    )


class KeyPostForm(StyledForm):
    """Fields named as key_post_create / key_post_update take them."""

    name = forms.CharField(label=_("岗位名称"), max_length=50, required=False)
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=PostCategory.objects.filter(active=True), required=False
    )
    unit = UnitTreeChoiceField(label=_("所属单位"), queryset=None, required=False)
    duties = TextareaField(label=_("主要职责"), rows=3, max_length=300, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class HoldingForm(StyledForm):
    person = PersonNoField(label=_("在岗人员工号"))
    since = DayField(label=_("到岗日期"), required=False)


class RiskForm(StyledForm):
    title = forms.CharField(label=_("风险点"), max_length=100, required=False)
    level = forms.ChoiceField(
        label=_("风险等级"), choices=[("", "---------"), *RiskLevel.choices], required=False
    )
    controls = TextareaField(label=_("防控措施"), rows=4, max_length=NOTE_MAX, required=False)
    owner = PersonNoField(label=_("责任人工号"))
    review_months = forms.IntegerField(
        label=_("复核周期(月)"), min_value=1, max_value=36, initial=12, required=False
    )
    next_review_on = DayField(
        label=_("下次复核"), required=False, help_text=_("不填则从今天起算一个周期")
    )
