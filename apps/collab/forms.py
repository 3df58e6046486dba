"""Short forms, one action per screen; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DeadlineField, FilesField, StyledForm, TextareaField, UnitChoiceField
from apps.core.richtext import RichTextField
from apps.orgs.forms import PersonNoField

from .choices import Cadence, Line, Presence

DATETIME_LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class MeetingForm(StyledForm):
    name = forms.CharField(
        label=_("名称"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("如:党群工作联席会议")}),
    )
    convener = UnitChoiceField(queryset=None, label=_("召集单位"), empty_label=None)
    cadence = forms.ChoiceField(label=_("召开周期"), choices=Cadence.choices)
    description = TextareaField(label=_("议事范围(可选)"), max_length=2000, required=False)

    def __init__(self, *args, conveners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convener"].queryset = conveners


class MemberForm(StyledForm):
    unit = UnitChoiceField(queryset=None, label=_("成员单位"))
    line = forms.ChoiceField(label=_("条线"), choices=Line.choices)
    person = PersonNoField(label=_("参会代表工号(可选)"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class MemberEditForm(StyledForm):
    line = forms.ChoiceField(label=_("条线"), choices=Line.choices)
    person = PersonNoField(label=_("参会代表工号(可选)"))


class SessionForm(StyledForm):
    held_at = forms.DateTimeField(
        label=_("会议时间"),
        input_formats=DATETIME_LOCAL,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("会议地点"), max_length=100)
    topic_deadline = forms.DateTimeField(
        label=_("议题征集截止(可选)"),
        required=False,
        input_formats=DATETIME_LOCAL,
        help_text=_("不填则为会前三天;临时召开的会议为现在到会前的一半时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class TopicForm(StyledForm):
    unit = UnitChoiceField(queryset=None, label=_("提交单位"), empty_label=None)
    title = forms.CharField(
        label=_("议题"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("如:推进扭亏脱困三年行动")}),
    )
    description = TextareaField(label=_("议题说明(可选)"), max_length=2000, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AttendanceForm(StyledForm):
    """One presence choice and stand-in name per member unit."""

    def __init__(self, *args, members, marks, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for m in members:
            mark = marks.get(m.pk)
            self.fields[f"presence_{m.pk}"] = forms.ChoiceField(
                label=m.unit.name,
                choices=Presence.choices,
                initial=mark.presence if mark else Presence.PRESENT,
                # added after StyledForm styled the declared fields, so styled here
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"stand_in_{m.pk}"] = forms.CharField(
                label=_("委托参会人"),
                max_length=50,
                required=False,
                initial=mark.stand_in if mark else "",
                widget=forms.TextInput(
                    attrs={"class": "form-control", "placeholder": _("委托参会人姓名")}
                ),
            )
            self.rows.append((m, self[f"presence_{m.pk}"], self[f"stand_in_{m.pk}"]))

    def rows_data(self) -> dict:
        return {
            int(name.removeprefix("presence_")): (
                value,
                self.cleaned_data.get(name.replace("presence_", "stand_in_"), ""),
            )
            for name, value in self.cleaned_data.items()
            if name.startswith("presence_")
        }


class MinutesForm(StyledForm):
    minutes = RichTextField(label=_("会议纪要"), required=False)


class ResolutionForm(StyledForm):
    text = TextareaField(
        label=_("议定事项"),
        max_length=2000,
        placeholder=_("如:实施安全生产百日攻坚,各车间开展隐患自查"),
    )


class ActionForm(StyledForm):
    title = forms.CharField(label=_("督办事项"), max_length=200)
    expected_result = TextareaField(label=_("预期成效"), max_length=2000, rows=2)
    # Required here with the services' own words, so the page and the API say the same thing.
    owner_unit = UnitChoiceField(
        queryset=None,
        label=_("责任单位"),
        empty_label=_("请选择"),
        error_messages={"required": _("请指定责任单位。")},
    )
    owner_person = PersonNoField(
        label=_("责任人工号"), required=True, error_messages={"required": _("请指定责任人。")}
    )
    due_at = DeadlineField(label=_("办结时限"), error_messages={"required": _("请填写办结时限。")})

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units


class ReassignForm(ActionForm):
    note = TextareaField(label=_("调整说明(可选)"), max_length=500, required=False, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["title"], self.fields["expected_result"]


class ProgressForm(StyledForm):
    note = TextareaField(
        label=_("进展情况"), max_length=2000, rows=4, placeholder=_("做了什么,下一步怎么做")
    )
    files = FilesField(label=_("附件(可选)"), help_text=_("图片、PDF 或 Office 文件,最多 9 个"))


class RequestForm(ProgressForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("办理结果")
        self.fields["note"].widget.attrs["placeholder"] = _("对照预期成效,说明完成情况")


class AcceptForm(StyledForm):
    note = TextareaField(label=_("审核意见(可选)"), max_length=500, required=False, rows=2)


class CancelForm(StyledForm):
    reason = TextareaField(
        label=_("取消原因"),
        max_length=200,
        rows=2,
        placeholder=_("如:与安全生产专题会冲突,另行通知"),
    )


class ReturnForm(StyledForm):
    reason = TextareaField(label=_("退回理由"), max_length=500, placeholder=_("还差什么、怎么补"))
    due_at = DeadlineField(
        label=_("新的办结时限(可选)"), required=False, help_text=_("不填则沿用原时限")
    )
