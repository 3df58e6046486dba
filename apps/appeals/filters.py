"""One FilterSet for the ledger page, its Excel export and print view, the API and the figures'
links."""

import django_filters as df
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core import search as fulltext
from apps.core.filters import DayFilter, IdFilter, OnlyBox, StyledFilterSet, ordering_filter
from apps.orgs.filters import UnitSubtreeFilter

from .choices import DONE, Status, Urgency
from .models import Appeal, Category


def overdue_q(now=None) -> Q:
    """Still being handled and past its deadline."""
    return Q(status=Status.HANDLING, due_at__lt=now or timezone.now())


def number_q(value: str) -> Q:
    """The appeal with this ledger number: SQ2026-000123 (or 123) by row id, an anonymous
    one's random SQ2026-N4K7QX by itself; a number too big for an id matches nothing."""
    value = (value or "").strip().upper()
    digits = value.removeprefix("SQ").rsplit("-", 1)[-1]
    cond = Q(ref=value)
    if digits.isdigit() and int(digits) < 2**63:
        cond |= Q(pk=int(digits), ref__isnull=True)
    return cond


def _contains(qs, value):
    """The search before the index holds any appeal: the title, or the ledger number."""
    return qs.filter(Q(title__contains=value) | number_q(value))


DONE_Q = Q(status__in=DONE)
ON_TIME_Q = DONE_Q & Q(resolved_at__lte=F("due_at"))
LATE_Q = DONE_Q & Q(resolved_at__gt=F("due_at"))
SATISFIED = 4  # a rating of 4 or 5 counts as satisfied


class AppealFilter(StyledFilterSet):
    q = df.CharFilter(method="search", label=_("搜索"))
    status = df.ChoiceFilter(choices=Status.choices, label=_("状态"), empty_label=_("全部状态"))
    category = df.ModelChoiceFilter(
        queryset=Category.objects.all(), label=_("类别"), empty_label=_("全部类别")
    )
    urgency = df.ChoiceFilter(
        choices=Urgency.choices, label=_("紧急程度"), empty_label=_("全部紧急程度")
    )
    unit = UnitSubtreeFilter(unit_field="owner_unit", label=_("责任单位(含下级)"))
    owner = IdFilter(field_name="owner_person_id", label=_("责任人"))
    owner_no = df.CharFilter(method="by_owner_no", label=_("责任人工号"))
    overdue = df.BooleanFilter(
        method="by_overdue", label=_("已逾期"), widget=OnlyBox(label=_("只看逾期"))
    )
    done = df.BooleanFilter(method="by_done", label=_("已办结"))
    on_time = df.BooleanFilter(method="by_on_time", label=_("按期办结"))
    satisfied = df.BooleanFilter(method="by_satisfied", label=_("满意"))
    mine = df.BooleanFilter(method="by_mine", label=_("我提交的"))
    received_from = DayFilter(field_name="created_at", label=_("受理日期起"))
    received_to = DayFilter(field_name="created_at", until=True, label=_("受理日期止"))
    ordering = ordering_filter(
        {
            "created_at": _("受理日期"),
            "due_at": _("办结时限"),
            "resolved_at": _("办结日期"),
            "status": _("状态"),
            "urgency": _("紧急程度"),
        }
    )

    class Meta:
        model = Appeal
        fields = []

    @property
    def form(self):
        form = super().form
        for name in ("received_from", "received_to"):
            form.fields[name].widget.input_type = "date"
        return form

    def search(self, qs, name, value):
        value = (value or "").strip()
        if not value:
            return qs
        return fulltext.apply(qs, value, fallback=_contains)

    def by_owner_no(self, qs, name, value):
        from apps.orgs.models import Person

        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(owner_person__in=Person.objects.filter(employee_no=value).values("pk"))

    def by_overdue(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(overdue_q()) if value else qs.exclude(overdue_q())

    def by_done(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(DONE_Q) if value else qs.exclude(DONE_Q)

    def by_on_time(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(ON_TIME_Q if value else LATE_Q)

    def by_satisfied(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(rating__gte=SATISFIED) if value else qs.filter(rating__lt=SATISFIED)

    def by_mine(self, qs, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None:
            return qs
        return qs.filter(submitter_id=user.person_id, anonymous=False)
