"""One FilterSet for the feed, the case library and the API."""

import re
from datetime import date, datetime, time, timedelta

import django_filters as df
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import IdFilter, SearchFilter, StyledFilterSet
from apps.orgs.filters import UnitSubtreeFilter

from .choices import PeriodKind, PostKind
from .models import Post
from .periods import period_bounds

PERIOD_RE = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_period(value: str):
    """ "2025", "2025-Q2" or "2025-05" → (first day, last day); None if it is not one."""
    m = PERIOD_RE.match(value or "")
    if not m:
        return None
    year, quarter, month = int(m[1]), m[2], m[3]
    if quarter:
        return period_bounds(PeriodKind.QUARTER, year, int(quarter))
    if month:
        return period_bounds(PeriodKind.MONTH, year, int(month))
    return period_bounds(PeriodKind.YEAR, year)


class PostFilter(StyledFilterSet):
    q = SearchFilter(fields=("title",))
    kind = df.ChoiceFilter(choices=PostKind.choices, label=_("类型"), empty_label=_("全部类型"))
    unit = UnitSubtreeFilter(unit_field="unit", label=_("发布单位(含下级)"))
    period = df.CharFilter(
        method="in_period",
        label=_("周期"),
        validators=[RegexValidator(PERIOD_RE, _("周期格式为 2025、2025-Q2 或 2025-05。"))],
    )
    published = df.CharFilter(
        method="published_in",
        label=_("发布月份"),
        validators=[RegexValidator(MONTH_RE, _("发布月份格式为 2025-05。"))],
    )
    since = df.DateFilter(method="published_since", label=_("发布日期起"))
    featured = df.BooleanFilter(field_name="featured", label=_("精选案例"))
    tag = IdFilter(method="tagged", label=_("标签"))

    class Meta:
        model = Post
        fields = []

    def in_period(self, qs, name, value):
        """Plans whose period overlaps it, and other posts published in it."""
        bounds = parse_period(value)
        if bounds is None:
            return qs
        start, end = bounds
        return qs.filter(Q(period_start__lte=end) & Q(period_end__gte=start))

    def published_in(self, qs, name, value):
        """Posts published in a month (local time): what the figures' months count."""
        m = MONTH_RE.match(value or "")
        if not m:
            return qs
        start = date(int(m[1]), int(m[2]), 1)
        end = (start + timedelta(days=32)).replace(day=1)
        lo, hi = (timezone.make_aware(datetime.combine(d, time.min)) for d in (start, end))
        return qs.filter(published_at__gte=lo, published_at__lt=hi)

    def published_since(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(published_at__gte=timezone.make_aware(datetime.combine(value, time.min)))

    def tagged(self, qs, name, value):
        if value is None:
            return qs
        through = Post.tags.through.objects.filter(tag_id=value).values("post_id")
        return qs.filter(pk__in=through)
