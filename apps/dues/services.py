"""Writes of 党费: each one transaction (audited through auditlog); members and secretaries
hear of it after the commit. The rules come from the 2008 《关于中国共产党党费收缴、使用和管理的
规定》 and 党章 第九条, cited where they are applied."""

import calendar
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.accounts.selectors import users_of
from apps.core.errors import CoreError, Forbidden
from apps.core.services import notify
from apps.orgs.models import PartyMembership, Person

from .choices import BaseSource, IncomeKind, PayMethod, ReliefKind, ReliefStatus, RemittanceStatus
from .errors import DuesError
from .models import DuesBase, DuesPayment, DuesRate, DuesRelief, DuesRemittance, DuesSettings
from .permissions import can_record, is_committee
from .standard import monthly_due, parse_yuan, standard_on, to_fen


def check_year(year) -> int:
    today = timezone.localdate()
    if not isinstance(year, int) or not 2000 <= year <= today.year + 1:
        raise DuesError.BAD_YEAR(field="year")
    return year


def check_month(month, field: str = "month") -> int:
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise DuesError.BAD_MONTH(field=field)
    return month


def income_of(value) -> Decimal:
    """A typed income as Decimal yuan; negative or not a number is refused on its field."""
    income = value if isinstance(value, Decimal) and value >= 0 else parse_yuan(value)
    if income is None or income != income.quantize(Decimal("0.01")):
        raise DuesError.BAD_INCOME(field="income")
    return income


def _membership(person: Person, branch=None) -> PartyMembership:
    """The member's party membership (in `branch`, when given), else the refusal that says so."""
    m = PartyMembership.objects.select_related("branch").filter(person=person).first()
    if m is None or (branch is not None and m.branch_id != branch.pk):
        name = branch.name if branch is not None else _("本公司党组织")
        raise DuesError.NOT_IN_BRANCH(field="person", name=person.name, branch=name)
    return m


def _changed() -> None:
    """Every write of 党费 drops the cached committee ledgers once it commits."""
    from .selectors import bump_version

    transaction.on_commit(bump_version)


def _check(actor, branch) -> None:
    if not can_record(actor, branch):
        raise Forbidden(_("只有该支部的书记、委员或党委管理员可以办理党费。"))


def secretaries(branch) -> list:
    rows = RoleAssignment.objects.filter(
        unit=branch, role=Role.BRANCH_SECRETARY, user__is_active=True
    ).select_related("user")
    return [ra.user for ra in rows]


@transaction.atomic
def base_save(*, actor, person: Person, year: int, income, kind: str = IncomeKind.SALARY):
    """Enter (or correct) a member's monthly income base for a year; the monthly dues follow
    the standard in force on 1 January of that year (2008 规定 第二、四、五条)."""
    _changed()
    if person is None:
        raise CoreError.REQUIRED(field="person", label=_("党员工号"))
    membership = _membership(person)
    _check(actor, membership.branch)
    year = check_year(year)
    income = income_of(income)
    if kind not in IncomeKind.values:
        raise CoreError.BAD_CHOICE(field="kind", label=_("党员类别"))
    due = monthly_due(income, kind, standard_on(date(year, 1, 1)))
    row = DuesBase.objects.select_for_update().filter(person=person, year=year).first()
    if row is None:
        return DuesBase.objects.create(
            person=person,
            branch=membership.branch,
            year=year,
            kind=kind,
            income=income,
            monthly_due=due,
            source=BaseSource.ENTERED,
            created_by=actor,
        )
    row.branch, row.kind, row.income, row.monthly_due = membership.branch, kind, income, due
    row.source, row.created_by = BaseSource.ENTERED, actor
    row.save()
    return row


def due_of(base: DuesBase, month: int, reliefs=None) -> Decimal:
    """What a member owes for a month: the base's monthly dues, or an approved reduction's
    amount (2008 规定 第七条), or nothing when exempted (selectors.month_due)."""
    from .selectors import month_due

    if reliefs is None:
        reliefs = base.reliefs.filter(status=ReliefStatus.APPROVED, deleted_at__isnull=True)
    return month_due(base, month, reliefs)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@transaction.atomic
def payment_record(
    *,
    actor,
    branch,
    person: Person,
    year: int,
    month: int,
    method: str,
    amount=None,
    payer: str = "",
    paid_on: date | None = None,
    note: str = "",
) -> DuesPayment:
    """Record a month's dues of a member of `branch`: once per month (a second payment for a
    month already paid is refused), at least what is due (自愿多交不限, 2008 规定 第三条)."""
    _changed()
    if branch is None:
        raise CoreError.UNIT_UNKNOWN(field="branch")
    _check(actor, branch)
    if person is None:
        raise CoreError.REQUIRED(field="person", label=_("党员工号"))
    _membership(person, branch)
    year, month = check_year(year), check_month(month)
    today = timezone.localdate()
    if year > today.year:
        raise DuesError.FUTURE_MONTH(field="month", year=today.year, month=12)
    if method not in PayMethod.values or method == PayMethod.EXEMPT:
        raise CoreError.BAD_CHOICE(field="method", label=_("交纳方式"))
    payer = (payer or "").strip()
    if method == PayMethod.PROXY and not payer:
        raise DuesError.PAYER_REQUIRED(field="payer")
    paid_on = paid_on or today
    if paid_on > today:
        raise DuesError.PAID_ON(field="paid_on")
    base = DuesBase.objects.select_for_update().filter(person=person, year=year).first()
    if base is None:
        raise DuesError.NO_BASE(field="person", name=person.name, year=year)
    if DuesPayment.objects.filter(person=person, year=year, month=month).exists():
        raise DuesError.MONTH_PAID(field="month", name=person.name, year=year, month=month)
    due = due_of(base, month)
    if amount in (None, ""):
        amount = due
    else:
        amount = parse_yuan(amount)
        if amount is None:
            raise CoreError.BAD_AMOUNT(field="amount")
    if amount < due:
        raise DuesError.TOO_LITTLE(field="amount", due=due)
    try:
        with transaction.atomic():
            payment = DuesPayment.objects.create(
                base=base,
                person=person,
                branch=branch,
                year=year,
                month=month,
                amount=to_fen(amount),
                method=method,
                payer=payer[:50] if method == PayMethod.PROXY else "",
                paid_on=paid_on,
                on_time=paid_on <= month_end(year, month),
                note=(note or "").strip()[:200],
                recorded_by=actor,
            )
    except IntegrityError:  # two clerks at once: the constraint keeps one
        raise DuesError.MONTH_PAID(
            field="month", name=person.name, year=year, month=month
        ) from None
    DuesBase.objects.filter(pk=base.pk).update(paid_mask=F("paid_mask").bitor(1 << (month - 1)))
    notify(
        users=users_of([person.pk]),
        title=_("您 %(year)d 年 %(month)d 月的党费 %(amount)s 元已登记")
        % {"year": year, "month": month, "amount": payment.amount},
        url="/dues/mine/",
    )
    return payment


@transaction.atomic
def relief_request(
    *,
    actor,
    person: Person,
    year: int,
    month_from: int,
    month_to: int,
    kind: str,
    reason: str,
    amount=None,
) -> DuesRelief:
    """The branch asks the committee to let a member in real hardship pay less or nothing for
    some months (2008 规定 第七条: 经党支部研究, 报上一级党委批准)."""
    if person is None:
        raise CoreError.REQUIRED(field="person", label=_("党员工号"))
    membership = _membership(person)
    _check(actor, membership.branch)
    year = check_year(year)
    if (
        not isinstance(month_from, int)
        or not isinstance(month_to, int)
        or not 1 <= month_from <= month_to <= 12
    ):
        raise DuesError.RELIEF_MONTHS(field="month_to")
    if kind not in ReliefKind.values:
        raise CoreError.BAD_CHOICE(field="kind", label=_("类型"))
    if not (reason or "").strip():
        raise CoreError.REQUIRED(field="reason", label=_("理由"))
    base = DuesBase.objects.filter(person=person, year=year).first()
    if base is None:
        raise DuesError.NO_BASE(field="person", name=person.name, year=year)
    if kind == ReliefKind.REDUCE:
        amount = parse_yuan(amount) if amount not in (None, "") else None
        if amount is None or amount >= base.monthly_due:
            raise DuesError.RELIEF_AMOUNT(field="amount")
        if amount <= 0:  # nothing to pay is an exemption, which the months then show as such
            raise DuesError.RELIEF_ZERO(field="amount")
    else:
        amount = None
    overlap = DuesRelief.objects.filter(
        base=base,
        status__in=[ReliefStatus.PENDING, ReliefStatus.APPROVED],
        month_from__lte=month_to,
        month_to__gte=month_from,
    )
    if overlap.exists():
        raise DuesError.RELIEF_OVERLAP(field="month_from")
    relief = DuesRelief.objects.create(
        base=base,
        person=person,
        branch=membership.branch,
        year=year,
        month_from=month_from,
        month_to=month_to,
        kind=kind,
        amount=amount,
        reason=reason.strip()[:300],
        requested_by=actor,
    )
    committee = User.objects.filter(
        role_assignments__role=Role.PARTY_ADMIN, is_active=True
    ).distinct()
    notify(
        users=committee,
        title=_("%(branch)s 申请党费%(kind)s:%(name)s")
        % {
            "branch": membership.branch.name,
            "kind": relief.get_kind_display(),
            "name": person.name,
        },
        url=reverse("dues:relief_detail", args=[relief.pk]),
    )
    return relief


@transaction.atomic
def relief_decide(*, actor, relief: DuesRelief, approve: bool, note: str = "") -> DuesRelief:
    """The committee approves or refuses a reduction or exemption; an exemption approved
    settles its unpaid months (recorded as 批准免交, nothing to pay, nothing to remit)."""
    _changed()
    if not is_committee(actor):
        raise Forbidden(_("少交、免交党费须由党委审批。"))
    relief = DuesRelief.objects.select_for_update().get(pk=relief.pk)
    if relief.status != ReliefStatus.PENDING:
        raise CoreError.BAD_TRANSITION()
    if not approve and not (note or "").strip():
        raise CoreError.REQUIRED(field="note", label=_("审批意见"))
    relief.status = ReliefStatus.APPROVED if approve else ReliefStatus.REJECTED
    relief.decided_by, relief.decided_at = actor, timezone.now()
    relief.decision_note = (note or "").strip()[:300]
    relief.save()
    if approve and relief.kind == ReliefKind.EXEMPT:
        paid = set(
            DuesPayment.objects.filter(person=relief.person_id, year=relief.year).values_list(
                "month", flat=True
            )
        )
        today = timezone.localdate()
        exempted = [m for m in range(relief.month_from, relief.month_to + 1) if m not in paid]
        bits = sum(1 << (m - 1) for m in exempted)
        DuesBase.objects.filter(pk=relief.base_id).update(paid_mask=F("paid_mask").bitor(bits))
        DuesPayment.objects.bulk_create(
            DuesPayment(
                base_id=relief.base_id,
                person_id=relief.person_id,
                branch_id=relief.branch_id,
                year=relief.year,
                month=m,
                amount=Decimal("0.00"),
                method=PayMethod.EXEMPT,
                paid_on=today,
                on_time=True,
                note=_("批准免交"),
                recorded_by=actor,
            )
            for m in exempted
        )
    notify(
        users=[u for u in [relief.requested_by] if u is not None],
        title=_("%(name)s 的党费%(kind)s申请%(result)s")
        % {
            "name": relief.person.name,
            "kind": relief.get_kind_display(),
            "result": relief.get_status_display(),
        },
        url=reverse("dues:relief_detail", args=[relief.pk]),
    )
    return relief


def unremitted(branch):
    return DuesPayment.objects.filter(branch=branch, remittance__isnull=True, amount__gt=0)


@transaction.atomic
def remittance_submit(
    *, actor, branch, amount, remitted_on: date | None = None, note: str = ""
) -> DuesRemittance:
    """The branch remits what it collected to the committee: every payment not yet remitted
    goes with it, and the amount typed must equal their sum to the fen (2008 规定 第十条: 党费
    按月或按季上缴), else nothing is stored."""
    _changed()
    if branch is None:
        raise CoreError.UNIT_UNKNOWN(field="branch")
    _check(actor, branch)
    typed = parse_yuan(amount) if amount not in (None, "") else None
    if typed is None:
        raise CoreError.BAD_AMOUNT(field="amount")
    rows = list(unremitted(branch).select_for_update().values_list("pk", "amount"))
    if not rows:
        raise DuesError.NOTHING_TO_REMIT(field="branch", branch=branch.name)
    total = to_fen(sum((a for _pk, a in rows), Decimal(0)))
    if to_fen(typed) != total:
        raise DuesError.REMIT_MISMATCH(
            field="amount", amount=to_fen(typed), n=len(rows), total=total
        )
    remitted_on = remitted_on or timezone.localdate()
    if remitted_on > timezone.localdate():
        raise CoreError.BAD_DATE(field="remitted_on")
    remittance = DuesRemittance.objects.create(
        branch=branch,
        amount=total,
        count=len(rows),
        remitted_on=remitted_on,
        note=(note or "").strip()[:200],
        created_by=actor,
    )
    DuesPayment.objects.filter(pk__in=[pk for pk, _a in rows]).update(remittance=remittance)
    return remittance


@transaction.atomic
def remittance_confirm(*, actor, remittance: DuesRemittance) -> DuesRemittance:
    """The committee confirms it received a remittance; its amount still equals its payments."""
    _changed()
    if not is_committee(actor):
        raise Forbidden(_("上缴的党费由党委确认。"))
    remittance = DuesRemittance.objects.select_for_update().get(pk=remittance.pk)
    if remittance.status != RemittanceStatus.SUBMITTED:
        raise CoreError.BAD_TRANSITION()
    carried = remittance.payments.aggregate(n=Count("pk"), total=Sum("amount"))
    if to_fen(carried["total"] or 0) != remittance.amount:
        raise DuesError.REMIT_MISMATCH(
            amount=remittance.amount, n=carried["n"], total=to_fen(carried["total"] or 0)
        )
    remittance.status = RemittanceStatus.CONFIRMED
    remittance.confirmed_by, remittance.confirmed_at = actor, timezone.now()
    remittance.save()
    notify(
        users=[u for u in [remittance.created_by] if u is not None],
        title=_("党委已确认收到 %(branch)s 上缴的党费 %(amount)s 元")
        % {"branch": remittance.branch.name, "amount": remittance.amount},
        url="/dues/remittances/",
    )
    return remittance


RATE_ROWS = 6  # the most brackets a kind has on the page (the 2008 table has four)


def _percent(value) -> Decimal | None:
    """A typed rate in percent, 0–100 with at most two places, else None."""
    number = parse_yuan(value)
    return number if number is not None and number <= 100 else None


def rate_rows(kind: str, rows) -> list[tuple]:
    """Typed brackets (upper, percent, amount as text) as the standard's rows, checked as
    standard.bracket_for applies them: each upper is inclusive (含) and above the one before,
    so the brackets follow one another without a gap; the top one has no upper; each bracket
    a rate of 0–100% or a fixed monthly amount, one of the two."""
    typed = [
        tuple((v or "").strip() if isinstance(v, str) else v for v in row)
        for row in rows
        if any(v not in (None, "") for v in row)
    ]
    if not typed:
        raise DuesError.RATE_EMPTY(field="upper_1")
    out, previous = [], None
    for n, (upper, percent, amount) in enumerate(typed, start=1):
        last = n == len(typed)
        if upper in (None, ""):
            if not last:
                raise DuesError.RATE_OPEN_TOP(field=f"upper_{n}")
            upper = None
        else:
            upper = parse_yuan(upper)
            if upper is None or upper <= 0 or (previous is not None and upper <= previous):
                raise DuesError.RATE_UPPER(field=f"upper_{n}", n=n)
            if last:
                raise DuesError.RATE_OPEN_TOP(field=f"upper_{n}")
            previous = upper
        has_percent, has_amount = percent not in (None, ""), amount not in (None, "")
        if has_percent == has_amount:
            raise DuesError.RATE_ONE(field=f"percent_{n}", n=n)
        if has_percent:
            percent = _percent(percent)
            if percent is None:
                raise DuesError.RATE_PERCENT(field=f"percent_{n}", n=n)
            amount = None
        else:
            amount = parse_yuan(amount)
            if amount is None:
                raise CoreError.BAD_AMOUNT(field=f"amount_{n}")
            percent = None
        out.append((upper, percent, amount))
    return out


def first_year_under(start_on: date) -> int:
    """The first year whose bases a standard starting on `start_on` computes (bases follow the
    standard in force on 1 January of their year)."""
    return start_on.year if (start_on.month, start_on.day) == (1, 1) else start_on.year + 1


@transaction.atomic
def standard_add(*, actor, kind: str, start_on: date, rows) -> list[DuesRate]:
    """The committee adds a version of the standard for one kind of member, from `start_on`
    (2008 规定 第二、四、五条 are the default). A version never reaches back over a year whose
    monthly dues are already computed: a new start must come after 1 January of the last year
    with bases of that kind. A version not yet applied (same start) is replaced whole."""
    _changed()
    if not is_committee(actor):
        raise Forbidden(_("党费标准由党委调整。"))
    if kind not in IncomeKind.values:
        raise CoreError.BAD_CHOICE(field="kind", label=_("党员类别"))
    if start_on is None:
        raise CoreError.REQUIRED(field="start_on", label=_("施行日期"))
    brackets = rate_rows(kind, rows)
    last_year = (
        DuesBase.objects.filter(kind=kind, year__gte=first_year_under(start_on))
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if last_year is not None:
        raise DuesError.RATE_APPLIED(field="start_on", year=last_year)
    for old in DuesRate.objects.filter(kind=kind, start_on=start_on):
        old.delete()  # one by one: auditlog keeps each row
    return [
        DuesRate.objects.create(
            kind=kind, upper=upper, percent=percent, amount=amount, start_on=start_on
        )
        for upper, percent, amount in brackets
    ]


@transaction.atomic
def settings_save(*, actor, lapse_months: int, remind_day: int) -> DuesSettings:
    if not is_committee(actor):
        raise Forbidden()
    if not lapse_months or not 1 <= lapse_months <= 24:
        raise CoreError.INVALID(field="lapse_months", message=_("预警月数须为 1 到 24。"))
    if not remind_day or not 1 <= remind_day <= 28:
        raise CoreError.INVALID(field="remind_day", message=_("提醒日须为 1 到 28 日。"))
    row = DuesSettings.current()
    row.lapse_months, row.remind_day = lapse_months, remind_day
    row.save()
    return row


def dues_remind(*, now) -> int:
    """The periodic pass, from the month's reminder day on: each member in arrears is reminded
    once a month, and each branch secretary hears once a month of their members who have not
    paid for `lapse_months` months without an approved reason (党章 第九条: 没有正当理由, 连续
    六个月不交纳党费, 就被认为是自行脱党 — the branch must talk with them first)."""
    from .selectors import arrears_rows, lapsed_rows

    settings = DuesSettings.current()
    today = timezone.localdate(now)
    if today.day < settings.remind_day:
        return 0
    stamp = f"{today.year}-{today.month:02d}"
    sent = 0
    rows = list(arrears_rows(DuesBase.objects.all(), today=today).values("person_id", "owed"))
    users = User.objects.filter(person_id__in=[r["person_id"] for r in rows], is_active=True)
    owed = {r["person_id"]: r["owed"] for r in rows}
    for user in users:
        notify(
            users=[user],
            title=_("您有 %(n)d 个月的党费尚未交纳,请及时交纳") % {"n": owed[user.person_id]},
            url="/dues/mine/",
            dedupe_key=f"dues:arrears:{stamp}",
        )
        sent += 1
    lapsed = lapsed_rows(DuesBase.objects.all(), today=today, months=settings.lapse_months)
    by_branch: dict[int, list[str]] = {}
    for base in lapsed.select_related("person"):
        by_branch.setdefault(base.branch_id, []).append(base.person.name)
    secs = RoleAssignment.objects.filter(
        unit_id__in=list(by_branch), role=Role.BRANCH_SECRETARY, user__is_active=True
    ).select_related("user")
    for ra in secs:
        names = by_branch[ra.unit_id]
        notify(
            users=[ra.user],
            title=_("%(n)d 名党员已连续 %(m)d 个月未交纳党费:%(names)s。请及时谈话提醒(党章第九条)")
            % {"n": len(names), "m": settings.lapse_months, "names": "、".join(names[:10])},
            url=f"/dues/arrears/?lapsed=1&branch={ra.unit_id}",
            dedupe_key=f"dues:lapsed:{ra.unit_id}:{stamp}",
        )
        sent += 1
    return sent
