"""量化考核 calculators of 合理化建议 (registered in apps.py): 采纳率 and verified benefit, per unit
subtree of the suggestion's target unit, for the suggestions submitted in the period."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .models import Suggestion
from .selectors import CENT, _measures


def _sums(*, units, start, end):
    lo, hi = indicators.bounds(start, end)
    qs = Suggestion.objects.filter(submitted_at__gte=lo, submitted_at__lt=hi)
    return indicators.subtree_sums(units, qs, path="target_unit__path", measures=_measures())


def _url(unit, start, end, **extra) -> str:
    return indicators.list_url(
        "suggestions:list", unit=unit.pk, submitted_from=start, submitted_to=end, **extra
    )


indicators.register_rate(
    "suggestions.adoption_rate",
    _("合理化建议采纳率"),  # adopted (and every later state) ÷ submitted
    sums=_sums,
    part="adopted",
    whole="submitted",
    url=_url,
)


@indicators.calculator("suggestions.verified_benefit", _("合理化建议核定效益"), measure="元")
def verified_benefit(*, units, start, end) -> dict[int, indicators.Value]:
    """The benefit (元) verified for them."""
    sums = _sums(units=units, start=start, end=end)
    out = {}
    for u in units:
        benefit = Decimal(str(sums[u.pk]["benefit"] or 0)).quantize(CENT)
        url = _url(u, start, end, stage="verified")
        out[u.pk] = indicators.Value(benefit, benefit, sums[u.pk]["verified"], url)
    return out
