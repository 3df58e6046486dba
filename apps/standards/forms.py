"""Forms: opening a round and copying a checklist. The self-check and the scoring are one page
of per-item fields, read by the views and checked by the services."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DayField, FilesField, StyledForm, TextareaField, UnitChoiceField

from . import judges
from .models import Checklist


class RoundForm(StyledForm):
    checklist = forms.ModelChoiceField(
        queryset=Checklist.objects.all(), label=_("检查表年度"), empty_label=None
    )
    unit = UnitChoiceField(queryset=None, label=_("检查范围"), empty_label=None)
    title = forms.CharField(
        label=_("名称"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("如:2025年7月支部标准化规范化建设检查")}),
    )
    period_start = DayField(label=_("考核期起"))
    period_end = DayField(label=_("考核期止"))
    deadline = DayField(label=_("自查截止"), help_text=_("截止前由督办提醒尚未提交的支部"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["checklist"].label_from_instance = lambda c: f"{c.year}"


class CopyForm(StyledForm):
    to_year = forms.IntegerField(label=_("新年度"), min_value=2000, max_value=2100)
    from_year = forms.IntegerField(
        label=_("复制自年度"), min_value=2000, max_value=2100, required=False
    )


class CommentForm(StyledForm):
    comment = TextareaField(label=_("意见"), max_length=1000, required=False)

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required


class _RowErrors:
    """A row's messages, read when the page renders (after the service has had its say)."""

    def __init__(self, fields):
        self.fields = fields

    def __iter__(self):
        return (e for f in self.fields for e in f.errors)

    def __bool__(self):
        return any(f.errors for f in self.fields)


class ItemsForm(StyledForm):
    """A page of per-item fields named `<key>_<ReviewItem id>` (a score, a note, evidence, a
    reason), read as one form so that a service's refusal naming a field lands on its item.
    The services check the values; each row gets `fields` (its bound fields) and `errors`."""

    def __init__(self, *args, rows, keys, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows, self.keys = rows, keys
        for ri in rows:
            for key in keys:
                self.fields[f"{key}_{ri.pk}"] = (
                    FilesField() if key == "files" else forms.CharField(required=False)
                )
            ri.fields = {key: self[f"{key}_{ri.pk}"] for key in keys}
            ri.errors = _RowErrors(list(ri.fields.values()))

    def entries(self) -> dict:
        """{ReviewItem id: {key: value}} as the services take them."""
        data = self.cleaned_data
        return {
            ri.pk: {key: data.get(f"{key}_{ri.pk}") or ([] if key == "files" else "")
                    for key in self.keys}
            for ri in self.rows
        }  # fmt: skip


class ScoreForm(ItemsForm):
    comment = CommentForm.base_fields["comment"]


class StandardItemForm(StyledForm):
    group = forms.CharField(label=_("类别"), max_length=30, help_text=_("如:组织建设、组织生活"))
    title = forms.CharField(label=_("标准内容"), max_length=200)
    points = forms.DecimalField(
        label=_("分值"), min_value=Decimal("0.5"), max_value=100, decimal_places=1
    )
    evidence = forms.CharField(label=_("佐证材料"), max_length=300, required=False)
    needs_file = forms.BooleanField(label=_("自查时须上传佐证文件"), required=False)
    judge = forms.ChoiceField(
        label=_("评分方式"),
        required=False,
        help_text=_("选择平台判定的,由平台根据已有记录自动评分,支部不用自评。"),
    )
    sort = forms.IntegerField(label=_("排序"), min_value=0, max_value=999, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = [("", _("人工评分(支部自评、上级评定)"))] + [
            (code, _("平台判定:%(label)s") % {"label": label}) for code, label in judges.choices()
        ]


class ChecklistSettingsForm(StyledForm):
    threshold = forms.DecimalField(
        label=_("达标分数线"), min_value=0, max_value=1000, decimal_places=1
    )
    note = TextareaField(label=_("说明"), max_length=1000, required=False, rows=2)
