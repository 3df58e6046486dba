from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm, UnitTreeChoiceField
from apps.orgs.scope import units_reached

from .models import BriefKind


class BriefRequestForm(StyledForm):
    unit = UnitTreeChoiceField(queryset=None, label=_("单位"))
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=BriefKind.choices,
        initial=BriefKind.MONTH,
        required=False,
        help_text=_("年度数据附件取所选月份的年度,逐月列出各项指标,供党建工作总结使用"),
    )
    month = forms.CharField(
        label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}), max_length=7
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_reached(user).order_by("path")
        last = timezone.localdate().replace(day=1) - timezone.timedelta(days=1)
        self.fields["month"].initial = f"{last:%Y-%m}"  # the month just ended

    def clean_kind(self):
        return self.cleaned_data.get("kind") or BriefKind.MONTH
