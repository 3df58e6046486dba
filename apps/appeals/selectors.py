"""Reads of the appeals ledger: always through Appeal.objects.visible_to(user); out of scope is
a 404. Figures are aggregates in the database over the same scoped, filtered queryset."""

import hashlib
import time
from datetime import date

from django.db.models import Count, FloatField, Func, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.db import LocalMonth
from apps.core.errors import NotFound
from apps.core.figures import percent
from apps.core.models import Attachment
from apps.core.timeline import timeline_rows

from . import receipts
from .choices import PUBLIC_EVENTS, Status
from .errors import AppealError
from .filters import DONE_Q, ON_TIME_Q, SATISFIED, overdue_q
from .models import Appeal, AppealEvent, PendingAction, PendingWrite


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
    """The appeal's steps in time order; `public_only`: those its submitter sees."""
    qs = AppealEvent.objects.filter(appeal=appeal)
    if public_only:
        qs = qs.filter(action__in=PUBLIC_EVENTS)
    return qs.order_by("at", "pk")


def appeal_timeline(appeal: Appeal, *, public_only: bool = False) -> list[dict]:
    """The steps as the one timeline shows them. The steps are the appeal's whole history (an
    edit of the audit log would name the staff to a receipt holder): no audited changes. The
    submitter's own steps say 提交人 (匿名提交人), never a name."""
    events = appeal_events(appeal, public_only=public_only)
    rows = timeline_rows(appeal, events=events, changes=False)
    submitter = _("匿名提交人") if appeal.anonymous else _("提交人")
    for row in rows:
        if row["event"].by_submitter:
            row["actor"] = submitter
    return rows


def appeal_attachments(appeal: Appeal):
    from django.contrib.contenttypes.models import ContentType

    return Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(Appeal), owner_id=appeal.pk
    ).order_by("pk")


def appeal_by_receipt(*, code: str, client: str) -> Appeal:
    """The anonymous appeal behind a receipt code. Wrong codes count against the client; after
    too many within the window every lookup is refused, right or wrong. A code whose appeal the
    batch has not written yet says when it will be."""
    receipts.check_throttle(client)
    appeal = pending = None
    if receipts.well_formed(code):
        digest = receipts.digest(code)
        appeal = (
            Appeal.objects.filter(anonymous=True, receipt_digest=digest)
            .select_related("category", "owner_unit", "merged_into")
            .first()
        )
        if appeal is None:
            pending = PendingWrite.objects.filter(
                receipt_digest=digest, action=PendingAction.SUBMIT
            ).first()
    if pending is not None:
        at = timezone.localtime(pending.batch_at)
        raise AppealError.RECEIPT_PENDING(field="code", at=f"{at:%Y-%m-%d %H:%M}")
    if appeal is None:
        receipts.record_failure(client)
        raise AppealError.RECEIPT_INVALID(field="code")
    return appeal


def status_counts(qs) -> dict[str, int]:
    """Appeals per status, and overdue, in one query."""
    aggregates = {s: Count("pk", filter=Q(status=s)) for s in Status.values}
    aggregates["overdue"] = Count("pk", filter=overdue_q())
    aggregates["total"] = Count("pk")
    return qs.order_by().aggregate(**aggregates)


# --- figures -------------------------------------------------------------------------------


class DaysBetween(Func):
    """(end - start) in days, as a float, with the database's own date arithmetic (Django's
    generic datetime subtraction runs a Python function per row on SQLite: 1 s at 100,000)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return (
            f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)::double precision",
            (*end_params, *start_params),
        )

    def as_sqlite(self, compiler, connection, **extra):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"(julianday({end}) - julianday({start}))", (*end_params, *start_params)


MEASURES = ("received", "closed", "on_time", "days", "rated", "rating_sum", "satisfied")


def _finish(row: dict) -> dict:
    """Averages and rates from the additive sums."""
    row["days"] = float(row["days"] or 0)
    row["avg_days"] = round(row["days"] / row["closed"], 1) if row["closed"] else None
    row["avg_rating"] = round(float(row["rating_sum"]) / row["rated"], 2) if row["rated"] else None
    row["on_time_pct"] = percent(row["on_time"], row["closed"])
    row["satisfied_pct"] = percent(row["satisfied"], row["rated"])
    row["closed_pct"] = percent(row["closed"], row["received"])
    return row


def _add(into: dict, row: dict) -> None:
    for m in MEASURES:
        into[m] = into.get(m, 0) + (row[m] or 0)


FIGURES_TTL = 300
VERSION_KEY = "appeals:figures:version"


def figures_changed(**kwargs) -> None:
    """An appeal changed: cached figures are stale. Bumped now and again after the commit, so a
    figure computed from uncommitted data in between is not kept."""
    from django.core.cache import cache
    from django.db import transaction

    def bump():
        cache.set(VERSION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


def figures_for(*, user, filterset) -> dict:
    """The figures of a filtered ledger, cached per user and filter until an appeal changes
    (or FIGURES_TTL passes): the whole-company figures are one scan of every appeal."""
    from django.core.cache import cache

    version = cache.get_or_set(VERSION_KEY, time.time_ns, None)
    params = sorted((k, v) for k, v in filterset.data.items() if v not in (None, ""))
    digest = hashlib.sha256(repr((version, user.pk, params)).encode()).hexdigest()[:32]
    key = f"appeals:figures:{digest}"
    data = cache.get(key)
    if data is None:
        data = figures(filterset.qs)
        cache.set(key, data, FIGURES_TTL)
    return data


COUNTS_TTL = 60


def status_counts_for(*, user, params, qs) -> dict[str, int]:
    """status_counts() of a ledger, cached per scope and filters until an appeal changes (or a
    minute passes): for a company-wide cadre it is a scan of every appeal, on every page view."""
    from django.core.cache import cache

    from apps.core.scope import scope_of

    scope = scope_of(user)
    version = cache.get_or_set(VERSION_KEY, time.time_ns, None)
    wanted = sorted(
        (k, v) for k, v in params.items() if v not in (None, "") and k not in ("page", "ordering")
    )
    who = (scope.everything, scope.prefixes, scope.person_id)
    digest = hashlib.sha256(repr((version, who, wanted)).encode()).hexdigest()[:32]
    return cache.get_or_set(f"appeals:counts:{digest}", lambda: status_counts(qs), COUNTS_TTL)


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return date(today.year, 1, 1), today


def figures(qs) -> dict:
    """Received, closed, closed on time (%), average days to close, satisfaction (average and %
    satisfied), overall and by unit, category and month, for the appeals in `qs` (scoped and
    filtered by the caller: the period is the received date).

    One grouped scan in the database (unit × category × month, with additive sums); totals and
    the three breakdowns are rolled up from its rows, so every figure agrees with the others."""
    from apps.orgs.models import OrgUnit

    from .models import Category

    closed_q = DONE_Q & Q(resolved_at__isnull=False)
    rows = list(
        qs.order_by()
        .annotate(month=LocalMonth("created_at"))
        .values("owner_unit_id", "category_id", "month")
        .annotate(
            received=Count("pk"),
            closed=Count("pk", filter=closed_q),
            on_time=Count("pk", filter=ON_TIME_Q),
            days=Sum(DaysBetween("resolved_at", "created_at"), filter=closed_q),
            rated=Count("rating"),
            rating_sum=Sum("rating"),
            satisfied=Count("pk", filter=Q(rating__gte=SATISFIED)),
        )
    )
    totals: dict = {}
    units: dict = {}
    cats: dict = {}
    months: dict = {}
    for row in rows:
        _add(totals, row)
        _add(units.setdefault(row["owner_unit_id"], {}), row)
        _add(cats.setdefault(row["category_id"], {}), row)
        _add(months.setdefault(row["month"], {}), row)
    if not rows:
        totals = dict.fromkeys(MEASURES, 0)
    unit_names = dict(
        OrgUnit.objects.filter(pk__in=[k for k in units if k]).values_list("pk", "name")
    )
    categories = {c.pk: c for c in Category.objects.filter(pk__in=list(cats))}
    by_unit = sorted(
        (
            _finish({"owner_unit_id": k, "owner_unit__name": unit_names.get(k), **v})
            for k, v in units.items()
        ),
        key=lambda r: (-r["received"], r["owner_unit__name"] or "~"),
    )
    by_category = [
        _finish({"category_id": k, "category__name": categories[k].name, **cats[k]})
        for k in sorted(cats, key=lambda k: (categories[k].sort, k))
    ]
    by_month = [
        _finish({"month": date(int(k[:4]), int(k[5:7]), 1), **months[k]}) for k in sorted(months)
    ]
    return {
        "totals": _finish(totals),
        "by_unit": by_unit,
        "by_category": by_category,
        "by_month": by_month,
    }
