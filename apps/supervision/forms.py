"""The 督办 page's small forms: a 催办 note, an extension request, its decision."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm


def end_of_day(day) -> datetime:
    """A deadline given as a date means the end of that working day (18:00 local)."""
    return timezone.make_aware(datetime.combine(day, time(18, 0)))


class RemindForm(StyledForm):
    note = forms.CharField(
        label=_("催办说明(可选)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExtensionForm(StyledForm):
    new_due_date = forms.DateField(
        label=_("申请延至"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("延期理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideForm(StyledForm):
    grant = forms.TypedChoiceField(
        label=_("审批结论"),
        choices=[("1", _("同意延期")), ("0", _("不同意"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("审批意见"),
        max_length=500,
        required=False,
        help_text=_("不同意时必填"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
