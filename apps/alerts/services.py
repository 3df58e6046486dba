"""The weekly early-warning pass and the three ways a cadre handles a warning."""

import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.core import indicators, texts
from apps.core.errors import CoreError, Forbidden
from apps.core.services import notify
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.orgs.scope import has_role, nearest_cadres, units_reached
from apps.supervision.filters import KINDS
from apps.supervision.selectors import overdue_by_unit
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


def _week_end(week: date) -> datetime:
    return timezone.make_aware(datetime.combine(week + timedelta(days=7), time.min))


def _overdue_warnings(week: date) -> list[Warning]:
    """Units whose open overdue items (appeals, hazards, 督办 — the supervision index) at the end
    of the week reach `overdue_ratio` × their own mean over the previous `baseline_weeks` week
    ends, and at least `overdue_min` items: one grouped query for every unit and week end."""
    weeks = max(AlertPolicy.objects.values_list("baseline_weeks", flat=True), default=0)
    weeks = max(weeks, AlertPolicy().baseline_weeks)
    moments = [_week_end(week - timedelta(weeks=back)) for back in range(weeks, -1, -1)]
    per_unit = defaultdict(lambda: [0] * len(moments))
    per_kind = defaultdict(dict)
    for (unit_id, kind), counts in overdue_by_unit(moments).items():
        per_unit[unit_id] = [a + b for a, b in zip(per_unit[unit_id], counts, strict=True)]
        if counts[-1]:
            per_kind[unit_id][kind] = counts[-1]
    policies = _policies(list(per_unit))
    found = []
    for unit_id, counts in per_unit.items():
        policy = policies[unit_id]
        *past, observed = counts[-(policy.baseline_weeks + 1) :]
        total = sum(past)
        # observed ≥ ratio × mean, kept in whole numbers: observed × weeks ≥ ratio × total.
        if observed < policy.overdue_min or observed * len(past) < policy.overdue_ratio * total:
            continue
        if observed * len(past) <= total:  # never a "rise" that is no rise (ratio below 1)
            continue
        kinds = per_kind[unit_id]
        links = [
            {
                "label": f"{KINDS.get(kind, kind)} {n}",
                "url": indicators.list_url(
                    "supervision:list", unit=unit_id, state="overdue", kind=kind
                ),
            }
            for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])
        ]
        found.append(
            Warning(
                unit_id=unit_id,
                week=week,
                kind=Kind.OVERDUE,
                term=_("逾期未办结事项"),
                observed=observed,
                baseline=round(Decimal(total) / len(past), 2),
                series=[*past, observed],
                facts={"weeks": len(past), "by_kind": kinds},
                links=links,
            )
        )
    return found


# Meetings and appeals sit above alerts' layer: the 三会一课 rate and the appeals' satisfaction
# are read through the indicator registry.
MEETINGS_RATE = "meetings.required_held_rate"
SATISFACTION = "appeals.satisfaction"
# The months a unit's satisfaction this month is held against.
SATISFACTION_MONTHS = 3
# The largest variance a rating of 1–5 can have ((5 − 1)² / 4, Popoviciu's inequality).
RATING_VARIANCE_MAX = 4.0


def fall_p(drop, rated_now: int, rated_before: int) -> float:
    """How likely an average rating falls this far by chance alone: a one-sided normal test of
    the two months' means with the largest variance ratings can have, so that a handful of
    ratings never looks sure (the registry gives sums, not the ratings' own spread)."""
    se = math.sqrt(RATING_VARIANCE_MAX / rated_now + RATING_VARIANCE_MAX / rated_before)
    return 0.5 * math.erfc(float(drop) / se / math.sqrt(2))


def _month_back(day: date, n: int) -> tuple[date, date]:
    first = day.replace(day=1)
    for _i in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def _meeting_warnings(week: date) -> list[Warning]:
    """Branches whose required meetings fell short in each of the last complete months (one
    call of the registered calculator per month, each a few grouped queries for all branches)."""
    calc = indicators.get(MEETINGS_RATE)
    if calc is None:
        return []
    branches = list(OrgUnit.objects.alive().filter(kind=UnitKind.BRANCH))
    policies = _policies([b.pk for b in branches])
    months = max((p.missed_months for p in policies.values()), default=0)
    short = defaultdict(list)  # branch → its short months, newest first
    gone = set()
    for n in range(1, months + 1):
        start, end = _month_back(week, n)
        values = calc.fn(units=branches, start=start, end=end)
        for b in branches:
            v = values.get(b.pk)
            if b.pk not in gone and v is not None and v.value is not None and v.value < 100:
                short[b.pk].append((start, v))
            else:
                gone.add(b.pk)
    found = []
    for pk, rows in short.items():
        if len(rows) < policies[pk].missed_months:
            continue
        rows = rows[::-1]  # oldest first
        found.append(
            Warning(
                unit_id=pk,
                week=week,
                kind=Kind.MEETINGS,
                term=_("三会一课按规定召开率"),
                observed=len(rows),
                baseline=100,
                series=[float(v.value) for _s, v in rows],
                facts={
                    "labels": [f"{s:%Y-%m}" for s, _v in rows],
                    "held": [v.numerator for _s, v in rows],
                    "due": [v.denominator for _s, v in rows],
                },
                links=[
                    {"label": _("%(month)s 三会一课") % {"month": f"{s:%Y-%m}"}, "url": v.url}
                    for s, v in rows
                ],
            )
        )
    return found


def _deepest(warnings: list[Warning], paths: dict[int, str]) -> list[Warning]:
    """Leave out a unit whose warning a unit under it already gives (a subtree's figure holds
    its parts'): the warning goes where the fall is."""
    keep = []
    ordered = sorted(warnings, key=lambda w: paths[w.unit_id], reverse=True)
    for w in ordered:
        p = paths[w.unit_id]
        if not any(paths[k.unit_id].startswith(p) for k in keep):
            keep.append(w)
    return keep


def _satisfaction_warnings(week: date) -> list[Warning]:
    """Units whose appeals' average rating this month (to the week's end) is `satisfaction_drop`
    or more below their previous SATISFACTION_MONTHS months together; a month with fewer than
    MIN_GROUP ratings is neither judged nor shown. One calculator call per month."""
    calc = indicators.get(SATISFACTION)
    if calc is None:
        return []
    units = list(OrgUnit.objects.alive().only("pk", "path", "kind"))
    end = week + timedelta(days=6)
    periods = [_month_back(end, n) for n in range(SATISFACTION_MONTHS, 0, -1)]
    periods.append((end.replace(day=1), end))
    values = [calc.fn(units=units, start=s, end=e) for s, e in periods]
    policies = _policies([u.pk for u in units])
    found = []
    for u in units:
        *past, now = [v.get(u.pk) for v in values]
        if now is None or now.value is None or (now.denominator or 0) < MIN_GROUP:
            continue
        rated = sum(v.denominator or 0 for v in past if v is not None)
        if rated < MIN_GROUP:
            continue
        points = sum(v.numerator or 0 for v in past if v is not None)
        base = (Decimal(points) / rated).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        policy = policies[u.pk]
        if base - now.value < policy.satisfaction_drop:
            continue
        p = fall_p(base - now.value, now.denominator, rated)
        if p >= float(policy.p_value):
            continue
        series = [
            float(v.value) if v is not None and (v.denominator or 0) >= MIN_GROUP else None
            for v in past
        ]
        found.append(
            Warning(
                unit_id=u.pk,
                week=week,
                kind=Kind.SATISFACTION,
                term=_("诉求满意度"),
                observed=now.value,
                baseline=base,
                p_value=p,
                series=[*series, float(now.value)],
                facts={
                    "labels": [f"{s:%Y-%m}" for s, _e in periods],
                    "rated": now.denominator,
                    "baseline_rated": rated,
                    "months": SATISFACTION_MONTHS,
                },
                links=[{"label": _("本月收到的诉求"), "url": now.url}],
            )
        )
    return _deepest(found, {u.pk: u.path for u in units})


def weekly_pass(*, week: date | None = None, weeks: int = 12) -> list[Warning]:
    """Compute the warnings of an ISO week (by default the last complete one); idempotent: a
    warning already stored for that unit, week and signal is kept as it is (with its status)."""
    week = detect.monday(week or timezone.localdate() - timedelta(weeks=1))
    found = (
        _text_warnings(week, weeks)
        + _overdue_warnings(week)
        + _satisfaction_warnings(week)
        + _meeting_warnings(week)
    )
    with transaction.atomic():
        Warning.objects.bulk_create(found, ignore_conflicts=True)
    stored = list(Warning.objects.filter(week=week, status=Status.OPEN).select_related("unit"))
    # A unit without cadres of its own (a team) is told through the nearest unit above it.
    cadres = nearest_cadres({w.unit for w in stored})
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


# --- thresholds per company ------------------------------------------------------------------

POLICY_ROLES = (Role.PARTY_ADMIN, Role.SYSTEM_ADMIN)
# Each threshold's bounds (inclusive), the one place the page, the API and the service read.
# min_count stays ≥ MIN_GROUP: a term raised by fewer texts could point at its writer; the
# text window of the pass is 12 weeks, so no baseline is longer.
POLICY_BOUNDS = {
    "p_value": (Decimal("0.0001"), Decimal("0.2000")),
    "min_count": (MIN_GROUP, 100),
    "baseline_weeks": (4, 12),
    "new_term_weeks": (1, 4),
    "overdue_ratio": (Decimal("1.00"), Decimal("10.00")),
    "overdue_min": (1, 500),
    "satisfaction_drop": (Decimal("0.10"), Decimal("4.00")),
    "missed_months": (1, 12),
}


def can_set_policy(user) -> bool:
    return has_role(user, *POLICY_ROLES)


def policy_companies(user):
    """The companies whose thresholds the user may set."""
    if not can_set_policy(user):
        return OrgUnit.objects.none()
    return units_reached(user, kinds=[UnitKind.COMPANY]).order_by("path")


def _checked(field: str, value):
    label = AlertPolicy._meta.get_field(field).verbose_name
    if value is None or value == "":
        raise CoreError.REQUIRED(field=field, label=label)
    lo, hi = POLICY_BOUNDS[field]
    if isinstance(lo, Decimal):
        places = Decimal(1).scaleb(-AlertPolicy._meta.get_field(field).decimal_places)
        value = Decimal(str(value)).quantize(places, rounding=ROUND_HALF_UP)
    elif value != int(value):
        raise AlertError.OUT_OF_RANGE(field=field, label=label, lo=lo, hi=hi)
    else:
        value = int(value)
    if not lo <= value <= hi:
        raise AlertError.OUT_OF_RANGE(field=field, label=label, lo=lo, hi=hi)
    return value


@transaction.atomic
def policy_save(*, actor, company, **values) -> AlertPolicy:
    """A party or system admin sets the thresholds of a company in their scope; each
    threshold within its bounds; the row is audited (auditlog)."""
    if not can_set_policy(actor):
        raise Forbidden(_("只有党群管理员或系统管理员可以修改预警设置。"))
    company_id = getattr(company, "pk", company)
    if company_id is None or not policy_companies(actor).filter(pk=company_id).exists():
        raise AlertError.NOT_A_COMPANY(field="company")
    checked = {field: _checked(field, values.get(field)) for field in POLICY_BOUNDS}
    policy = AlertPolicy.objects.select_for_update().filter(company_id=company_id).first()
    policy = policy or AlertPolicy(company_id=company_id)
    for field, value in checked.items():
        setattr(policy, field, value)
    policy.save()
    return policy
