"""Demo 党费: every party member's base for the year (incomes as a power company pays them, a
few retirees and students), their months paid — mostly within the month, some late, a few
behind and some who stopped paying half a year ago (the 党章 第九条 flag) — the branches'
quarterly remittances, and a few reductions and exemptions. Deterministic for a given `rng`;
bulk-inserted (seed data has no audit rows), fast for 50,000 people."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.core import bulk
from apps.orgs.choices import UnitKind
from apps.orgs.models import PartyMembership

from .choices import (
    BaseSource,
    IncomeKind,
    PayMethod,
    ReliefKind,
    ReliefStatus,
    RemittanceStatus,
)
from .models import DuesBase, DuesPayment, DuesRelief, DuesRemittance
from .services import month_end
from .standard import monthly_due, standard_on, to_fen

BATCH = 2000
REASONS = ["因病长期休养,收入大幅减少", "家庭成员重病,经济困难", "受灾导致家庭经济困难"]
PAYERS = ["配偶代交", "子女代交", "同事代交"]


def _income(rng) -> tuple[str, Decimal]:
    roll = rng.random()
    if roll < 0.06:
        return IncomeKind.RETIRED, Decimal(rng.randrange(3200, 7800, 10))
    if roll < 0.075:
        return IncomeKind.NO_INCOME, Decimal(0)
    # 税后月工资: most between 4,500 and 12,000 yuan; a few exactly on a bracket's edge.
    if rng.random() < 0.03:
        return IncomeKind.SALARY, Decimal(rng.choice([3000, 5000, 10000]))
    return IncomeKind.SALARY, to_fen(Decimal(str(rng.lognormvariate(8.95, 0.32))))


def seed(*, rng, company_root, people, units, now, count) -> dict:
    today = timezone.localdate(now)
    year = today.year
    closed = today.month - 1
    branch_ids = [u.pk for u in units if u.kind == UnitKind.BRANCH]
    members = list(
        PartyMembership.objects.filter(branch_id__in=branch_ids)
        .order_by("person_id")
        .values_list("person_id", "branch_id")
    )
    if not members:
        return {"bases": 0, "payments": 0}
    standard = standard_on(date(year, 1, 1))
    with transaction.atomic():
        bases = []
        for person_id, branch_id in members:
            kind, income = _income(rng)
            bases.append(
                DuesBase(
                    person_id=person_id,
                    branch_id=branch_id,
                    year=year,
                    kind=kind,
                    income=income,
                    monthly_due=monthly_due(income, kind, standard),
                    source=BaseSource.IMPORTED,
                    created_at=now - timedelta(days=max(1, today.timetuple().tm_yday - 10)),
                )
            )
        bulk.insert(bases)
        bases = list(
            DuesBase.objects.filter(year=year, branch_id__in=branch_ids).values_list(
                "pk", "person_id", "branch_id", "monthly_due"
            )
        )
        payments, reliefs = [], []
        for base_id, person_id, branch_id, due in bases:
            habit = rng.random()
            stop = closed + 1
            if habit < 0.02:
                stop = max(0, closed - 6 - rng.randint(0, 2))  # stopped paying: flagged
            elif habit < 0.08:
                stop = max(0, closed - rng.randint(1, 3))  # a few months behind
            exempt = None
            if 0.08 <= habit < 0.083 and closed >= 3:
                exempt = (max(1, closed - 2), closed)
                reliefs.append(
                    DuesRelief(
                        base_id=base_id,
                        person_id=person_id,
                        branch_id=branch_id,
                        year=year,
                        month_from=exempt[0],
                        month_to=exempt[1],
                        kind=ReliefKind.EXEMPT,
                        reason=rng.choice(REASONS),
                        status=ReliefStatus.APPROVED,
                        decided_at=now - timedelta(days=40),
                    )
                )
            for month in range(1, min(stop, 12) + 1):
                if month > closed and rng.random() < 0.5:
                    continue  # this month: half have paid so far
                last = month_end(year, month)
                if exempt and exempt[0] <= month <= exempt[1]:
                    method, amount, paid_on = PayMethod.EXEMPT, Decimal("0.00"), last
                else:
                    late = rng.random() < 0.06
                    day = rng.randint(5, 25)
                    paid_on = date(year, month, day)
                    if late and month < closed:
                        paid_on = last + timedelta(days=rng.randint(5, 40))
                    paid_on = min(paid_on, today)
                    roll = rng.random()
                    method = (
                        PayMethod.TRANSFER
                        if roll < 0.55
                        else PayMethod.CASH
                        if roll < 0.93
                        else PayMethod.PROXY
                    )
                    amount = due
                payments.append(
                    DuesPayment(
                        base_id=base_id,
                        person_id=person_id,
                        branch_id=branch_id,
                        year=year,
                        month=month,
                        amount=amount,
                        method=method,
                        payer=rng.choice(PAYERS) if method == PayMethod.PROXY else "",
                        paid_on=paid_on,
                        on_time=paid_on <= last,
                    )
                )
        # The quarters closed: each branch remits its quarter's payments made by then.
        remittances, carried = [], {}
        quarters = [q for q in range(1, 5) if q * 3 <= closed]
        by_key: dict[tuple, list] = {}
        for p in payments:
            q = (p.month - 1) // 3 + 1
            if q in quarters and p.amount > 0:
                day = month_end(year, q * 3) + timedelta(days=10)
                if p.paid_on <= day:
                    by_key.setdefault((p.branch_id, q), []).append(p)
        for (branch_id, q), rows in sorted(by_key.items()):
            day = min(month_end(year, q * 3) + timedelta(days=10), today)
            r = DuesRemittance(
                branch_id=branch_id,
                amount=to_fen(sum(p.amount for p in rows)),
                count=len(rows),
                remitted_on=day,
                status=RemittanceStatus.CONFIRMED if q * 3 < closed else RemittanceStatus.SUBMITTED,
            )
            remittances.append(r)
            carried[id(r)] = rows
        bulk.insert(remittances)
        for r in remittances:
            for p in carried[id(r)]:
                p.remittance_id = r.pk
        bulk.insert(payments)
        masks: dict[int, int] = {}
        for p in payments:
            masks[p.base_id] = masks.get(p.base_id, 0) | 1 << (p.month - 1)
        bulk.update(
            DuesBase, [DuesBase(pk=pk, paid_mask=mask) for pk, mask in masks.items()], ["paid_mask"]
        )
        bulk.insert(reliefs)
    return {
        "bases": len(bases),
        "payments": len(payments),
        "remittances": len(remittances),
        "reliefs": len(reliefs),
    }
