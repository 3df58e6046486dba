"""Reads of the appeals ledger: always through Appeal.objects.visible_to(user); out of scope is
a 404. Figures are aggregates in the database over the same scoped, filtered queryset."""

from datetime import date, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError, NotFound
from apps.core.models import Attachment

from . import receipts
from .choices import PUBLIC_EVENTS, Status
from .filters import DONE_Q, ON_TIME_Q, SATISFIED, overdue_q
from .models import Appeal, AppealEvent


def appeal_list(*, user):
    return Appeal.objects.visible_to(user).select_related(
        "category", "owner_unit", "owner_person", "submitter", "submitter_unit"
    )


def appeal_get(*, user, pk: int) -> Appeal:
    appeal = (
        appeal_list(user=user)
        .select_related("intake_unit", "merged_into", "owner_unit__head")
        .filter(pk=pk)
        .first()
    )
    if appeal is None:
        raise NotFound()
    return appeal


def owner_unit_choices(*, user):
    """Units an appeal may be assigned to: the company, departments and teams the user reaches,
    and for company-level intake every such unit of their companies."""
    from apps.core.scope import scope_of, subtree_q
    from apps.orgs.choices import UnitKind
    from apps.orgs.models import OrgUnit

    from .permissions import intake_companies

    kinds = (UnitKind.COMPANY, UnitKind.DEPARTMENT, UnitKind.TEAM)
    qs = OrgUnit.objects.alive().filter(kind__in=kinds).only("pk", "name", "depth", "path")
    scope = scope_of(user)
    if scope.everything:
        return qs
    reach = Q(pk__in=[])
    for prefix in scope.prefixes:
        reach |= subtree_q(prefix)
    for path in OrgUnit.objects.filter(pk__in=intake_companies(user)).values_list(
        "path", flat=True
    ):
        reach |= subtree_q(path)
    return qs.filter(reach)


def appeal_events(appeal: Appeal, *, public_only: bool = False):
    qs = AppealEvent.objects.filter(appeal=appeal).select_related("actor__person")
    if public_only:
        qs = qs.filter(kind__in=PUBLIC_EVENTS)
    return qs.order_by("created_at", "pk")


def appeal_attachments(appeal: Appeal):
    from django.contrib.contenttypes.models import ContentType

    return Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(Appeal), owner_id=appeal.pk
    ).order_by("pk")


def appeal_by_receipt(*, code: str, client: str) -> Appeal:
    """The anonymous appeal behind a receipt code. Wrong codes count against the client; after
    too many within the window every lookup is refused, right or wrong."""
    receipts.check_throttle(client)
    appeal = None
    if receipts.well_formed(code):
        appeal = (
            Appeal.objects.filter(anonymous=True, receipt_digest=receipts.digest(code))
            .select_related("category", "owner_unit", "merged_into")
            .first()
        )
    if appeal is None:
        receipts.record_failure(client)
        raise DomainError(
            "receipt_invalid",
            _("回执码不正确,请核对后重新输入(共 16 位字母和数字)。"),
            field="code",
            status=404,
        )
    return appeal


def status_counts(qs) -> dict[str, int]:
    """Appeals per status, and overdue, in one query."""
    aggregates = {s: Count("pk", filter=Q(status=s)) for s in Status.values}
    aggregates["overdue"] = Count("pk", filter=overdue_q())
    aggregates["total"] = Count("pk")
    return qs.order_by().aggregate(**aggregates)


# --- figures -------------------------------------------------------------------------------


def percent(part, whole) -> float | None:
    """A percentage to one decimal place; None when there is nothing to divide by."""
    return round(part * 100.0 / whole, 1) if whole else None


def _measures() -> dict:
    duration = ExpressionWrapper(F("resolved_at") - F("created_at"), output_field=DurationField())
    return {
        "received": Count("pk"),
        "closed": Count("pk", filter=DONE_Q),
        "on_time": Count("pk", filter=ON_TIME_Q),
        "avg_duration": Avg(duration, filter=DONE_Q & Q(resolved_at__isnull=False)),
        "rated": Count("pk", filter=Q(rating__isnull=False)),
        "avg_rating": Avg("rating"),
        "satisfied": Count("pk", filter=Q(rating__gte=SATISFIED)),
    }


def _finish(row: dict) -> dict:
    avg = row.pop("avg_duration", None)
    if avg is not None and not isinstance(avg, timedelta):  # some backends give microseconds
        avg = timedelta(microseconds=float(avg))
    row["avg_days"] = round(avg.total_seconds() / 86400, 1) if avg is not None else None
    row["avg_rating"] = round(row["avg_rating"], 2) if row.get("avg_rating") is not None else None
    row["on_time_pct"] = percent(row["on_time"], row["closed"])
    row["satisfied_pct"] = percent(row["satisfied"], row["rated"])
    row["closed_pct"] = percent(row["closed"], row["received"])
    return row


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return date(today.year, 1, 1), today


def figures(qs) -> dict:
    """Received, closed, closed on time (%), average days to close, satisfaction (average and %
    satisfied), overall and by unit, category and month, for the appeals in `qs` (scoped and
    filtered by the caller: the period is the received date)."""
    qs = qs.order_by()
    measures = _measures()
    totals = _finish(qs.aggregate(**measures))
    by_unit = [
        _finish(row)
        for row in qs.values("owner_unit_id", "owner_unit__name")
        .annotate(**measures)
        .order_by("-received", "owner_unit__name")
    ]
    by_category = [
        _finish(row)
        for row in qs.values("category_id", "category__name", "category__sort")
        .annotate(**measures)
        .order_by("category__sort", "category_id")
    ]
    by_month = [
        _finish(row)
        for row in qs.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(**measures)
        .order_by("month")
    ]
    for row in by_month:
        month = row["month"]
        if hasattr(month, "date"):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        row["month"] = month.replace(day=1)
    return {"totals": totals, "by_unit": by_unit, "by_category": by_category, "by_month": by_month}
