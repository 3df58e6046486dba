"""Short forms: the services check the rules; forms parse and keep what was typed."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import FilesField, StyledForm, TextareaField
from apps.core.richtext import RichTextField
from apps.orgs.choices import UnitKind

from .choices import Frequency
from .models import MeetingKind

MATERIALS_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,image/*"


def split_numbers(value: str) -> list[str]:
    return [n for n in re.split(r"[\s,,、;;]+", value or "") if n]


def _when(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


NUMBERS_HINT = _("多个工号用逗号、空格或换行分隔")


def _numbers(label, help_text=NUMBERS_HINT):
    return TextareaField(label=label, required=False, help_text=help_text, rows=2)


def _people(label, help_text):
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=help_text,
    )


class MeetingForm(StyledForm):
    unit = forms.ModelChoiceField(queryset=None, label=_("组织"), empty_label=None)
    kind = forms.ModelChoiceField(
        queryset=MeetingKind.objects.filter(active=True), label=_("会议类型"), empty_label=None
    )
    topic = forms.CharField(label=_("会议主题"), max_length=200)
    starts_at = _when(_("开始时间"))
    ends_at = _when(_("结束时间"))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("线上会议链接"), required=False, max_length=500, assume_scheme="https"
    )
    host_no = forms.CharField(label=_("主持人工号"), max_length=32)
    recorder_no = forms.CharField(label=_("记录人工号"), max_length=32, required=False)
    invitees = _people(_("参会人员"), _("默认本组织全体党员,可取消勾选"))
    extra_nos = _numbers(_("另邀人员工号"))
    agenda = TextareaField(label=_("会议议程"), required=False, max_length=20000, rows=4)
    materials = FilesField(label=_("会议材料"), accept=MATERIALS_ACCEPT)

    def __init__(self, *args, units, members=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["invitees"].choices = [
            (str(p.pk), f"{p.name}({p.employee_no})") for p in members
        ]
        if editing:
            for name in ("unit", "kind", "materials"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        data["extra"] = split_numbers(data.get("extra_nos", ""))
        return data


class RecordForm(MeetingForm):
    """补录: a meeting already held, with who attended, who was on leave, and its record."""

    invitees = _people(_("出席人员"), _("勾选实际出席的党员;未勾选且未请假的记为缺席"))
    extra_nos = _numbers(_("其他出席人员工号"))
    leave_nos = _numbers(_("请假人员工号"))
    minutes = RichTextField(label=_("会议记录"))
    resolutions = TextareaField(label=_("会议决议"), required=False, max_length=20000)
    photos = FilesField(label=_("会议照片"), accept="image/*")
    files = FilesField(label=_("其他文件"), accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["materials"]

    def clean(self):
        data = super().clean()
        data["leave"] = split_numbers(data.get("leave_nos", ""))
        return data


class CloseForm(StyledForm):
    minutes = RichTextField(label=_("会议记录"))
    resolutions = TextareaField(label=_("会议决议"), required=False, max_length=20000)
    photos = FilesField(label=_("会议照片"), accept="image/*")
    files = FilesField(label=_("其他文件"), accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx")


class ReasonForm(StyledForm):
    reason = TextareaField(label=_("事由"), max_length=200)


class MakeupForm(StyledForm):
    note = TextareaField(label=_("学习体会(选填)"), required=False, max_length=2000, rows=4)


class MaterialsForm(StyledForm):
    materials = FilesField(label=_("会议材料"), accept=MATERIALS_ACCEPT)


class RecordReviewForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("approve", _("合格")), ("return", _("退回修改"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = TextareaField(
        label=_("退回理由"),
        required=False,
        max_length=300,
        help_text=_("退回时必填,会通知主持人和记录人"),
    )


class GroupMembersForm(StyledForm):
    numbers = _numbers(_("党员工号"), _("本支部党员的工号,多个用逗号、空格或换行分隔"))


KIND_SETTINGS = (
    "frequency",
    "unit_kind",
    "counts_as_study",
    "integrity_education",
    "sort",
    "active",
)


class KindsForm(StyledForm):
    """Every kind's settings on one page: fields named `<setting>_<kind id>` (see kinds_form)."""

    def rows(self):
        return [
            {"kind": k, "fields": [self[f"{n}_{k.pk}"] for n in KIND_SETTINGS]} for k in self.kinds
        ]

    def changes(self) -> dict[int, dict]:
        d = self.cleaned_data
        return {k.pk: {n: d[f"{n}_{k.pk}"] for n in KIND_SETTINGS} for k in self.kinds}


def kinds_form(kinds) -> type[KindsForm]:
    """The kinds form for these kinds: its fields are declared per kind, so the shared styling
    and validation see them like any other field."""
    fields = {"kinds": list(kinds)}
    for k in fields["kinds"]:
        fields[f"frequency_{k.pk}"] = forms.ChoiceField(
            label=_("规定频次"), choices=Frequency.choices, initial=k.frequency
        )
        fields[f"unit_kind_{k.pk}"] = forms.ChoiceField(
            label=_("适用组织"),
            choices=[(UnitKind.BRANCH, _("党支部")), (UnitKind.PARTY_GROUP, _("党小组"))],
            initial=k.unit_kind,
        )
        fields[f"counts_as_study_{k.pk}"] = forms.BooleanField(
            label=_("计入理论学习"), required=False, initial=k.counts_as_study
        )
        fields[f"integrity_education_{k.pk}"] = forms.BooleanField(
            label=_("计入廉政教育"), required=False, initial=k.integrity_education
        )
        fields[f"sort_{k.pk}"] = forms.IntegerField(
            label=_("排序"), min_value=0, max_value=32767, initial=k.sort
        )
        fields[f"active_{k.pk}"] = forms.BooleanField(
            label=_("启用"), required=False, initial=k.active
        )
    return type("KindsForm", (KindsForm,), fields)
