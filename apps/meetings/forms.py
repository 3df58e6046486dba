"""Short forms: the services check the rules; forms parse and keep what was typed."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.richtext import RichTextField

from .models import MeetingKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files from one input; the service checks each one's type."""

    def __init__(self, *args, accept: str = "", **kwargs):
        attrs = {"class": "form-control", "multiple": True}
        if accept:
            attrs["accept"] = accept
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(FilesField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def split_numbers(value: str) -> list[str]:
    return [n for n in re.split(r"[\s,,、;;]+", value or "") if n]


DT = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
)


class MeetingForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("组织"), empty_label=None)
    kind = forms.ModelChoiceField(
        queryset=MeetingKind.objects.filter(active=True), label=_("会议类型"), empty_label=None
    )
    topic = forms.CharField(label=_("会议主题"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("开始时间"), widget=DT, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"), widget=DT, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("线上会议链接"), required=False, max_length=500, assume_scheme="https"
    )
    host_no = forms.CharField(label=_("主持人工号"), max_length=32)
    recorder_no = forms.CharField(label=_("记录人工号"), max_length=32, required=False)
    invitees = forms.MultipleChoiceField(
        label=_("参会人员"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("默认本组织全体党员,可取消勾选"),
    )
    extra_nos = forms.CharField(
        label=_("另邀人员工号"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("多个工号用逗号、空格或换行分隔"),
    )
    agenda = forms.CharField(
        label=_("会议议程"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )
    materials = FilesField(
        label=_("会议材料"), accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,image/*"
    )

    def __init__(self, *args, units, members=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["invitees"].choices = [
            (str(p.pk), f"{p.name}({p.employee_no})") for p in members
        ]
        if editing:
            for name in ("unit", "kind", "materials"):
                del self.fields[name]
        for name, field in self.fields.items():
            if name != "invitees":
                field.widget.attrs.setdefault(
                    "class",
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control",
                )

    def clean(self):
        data = super().clean()
        data["extra"] = split_numbers(data.get("extra_nos", ""))
        return data


class CloseForm(forms.Form):
    minutes = RichTextField(label=_("会议记录"))
    resolutions = forms.CharField(
        label=_("会议决议"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=20000,
    )
    photos = FilesField(label=_("会议照片"), accept="image/*")
    files = FilesField(label=_("其他文件"), accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("事由"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class MakeupForm(forms.Form):
    note = forms.CharField(
        label=_("学习体会(选填)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )


class MaterialsForm(forms.Form):
    materials = FilesField(
        label=_("会议材料"), accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,image/*"
    )
