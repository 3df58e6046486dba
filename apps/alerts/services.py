"""The weekly early-warning pass and the three ways a cadre handles a warning."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.core import indicators, texts
from apps.core.services import notify
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.supervision.models import SupervisedItem
from apps.supervision.services import supervise

from . import detect
from .choices import Kind, Status
from .errors import AlertError
from .models import AlertPolicy, Warning

# Fewer texts than this in a unit's week are not analysed: a term among so few could point at
# one writer (the same rule as the surveys' smallest group).
MIN_GROUP = 5


def _policies(unit_ids) -> dict[int, AlertPolicy]:
    """Each unit's thresholds: those of the nearest company above it (or itself)."""
    units = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    companies = list(
        OrgUnit.objects.filter(kind=UnitKind.COMPANY).values_list("pk", "path").order_by("-path")
    )
    rows = {p.company_id: p for p in AlertPolicy.objects.all()}
    default = rows.get(None) or AlertPolicy()
    out = {}
    for pk, path in units.items():
        company = next((c for c, cp in companies if path.startswith(cp)), None)
        out[pk] = rows.get(company, default)
    return out


def _text_warnings(week: date, weeks: int) -> list[Warning]:
    start = week - timedelta(weeks=weeks)
    end = week + timedelta(days=6)
    index = {start + timedelta(weeks=i): i for i in range(weeks + 1)}
    texts_in = defaultdict(lambda: [0] * (weeks + 1))  # unit → texts per week
    counts = defaultdict(lambda: [0] * (weeks + 1))  # (unit, term) → texts per week
    sources = defaultdict(set)  # (unit, term) → source codes this week
    for source in texts.sources():
        for row in source.fn(start=start, end=end):
            i = index.get(detect.monday(row.day))
            if i is None:  # a source's day outside the period asked: not this pass's
                continue
            texts_in[row.unit_id][i] += 1
            for term in detect.terms(row.text):
                counts[row.unit_id, term][i] += 1
                if i == weeks:
                    sources[row.unit_id, term].add(source.code)
    policies = _policies(list(texts_in))
    found = []
    for (unit_id, term), series in counts.items():
        if texts_in[unit_id][-1] < MIN_GROUP:
            continue
        policy = policies[unit_id]
        base = series[-(policy.baseline_weeks + 1) :]
        common = {"unit_id": unit_id, "week": week, "term": term[:40], "series": series}
        common["sources"] = sorted(sources[unit_id, term])
        hit = detect.spikes(base, p_value=float(policy.p_value), min_count=policy.min_count)
        if hit:
            observed, mean, p = hit
            found.append(
                Warning(
                    kind=Kind.SPIKE, observed=observed, baseline=round(mean, 2), p_value=p, **common
                )
            )
        elif detect.is_new(base, recent=policy.new_term_weeks, min_count=policy.min_count):
            recent = series[-policy.new_term_weeks :]
            found.append(Warning(kind=Kind.NEW_TERM, observed=sum(recent), baseline=0, **common))
    return found


def _overdue_at(moment: datetime) -> dict[int, int]:
    rows = (
        SupervisedItem.objects.filter(due_at__lt=moment)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=moment))
        .values("owner_unit")
        .annotate(n=Count("pk"))
    )
    return {r["owner_unit"]: r["n"] for r in rows}


def _overdue_warnings(week: date) -> list[Warning]:
    end = timezone.make_aware(datetime.combine(week + timedelta(days=7), time.min))
    now, before = _overdue_at(end), _overdue_at(end - timedelta(weeks=1))
    policies = _policies(list(now))
    return [
        Warning(
            unit_id=unit_id,
            week=week,
            kind=Kind.OVERDUE,
            term=_("逾期督办件数"),
            observed=n,
            baseline=before.get(unit_id, 0),
            series=[before.get(unit_id, 0), n],
        )
        for unit_id, n in now.items()
        if n - before.get(unit_id, 0) >= policies[unit_id].overdue_rise
    ]


# Meetings sit above alerts' layer: their 三会一课 rate is read through the indicator registry.
MEETINGS_RATE = "meetings.required_held_rate"


def _month_back(day: date, n: int) -> tuple[date, date]:
    first = day.replace(day=1)
    for _i in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def _meeting_warnings(week: date) -> list[Warning]:
    """Branches whose required meetings fell short in each of the last complete months."""
    calc = indicators.get(MEETINGS_RATE)
    if calc is None:
        return []
    branches = list(OrgUnit.objects.alive().filter(kind=UnitKind.BRANCH))
    policies = _policies([b.pk for b in branches])
    months = max((p.missed_months for p in policies.values()), default=0)
    short = defaultdict(int)  # branch → months in a row short, newest first
    gone = set()
    for n in range(1, months + 1):
        start, end = _month_back(week, n)
        values = calc.fn(units=branches, start=start, end=end)
        for b in branches:
            v = values.get(b.pk)
            if b.pk not in gone and v is not None and v.value is not None and v.value < 100:
                short[b.pk] += 1
            else:
                gone.add(b.pk)
    return [
        Warning(
            unit_id=pk,
            week=week,
            kind=Kind.MEETINGS,
            term=_("三会一课按规定召开率"),
            observed=n,
            baseline=0,
        )
        for pk, n in short.items()
        if n >= policies[pk].missed_months
    ]


def _cadres(unit_ids) -> dict[int, list]:
    rows = (
        RoleAssignment.objects.filter(unit_id__in=set(unit_ids), user__is_active=True)
        .exclude(role__in=RoleAssignment.SELF_ONLY_ROLES)
        .select_related("user")
    )
    found = defaultdict(dict)
    for ra in rows:
        found[ra.unit_id][ra.user_id] = ra.user
    return {k: list(v.values()) for k, v in found.items()}


def weekly_pass(*, week: date | None = None, weeks: int = 12) -> list[Warning]:
    """Compute the warnings of an ISO week (by default the last complete one); idempotent: a
    warning already stored for that unit, week and signal is kept as it is (with its status)."""
    week = detect.monday(week or timezone.localdate() - timedelta(weeks=1))
    found = _text_warnings(week, weeks) + _overdue_warnings(week) + _meeting_warnings(week)
    with transaction.atomic():
        Warning.objects.bulk_create(found, ignore_conflicts=True)
    stored = list(Warning.objects.filter(week=week, status=Status.OPEN).select_related("unit"))
    cadres = _cadres(w.unit_id for w in stored)
    for w in stored:
        notify(
            users=cadres.get(w.unit_id, []),
            title=_("预警:%(unit)s %(what)s") % {"unit": w.unit.name, "what": w.term},
            body=w.get_kind_display(),
            url=w.get_absolute_url(),
            dedupe_key=f"alerts:{w.pk}",
        )
    return stored


def _open(warning: Warning) -> None:
    if warning.status != Status.OPEN:
        raise AlertError.NOT_OPEN()


def _close(warning: Warning, *, actor, status: str, reason: str = "", now=None) -> Warning:
    warning.status = status
    warning.reason = reason
    warning.handled_by = actor
    warning.handled_at = now or timezone.now()
    warning.save(update_fields=["status", "reason", "handled_by", "handled_at"])
    return warning


@transaction.atomic
def acknowledge(*, warning: Warning, actor, now=None) -> Warning:
    _open(warning)
    return _close(warning, actor=actor, status=Status.CONFIRMED, now=now)


@transaction.atomic
def dismiss(*, warning: Warning, actor, reason: str, now=None) -> Warning:
    _open(warning)
    reason = (reason or "").strip()
    if not reason:
        raise AlertError.REASON_REQUIRED(field="reason")
    if len(reason) > 500:
        raise AlertError.REASON_TOO_LONG(field="reason")
    return _close(warning, actor=actor, status=Status.DISMISSED, reason=reason, now=now)


@transaction.atomic
def follow_up(*, warning: Warning, actor, due_at: datetime | None, now=None) -> Warning:
    """Open a supervised follow-up (督办) owned by the warning's unit."""
    now = now or timezone.now()
    _open(warning)
    if due_at is None:
        raise AlertError.DUE_REQUIRED(field="due_at")
    if due_at <= now:
        raise AlertError.DUE_PAST(field="due_at")
    supervise(
        record=warning,
        kind="alerts",
        title=_("预警跟进:%(unit)s %(what)s") % {"unit": warning.unit.name, "what": warning.term},
        url=warning.get_absolute_url(),
        owner_unit=warning.unit,
        due_at=due_at,
        now=now,
        assigned_by=actor,
    )
    return _close(warning, actor=actor, status=Status.SUPERVISED, now=now)
