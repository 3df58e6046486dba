"""The 督办 page's small forms: a 催办 note, an extension request, its decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DayField, StyledForm, TextareaField


class RemindForm(StyledForm):
    note = TextareaField(label=_("催办说明(可选)"), max_length=500, required=False, rows=2)


class ExtensionForm(StyledForm):
    new_due_date = DayField(label=_("申请延至"))
    reason = TextareaField(label=_("延期理由"), max_length=500)


class DecideForm(StyledForm):
    grant = forms.TypedChoiceField(
        label=_("审批结论"),
        choices=[("1", _("同意延期")), ("0", _("不同意"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = TextareaField(
        label=_("审批意见"), max_length=500, required=False, help_text=_("不同意时必填"), rows=2
    )
