"""The thresholds page's form: its fields and bounds come from the model and POLICY_BOUNDS; the
service checks them again (the API's way in) with the same Chinese message."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm, UnitChoiceField

from .models import AlertPolicy
from .services import POLICY_BOUNDS


def _field(name: str) -> forms.Field:
    model_field = AlertPolicy._meta.get_field(name)
    lo, hi = POLICY_BOUNDS[name]
    # Not required and no min/max here: the service's refusal names the bounds in one message.
    kwargs = {
        "label": model_field.verbose_name,
        "help_text": model_field.help_text,
        "required": False,
    }
    attrs = {"min": lo, "max": hi}
    if isinstance(lo, Decimal):
        attrs["step"] = str(Decimal(1).scaleb(-model_field.decimal_places))
        return forms.DecimalField(widget=forms.NumberInput(attrs=attrs), **kwargs)
    return forms.IntegerField(widget=forms.NumberInput(attrs=attrs), **kwargs)


class PolicyForm(StyledForm):
    company = UnitChoiceField(label=_("公司"), queryset=None, empty_label=None)

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        for name in POLICY_BOUNDS:
            self.fields[name] = _field(name)
        self.style_fields()
