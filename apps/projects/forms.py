"""Forms for projects: a proposal with its rows (targets, co-operating units, milestones), and
short one-action forms for phones. The services check the rules; rows left blank are skipped."""

from datetime import date

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from apps.core.forms import FilesField, StyledForm, TextareaField, UnitChoiceField
from apps.core.richtext import RichTextField
from apps.orgs.forms import PersonNoField
from apps.orgs.models import Person

from .choices import TargetDirection, Verdict
from .services import CooperationIn, MemberIn, MilestoneIn, TargetIn

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(StyledForm):
    name = forms.CharField(
        label=_("项目名称"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("如:锅炉燃烧优化降本增效青年突击项目")}),
    )
    type = forms.ModelChoiceField(queryset=None, label=_("项目类型"), empty_label=None)
    aim = RichTextField(label=_("项目目标与内容"))
    lead_unit = UnitChoiceField(
        queryset=None,
        label=_("牵头单位"),
        empty_label=_("请选择牵头单位"),
        error_messages={"required": _("请选择牵头单位。")},
    )
    leader_no = PersonNoField(label=_("项目负责人工号"))
    team_name = forms.CharField(
        label=_("项目团队(可选)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如:动力车间党员突击队")}),
    )
    start_date = forms.DateField(label=_("开始日期"), widget=DATE)
    end_date = forms.DateField(label=_("完成时限"), widget=DATE)
    budget = forms.DecimalField(
        label=_("预算(元,可选)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    member_lines = TextareaField(
        label=_("项目成员"),
        required=False,
        max_length=3000,
        help_text=_("每行一人:工号,空格,分工(可不填)"),
        placeholder=_("每行一人:工号 分工,如 10003 现场实施"),
    )

    def __init__(self, *args, units, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["type"].queryset = types

    def clean_member_lines(self):
        rows, missing = [], []
        for line in self.cleaned_data["member_lines"].splitlines():
            parts = line.replace(",", " ").replace(",", " ").split(maxsplit=1)
            if not parts:
                continue
            person = Person.objects.filter(employee_no=parts[0]).first()
            if person is None:
                missing.append(parts[0])
                continue
            rows.append(MemberIn(person, parts[1] if len(parts) > 1 else ""))
        if missing:
            raise forms.ValidationError(
                _("没有这些工号的职工:%(nos)s") % {"nos": "、".join(missing)}
            )
        return rows


class TargetRow(StyledForm):
    name = forms.CharField(label=_("指标"), max_length=100, required=False)
    measure = forms.CharField(
        label=_("计量单位"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("万元、项、%、天")}),
    )
    target_value = forms.DecimalField(
        label=_("目标值"), required=False, max_digits=14, decimal_places=2
    )
    direction = forms.ChoiceField(
        label=_("方向"),
        choices=TargetDirection.choices,
        initial=TargetDirection.HIGHER,
        required=False,
    )

    def row(self):
        d = self.cleaned_data
        if not (d.get("name") or d.get("measure") or d.get("target_value") is not None):
            return None
        return TargetIn(
            d.get("name", ""), d.get("measure", ""), d.get("target_value"), d.get("direction")
        )


class CooperationRow(StyledForm):
    unit = UnitChoiceField(
        queryset=None, label=_("配合单位"), required=False, empty_label=_("选择配合单位")
    )
    contribution = forms.CharField(label=_("配合内容"), max_length=300, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def row(self):
        d = self.cleaned_data
        if d.get("unit") is None and not d.get("contribution"):
            return None
        return CooperationIn(d.get("unit"), d.get("contribution", ""))


class MilestoneRow(StyledForm):
    title = forms.CharField(label=_("里程碑"), max_length=100, required=False)
    owner_unit = UnitChoiceField(
        queryset=None, label=_("责任单位"), required=False, empty_label=_("选择责任单位")
    )
    owner_person = PersonNoField(label=_("责任人工号"))
    due_date = forms.DateField(label=_("完成时限"), required=False, widget=DATE)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units

    def row(self):
        d = self.cleaned_data
        if not (d.get("title") or d.get("owner_unit") or d.get("due_date")):
            return None
        return MilestoneIn(
            d.get("title", ""), d.get("owner_unit"), d.get("due_date"), d.get("owner_person")
        )


TargetFormSet = formset_factory(TargetRow, extra=0, max_num=20)
CooperationFormSet = formset_factory(CooperationRow, extra=0, max_num=20)
MilestoneFormSet = formset_factory(MilestoneRow, extra=0, max_num=50)


class MilestoneForm(MilestoneRow):
    """One milestone added to a project (same fields, all required but the person)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "owner_unit", "due_date"):
            self.fields[name].required = True


class NoteForm(StyledForm):
    note = TextareaField(label=_("意见(可选)"), max_length=2000, required=False)


class CommentForm(StyledForm):
    comment = TextareaField(label=_("退回意见"), max_length=2000, rows=4)


class ReasonForm(StyledForm):
    reason = TextareaField(label=_("终止原因"), max_length=2000)


class MilestoneUpdateForm(StyledForm):
    progress = forms.IntegerField(
        label=_("完成进度(%)"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 10}),
        help_text=_("填 100 即完成,里程碑随之关闭。"),
    )
    note = TextareaField(
        label=_("进展说明"), max_length=2000, rows=4, placeholder=_("做了什么,下一步怎么做")
    )
    done = forms.BooleanField(label=_("已完成,关闭这个里程碑"), required=False)
    evidence = FilesField(label=_("佐证材料(可选)"), help_text=_("照片、文档均可,最多 9 个"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("progress", "note"):
            self.fields[name].widget.attrs["class"] += " form-control-lg"

    def clean(self):
        data = super().clean()
        if not data.get("done") and data.get("progress") is None:
            self.add_error("progress", _("请填写完成进度,或勾选“已完成”。"))
        return data


class _TargetValues(StyledForm):
    """A number field per target, named `t<pk>`."""

    value_label = _("完成值")
    values_required = False

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for t in self.targets:
            goal = f"{t.target_value.normalize():f}"
            self.fields[f"t{t.pk}"] = forms.DecimalField(
                label=_("%(name)s(%(what)s,%(measure)s;目标 %(goal)s)")
                % {"name": t.name, "what": self.value_label, "measure": t.measure, "goal": goal},
                required=self.values_required,
                max_digits=14,
                decimal_places=2,
            )
        self.style_fields()

    def clean(self):
        """The figures per target also as `values`: {target id: value}."""
        data = super().clean()
        data["values"] = {t.pk: data.get(f"t{t.pk}") for t in self.targets}
        return data


class ReportForm(_TargetValues):
    reported_on = forms.DateField(label=_("报告日期"), widget=DATE)
    summary = RichTextField(label=_("进展情况"))

    field_order = ["reported_on", "summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reported_on", date.today())
        self.order_fields(self.field_order)


class IssueForm(StyledForm):
    title = forms.CharField(label=_("问题"), max_length=200)
    description = TextareaField(label=_("说明(可选)"), max_length=2000, required=False)


class ResolveForm(StyledForm):
    resolution = TextareaField(label=_("解决情况"), max_length=2000)


class AcceptanceRequestForm(_TargetValues):
    value_label = _("实际完成值")
    values_required = True
    summary = TextareaField(label=_("完成情况总结"), max_length=2000, rows=4)
    evidence = FilesField(label=_("佐证材料"), help_text=_("验收报告、照片、数据表等,最多 9 个"))


class AcceptanceDecideForm(StyledForm):
    verdict = forms.ChoiceField(
        label=_("验收结论"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    note = TextareaField(
        label=_("验收意见"), max_length=2000, required=False, help_text=_("不通过时必填")
    )


class EvaluateForm(StyledForm):
    score = forms.DecimalField(
        label=_("评价得分(0–100)"), min_value=0, max_value=100, max_digits=4, decimal_places=1
    )
    comment = TextareaField(label=_("评价意见"), max_length=2000, required=False)
