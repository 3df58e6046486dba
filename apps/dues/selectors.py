"""Reads of 党费, always through the user's scope: the ledgers of a branch and of the committee,
the arrears and the members flagged under 党章 第九条, a member's own dues, the 公示."""

import hashlib
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.core.figures import percent
from apps.core.scope import scope_of
from apps.orgs.choices import UnitKind
from apps.orgs.models import PartyMembership
from apps.orgs.scope import units_reached

from .choices import PayMethod, ReliefKind, ReliefStatus
from .models import DuesBase, DuesImport, DuesPayment, DuesRelief, DuesRemittance
from .standard import to_fen

MONTHS = range(1, 13)


def last_closed_month(today: date, year: int) -> int:
    """The last month of `year` whose dues are now late (months before the current one; all
    twelve for a past year, none for a future one)."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month - 1


def branch_choices(*, user) -> QuerySet:
    """The branches the user's roles reach (where they see and record 党费)."""
    return units_reached(user, kinds=[UnitKind.BRANCH]).only("pk", "name", "path")


def branch_get(*, user, pk) -> object:
    branch = branch_choices(user=user).filter(pk=pk).first() if pk else None
    if branch is None:
        raise NotFound()
    return branch


def base_list(*, user) -> QuerySet:
    return DuesBase.objects.visible_to(user).select_related("person", "branch")


def payment_list(*, user) -> QuerySet:
    return DuesPayment.objects.visible_to(user).select_related("person", "branch")


def relief_list(*, user) -> QuerySet:
    return DuesRelief.objects.visible_to(user).select_related(
        "person", "branch", "base", "requested_by__person", "decided_by__person"
    )


def relief_get(*, user, pk: int) -> DuesRelief:
    row = relief_list(user=user).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def relief_history(relief: DuesRelief) -> list[dict]:
    """The steps of a request, from its own fields (asked, then approved or refused)."""
    rows = [
        {
            "at": relief.created_at,
            "who": relief.requested_by.display_name if relief.requested_by else "",
            "what": _("支部申请%(kind)s") % {"kind": relief.get_kind_display()},
            "note": relief.reason,
        }
    ]
    if relief.decided_at is not None:
        rows.append(
            {
                "at": relief.decided_at,
                "who": relief.decided_by.display_name if relief.decided_by else "",
                "what": _("党委审批:%(status)s") % {"status": relief.get_status_display()},
                "note": relief.decision_note,
            }
        )
    return rows


def relief_counts(qs: QuerySet) -> dict:
    """{status: n} of some requests and their total, one grouped query (the review list's
    status buttons)."""
    counts = {s: 0 for s in ReliefStatus.values}
    for status, n in qs.order_by().values_list("status").annotate(n=Count("pk")):
        counts[status] = n
    counts["total"] = sum(counts[s] for s in ReliefStatus.values)
    return counts


def with_relief_effect(reliefs, *, today: date | None = None) -> list:
    """Requests (a page of them, base selected) with what deciding them means: `months`
    covered, `monthly` due by the base, `instead` (what is paid a month if approved), `cut`
    (what the year's dues lose) and `late`, the member's months not settled so far; no query."""
    today = today or timezone.localdate()
    rows = list(reliefs)
    for r in rows:
        r.months = r.month_to - r.month_from + 1
        r.monthly = r.base.monthly_due
        r.instead = Decimal("0.00") if r.kind == ReliefKind.EXEMPT else to_fen(r.amount or 0)
        r.cut = to_fen((r.monthly - r.instead) * r.months)
        closed = last_closed_month(today, r.base.year)
        r.late = sum(1 for m in range(1, closed + 1) if not (r.base.paid_mask >> (m - 1)) & 1)
    return rows


def relief_reviewed(*, user, pk: int) -> DuesRelief:
    """One request the user may see, with what deciding it means (`with_relief_effect`)."""
    return with_relief_effect([relief_get(user=user, pk=pk)])[0]


def standard_history() -> list[dict]:
    """Every version of the standard an admin or the committee entered, newest first: per
    start date and kind, its brackets (the 2008 defaults stand where a kind has none)."""
    from .models import DuesRate

    versions: dict[tuple, dict] = {}
    for r in DuesRate.objects.order_by("-start_on", "kind", F("upper").asc(nulls_last=True)):
        key = (r.start_on, r.kind)
        versions.setdefault(
            key, {"start_on": r.start_on, "kind": r.kind, "label": r.get_kind_display(), "rows": []}
        )["rows"].append(r)
    return list(versions.values())


def remittance_list(*, user) -> QuerySet:
    return DuesRemittance.objects.visible_to(user).select_related("branch", "created_by")


def remittance_get(*, user, pk: int) -> DuesRemittance:
    row = remittance_list(user=user).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def import_list(*, user) -> QuerySet:
    return DuesImport.objects.visible_to(user).defer("rows", "errors")


def unremitted_by_branch(*, user) -> list[dict]:
    """Per branch the user reaches, the payments not yet remitted: count and sum."""
    names = dict(branch_choices(user=user).values_list("pk", "name"))
    rows = (
        DuesPayment.objects.visible_to(user)
        .filter(remittance__isnull=True, amount__gt=0, branch_id__in=list(names))
        .order_by()
        .values("branch_id")
        .annotate(n=Count("pk"), total=Sum("amount"))
    )
    return [
        {"branch": names[r["branch_id"]], "n": r["n"], "total": to_fen(r["total"])} for r in rows
    ]


def import_get(*, user, pk: int) -> DuesImport:
    row = DuesImport.objects.visible_to(user).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


# --- what is due: the base's monthly dues less approved reductions and exemptions ------------


def approved_reliefs(bases) -> dict[int, list[DuesRelief]]:
    """The approved reductions and exemptions of some bases (ids or a queryset), by base id:
    one query. A pending or refused request changes nothing (2008 规定 第七条: 报上一级党委批准)."""
    out: dict[int, list[DuesRelief]] = {}
    rows = DuesRelief.objects.filter(base__in=bases, status=ReliefStatus.APPROVED).only(
        "base_id", "month_from", "month_to", "kind", "amount", "status"
    )
    for r in rows:
        out.setdefault(r.base_id, []).append(r)
    return out


def month_due(base, month: int, reliefs) -> Decimal:
    """What a member owes for one month: the base's monthly dues, an approved reduction's
    amount (少交), or nothing when exempted (免交), 2008 规定 第七条."""
    for r in reliefs or ():
        if r.status == ReliefStatus.APPROVED and r.covers(month):
            return Decimal("0.00") if r.kind == ReliefKind.EXEMPT else to_fen(r.amount or 0)
    return base.monthly_due


def year_due(base, reliefs) -> Decimal:
    """全年应交 of a base: the twelve months' dues after approved reductions and exemptions."""
    if base is None:
        return Decimal("0.00")
    return to_fen(sum((month_due(base, m, reliefs) for m in MONTHS), Decimal(0)))


def relief_cuts(reliefs: QuerySet, *, group: str) -> dict:
    """How much approved reductions and exemptions take off 全年应交, summed in the database by
    `group` (a field path): (monthly dues − what is paid instead) × months covered."""
    months = F("month_to") - F("month_from") + 1
    cut = ExpressionWrapper(
        (F("base__monthly_due") - Coalesce(F("amount"), Value(Decimal("0.00")))) * months,
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    rows = (
        reliefs.filter(status=ReliefStatus.APPROVED).order_by().values(group).annotate(cut=Sum(cut))
    )
    return {r[group]: r["cut"] or Decimal(0) for r in rows}


# --- a branch's ledger: members × months -----------------------------------------------------


@dataclass(frozen=True)
class Paid:
    """A month settled, as the ledger reads it (a payment row without the model's weight)."""

    amount: Decimal
    method: str


@dataclass(frozen=True)
class Member:
    pk: int
    name: str
    employee_no: str


@dataclass
class Cell:
    month: int
    state: str  # paid / exempt / owed / open
    amount: Decimal | None = None
    due: Decimal | None = None  # what the month asks after approved reliefs (None: no base)


@dataclass
class LedgerRow:
    person: object
    base: DuesBase | None
    cells: list[Cell] = field(default_factory=list)
    paid: Decimal = Decimal("0.00")
    owed: int = 0
    settled: int = 0
    due: Decimal = Decimal("0.00")  # 全年应交, approved reliefs counted
    owed_amount: Decimal = Decimal("0.00")


def cells_of(base, payments: dict, closed: int, reliefs=()) -> list[Cell]:
    """The twelve months of a member: settled (paid, or exempted: approving an exemption
    writes its 批准免交 rows), late, or not yet due; each with what it asks after the approved
    reductions and exemptions."""
    cells = []
    for m in MONTHS:
        p = payments.get(m)
        due = month_due(base, m, reliefs) if base is not None else None
        if p is not None:
            state = "exempt" if p.method == PayMethod.EXEMPT else "paid"
            cells.append(Cell(m, state, p.amount, due))
        elif base is not None and m <= closed:
            cells.append(Cell(m, "owed", None, due))
        else:
            cells.append(Cell(m, "open", None, due))
    return cells


def row_of(person, base, cells) -> LedgerRow:
    return LedgerRow(
        person=person,
        base=base,
        cells=cells,
        paid=to_fen(sum((c.amount or 0 for c in cells), Decimal(0))),
        owed=sum(1 for c in cells if c.state == "owed"),
        settled=sum(1 for c in cells if c.state in ("paid", "exempt")),
        due=to_fen(sum((c.due or 0 for c in cells), Decimal(0))),
        owed_amount=to_fen(sum((c.due or 0 for c in cells if c.state == "owed"), Decimal(0))),
    )


# What the ledger reads of a base and its person (a person row is wide: id number, contacts …).
LEDGER_BASE_FIELDS = (
    "pk",
    "person_id",
    "branch_id",
    "year",
    "kind",
    "income",
    "monthly_due",
    "paid_mask",
    "person__name",
    "person__employee_no",
)


def branch_ledger(*, user, branch, year: int, today: date | None = None) -> dict:
    """Every member of the branch with their year's base and twelve months (paid, exempted,
    late, not yet due), 全年应交 after approved reductions and exemptions: five queries
    whatever the branch's size."""
    today = today or timezone.localdate()
    closed = last_closed_month(today, year)
    bases = {
        b.person_id: b
        for b in DuesBase.objects.visible_to(user)
        .filter(branch=branch, year=year)
        .select_related("person")
        .only(*LEDGER_BASE_FIELDS)
    }
    members = {
        pid: Member(pid, name, no)
        for pid, name, no in PartyMembership.objects.visible_to(user)
        .filter(branch=branch)
        .values_list("person_id", "person__name", "person__employee_no")
    }
    payments: dict[int, dict[int, Paid]] = {}
    for person_id, month, amount, method in (
        DuesPayment.objects.visible_to(user)
        .filter(branch=branch, year=year)
        .values_list("person_id", "month", "amount", "method")
    ):
        payments.setdefault(person_id, {})[month] = Paid(amount, method)
    reliefs = approved_reliefs([b.pk for b in bases.values()]) if bases else {}
    people = {pid: b.person for pid, b in bases.items()} | members
    rows = []
    for pid, person in sorted(people.items(), key=lambda kv: kv[1].employee_no):
        base = bases.get(pid)
        relief = reliefs.get(base.pk, ()) if base is not None else ()
        rows.append(row_of(person, base, cells_of(base, payments.get(pid, {}), closed, relief)))
    due = to_fen(sum((r.due for r in rows), Decimal(0)))
    paid = to_fen(sum((r.paid for r in rows), Decimal(0)))
    settled = sum(r.settled for r in rows)
    return {
        "rows": rows,
        "year": year,
        "closed": closed,
        "due": due,
        "paid": paid,
        "owed_amount": to_fen(sum((r.owed_amount for r in rows), Decimal(0))),
        "members": len(rows),
        "without_base": sum(1 for r in rows if r.base is None),
        "owing": sum(1 for r in rows if r.owed),
        "settled": settled,
        "rate": percent(settled, len(bases) * 12) if bases else None,
    }


# --- the committee's ledger: one row per branch ------------------------------------------------


VERSION_KEY = "tongxin:dues:version"


def bump_version() -> None:
    """After a write that changes the ledgers (on commit): cached committee ledgers are stale."""
    cache.set(VERSION_KEY, time.time_ns(), None)


def committee_ledger(*, user, year: int, today: date | None = None) -> dict:
    """The committee ledger, cached for a minute per scope and year, and dropped at once by any
    write of 党费 (`bump_version`): the same figures for whoever reaches the same units."""
    today = today or timezone.localdate()
    scope = scope_of(user)
    who = hashlib.sha1(repr((scope.everything, scope.prefixes)).encode()).hexdigest()[:16]
    key = f"tongxin:dues:committee:{cache.get(VERSION_KEY, 0)}:{who}:{year}:{today}"
    found = cache.get(key)
    if found is None:
        found = _committee_ledger(user=user, year=year, today=today)
        cache.set(key, found, 60)
    return found


def _committee_ledger(*, user, year: int, today: date) -> dict:
    """Each branch the user reaches: members with a base, the year's dues (after approved
    reductions and exemptions), paid, remitted and not yet remitted, months settled on time;
    four grouped queries for every branch."""
    closed = last_closed_month(today, year)
    branches = {b.pk: b for b in branch_choices(user=user).order_by("path")}
    base_rows = (
        DuesBase.objects.visible_to(user)
        .filter(year=year)
        .order_by()
        .values("branch_id")
        .annotate(n=Count("pk"), monthly=Sum("monthly_due"))
    )
    pay_rows = (
        DuesPayment.objects.visible_to(user)
        .filter(year=year)
        .order_by()
        .values("branch_id")
        .annotate(
            paid=Sum("amount"),
            settled=Count("pk", filter=Q(month__lte=closed)),
            on_time=Count("pk", filter=Q(on_time=True, month__lte=closed)),
            remitted=Sum("amount", filter=Q(remittance__isnull=False)),
        )
    )
    cuts = relief_cuts(
        DuesRelief.objects.visible_to(user).filter(year=year), group="base__branch_id"
    )
    bases = {r["branch_id"]: r for r in base_rows}
    pays = {r["branch_id"]: r for r in pay_rows}
    rows = []
    zero = Decimal("0.00")
    for pk, branch in branches.items():
        b, p = bases.get(pk, {}), pays.get(pk, {})
        n = b.get("n", 0)
        paid = to_fen(p.get("paid") or zero)
        remitted = to_fen(p.get("remitted") or zero)
        rows.append(
            {
                "branch": branch,
                "members": n,
                "due": to_fen((b.get("monthly") or zero) * 12 - cuts.get(pk, zero)),
                "paid": paid,
                "remitted": remitted,
                "unremitted": paid - remitted,
                "late": n * closed - (p.get("settled") or 0),
                "on_time_rate": percent(p.get("on_time") or 0, n * closed) if n else None,
            }
        )
    total = {
        key: to_fen(sum((r[key] for r in rows), zero))
        for key in ("due", "paid", "remitted", "unremitted")
    }
    total["members"] = sum(r["members"] for r in rows)
    total["late"] = sum(r["late"] for r in rows)
    return {"rows": rows, "total": total, "year": year, "closed": closed}


# --- arrears and the 党章 第九条 flag ------------------------------------------------------------


def owed_months(closed: int) -> RawSQL:
    """How many of months 1..closed the base's `paid_mask` leaves clear (not settled), as one
    SQL expression: `closed − Σ (paid_mask >> m−1) & 1`. Written as raw SQL (the same
    operators in SQLite and PostgreSQL) because the ORM's nest of eleven bit expressions cost
    more to compile, three times a list page (ids, count, WHERE), than the query took to run."""
    quote = connection.ops.quote_name
    column = f"{quote(DuesBase._meta.db_table)}.{quote('paid_mask')}"
    bits = " + ".join(f"(({column} >> {m}) & 1)" for m in range(closed)) or "0"
    return RawSQL(f"({closed} - ({bits}))", [], output_field=IntegerField())


def arrears_rows(bases: QuerySet, *, today: date) -> QuerySet:
    """The bases of the current year with months before this one not settled: `owed`, the
    number of such months, counted from `paid_mask` in the database (one row per member)."""
    year = today.year
    closed = last_closed_month(today, year)
    if closed == 0:
        return bases.none()
    return bases.filter(year=year).annotate(owed=owed_months(closed)).filter(owed__gt=0)


def lapsed_rows(bases: QuerySet, *, today: date, months: int) -> QuerySet:
    """The members flagged under 党章 第九条: no month settled in the last `months` closed months
    (an approved exemption settles; a pending request is a reason given). Inside the year it is
    a test of `paid_mask`; a window reaching into last year asks the payments (`last_paid`, the
    last settled month as year × 12 + month)."""
    year = today.year
    closed = last_closed_month(today, year)
    pending = DuesRelief.objects.filter(
        person=OuterRef("person"), status=ReliefStatus.PENDING, year=year
    )
    bases = bases.filter(year=year).exclude(Exists(pending))
    if closed >= months:
        window = ((1 << months) - 1) << (closed - months)
        return bases.annotate(window=F("paid_mask").bitand(window)).filter(window=0)
    closed_index = year * 12 + closed
    last = (
        DuesPayment.objects.filter(person=OuterRef("person"))
        .order_by()
        .values("person")
        .annotate(last=Max(F("year") * 12 + F("month")))
        .values("last")
    )
    return bases.annotate(
        last_paid=Coalesce(
            Subquery(last, output_field=IntegerField()),
            F("year") * 12,
            output_field=IntegerField(),
        )
    ).filter(last_paid__lte=closed_index - months)


def arrears_list(*, user, today: date | None = None, lapsed: bool = False, months: int = 6):
    today = today or timezone.localdate()
    bases = DuesBase.objects.visible_to(user)
    qs = lapsed_rows(bases, today=today, months=months) if lapsed else bases
    return arrears_rows(qs, today=today).select_related("person", "branch")


def with_owed_amounts(bases, *, today: date | None = None) -> list:
    """Arrears rows (a page of them) with `owed_amount`: what their late months ask after
    approved reductions (exempted months are settled); one query for the page."""
    today = today or timezone.localdate()
    bases = list(bases)
    reliefs = approved_reliefs([b.pk for b in bases]) if bases else {}
    for b in bases:
        closed = last_closed_month(today, b.year)
        late = [m for m in range(1, closed + 1) if not (b.paid_mask >> (m - 1)) & 1]
        b.owed_amount = to_fen(
            sum((month_due(b, m, reliefs.get(b.pk, ())) for m in late), Decimal(0))
        )
    return bases


# --- a member's own dues ------------------------------------------------------------------------


def my_dues(*, user, year: int, today: date | None = None) -> dict:
    """The signed-in member's base, months and payments of a year (their own rows only)."""
    today = today or timezone.localdate()
    person_id = user.person_id
    if person_id is None:
        return {"base": None, "cells": [], "payments": [], "year": year}
    base = DuesBase.objects.filter(person_id=person_id, year=year).first()
    payments = list(DuesPayment.objects.filter(person_id=person_id, year=year).order_by("month"))
    reliefs = approved_reliefs([base.pk]).get(base.pk, ()) if base is not None else ()
    cells = cells_of(base, {p.month: p for p in payments}, last_closed_month(today, year), reliefs)
    row = row_of(None, base, cells)
    return {
        "base": base,
        "cells": cells,
        "payments": payments,
        "reliefs": reliefs,
        "year": year,
        "due": row.due,
        "paid": to_fen(sum((p.amount for p in payments), Decimal(0))),
        "owed": row.owed,
        "owed_amount": row.owed_amount,
    }


def notice(*, user, branch, year: int) -> dict:
    """The yearly 党费收缴公示 of a branch: each member's monthly dues, months paid and total
    (never the income itself), and the branch's totals and remittances."""
    ledger = branch_ledger(user=user, branch=branch, year=year)
    remitted = (
        DuesRemittance.objects.visible_to(user)
        .filter(branch=branch, remitted_on__year=year)
        .aggregate(total=Sum("amount"), n=Count("pk"))
    )
    return {
        **ledger,
        "remitted": to_fen(remitted["total"] or 0),
        "remittances": remitted["n"],
    }
