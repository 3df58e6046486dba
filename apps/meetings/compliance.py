"""Which units held the meetings their level requires (三会一课 at their frequency): the
compliance view and the standards judge `meetings.required_held`. Held means closed; a month,
quarter or year that began before the unit was set up (OrgUnit.created_at: the org tree keeps no
other founding date) is not required of it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apps.core.db import LocalMonth
from apps.core.figures import percent
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.orgs.scope import subtree_q

from .choices import Frequency, MeetingStatus
from .models import Meeting, MeetingKind
from .selectors import CACHE_SECONDS, STEP, Period, _next_month, cache_key


@dataclass(frozen=True)
class Slot:
    lo: date
    hi: date  # exclusive
    label: str


def slots(frequency: str, start: date, end: date) -> list[Slot]:
    """The months, quarters or years of a frequency that overlap [start, end]."""
    out: list[Slot] = []
    if frequency == Frequency.MONTHLY:
        cur = start.replace(day=1)
        while cur <= end:
            out.append(Slot(cur, _next_month(cur), _("%(m)d月") % {"m": cur.month}))
            cur = _next_month(cur)
    elif frequency == Frequency.QUARTERLY:
        cur = date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
        while cur <= end:
            hi = _next_month(_next_month(_next_month(cur)))
            out.append(Slot(cur, hi, _("第%(q)d季度") % {"q": (cur.month - 1) // 3 + 1}))
            cur = hi
    elif frequency == Frequency.YEARLY:
        for year in range(start.year, end.year + 1):
            out.append(Slot(date(year, 1, 1), date(year + 1, 1, 1), _("%(y)d年") % {"y": year}))
    return out


def _held(units_qs, kinds, start: date, end: date) -> set[tuple[int, int, str]]:
    """(unit, kind, month) of every closed meeting of the kinds in the period: one query."""
    lo, hi = Period(start, end).bounds
    return set(
        Meeting.objects.filter(
            status=MeetingStatus.CLOSED,
            kind__in=[k.pk for k in kinds],
            unit__in=units_qs.values("pk"),
            starts_at__gte=lo,
            starts_at__lt=hi,
        )
        .order_by()
        .annotate(m=LocalMonth("starts_at"))
        .values_list("unit_id", "kind_id", "m")
        .distinct()
    )


def founded(unit: OrgUnit) -> date:
    """The day the unit was set up in the org tree."""
    return timezone.localdate(unit.created_at)


def compliance_of(units: list[OrgUnit], *, start: date, end: date, today: date) -> dict[int, list]:
    """For each unit, each required kind of its level and each month/quarter/year of the period:
    held, missing (the slot is over) or pending (the slot is still running). A slot that began
    before the unit was set up is listed only when it was held anyway."""
    kinds = [k for k in MeetingKind.objects.all() if k.required]
    if not units or not kinds:
        return {u.pk: [] for u in units}
    ids = [u.pk for u in units]
    kind_slots = {k.pk: slots(k.frequency, start, end) for k in kinds}
    # A quarter or year that overlaps the period counts whole: a meeting held in October
    # satisfies the fourth quarter seen from December.
    every = [s for ss in kind_slots.values() for s in ss]
    lo, hi = min(s.lo for s in every), max(s.hi for s in every) - timedelta(days=1)
    held = _held(OrgUnit.objects.filter(pk__in=ids), kinds, lo, hi)
    # The months a slot spans depend on the slot alone: worked out once, not once per unit.
    months_of = {
        (k, slot): {
            m.strftime("%Y-%m") for m in Period(slot.lo, slot.hi - timedelta(days=1)).months()
        }
        for k, slots in kind_slots.items()
        for slot in slots
    }
    out: dict[int, list] = {}
    for unit in units:
        items = []
        since = founded(unit)
        for kind in kinds:
            if kind.unit_kind != unit.kind:
                continue
            for slot in kind_slots[kind.pk]:
                if slot.lo > today:
                    continue
                done = any((unit.pk, kind.pk, m) in held for m in months_of[(kind.pk, slot)])
                if slot.lo < since and not done:
                    continue
                state = "held" if done else ("missing" if slot.hi <= today else "pending")
                items.append({"kind": kind, "slot": slot, "state": state})
        out[unit.pk] = items
    return out


def _compliance_units(*, user, unit: OrgUnit | None):
    kinds = {k.unit_kind for k in MeetingKind.objects.all() if k.required}
    qs = OrgUnit.objects.visible_to(user).alive().filter(kind__in=kinds)
    if unit is not None:
        qs = qs.filter(subtree_q(unit.path))
    return list(qs.order_by("path").only("pk", "name", "path", "depth", "kind", "created_at"))


def compliance(*, user, period: Period, unit: OrgUnit | None = None, today=None) -> dict:
    """Which branches and party groups in the user's reach are missing which required meetings
    in the period, with a link to plan each missing one."""
    today = today or timezone.localdate()
    units = _compliance_units(user=user, unit=unit)
    result = compliance_of(units, start=period.start, end=period.end, today=today)
    rows = []
    totals = {"units": 0, "held": 0, "missing": 0, "pending": 0, "complete": 0}
    for u in units:
        items = result.get(u.pk, [])
        if not items:
            continue
        counts = {
            s: sum(1 for i in items if i["state"] == s) for s in ("held", "missing", "pending")
        }
        totals["units"] += 1
        for s, n in counts.items():
            totals[s] += n
        totals["complete"] += not counts["missing"]
        gaps = [
            {
                "label": f"{i['slot'].label} {i['kind'].name}",
                "state": i["state"],
                "plan_url": reverse("meetings:create")
                + "?"
                + urlencode({"unit": u.pk, "kind": i["kind"].pk}),
            }
            for i in items
            if i["state"] != "held"
        ]
        rows.append({"unit": u, "counts": counts, "gaps": gaps, "indent": u.depth})
    totals["rate"] = percent(totals["complete"], totals["units"])
    return {"rows": rows, "totals": totals}


def compliance_cached(*, user, period: Period, unit: OrgUnit | None = None) -> dict:
    key = cache_key("compliance", user, period, unit)
    return cache.get_or_set(
        key, lambda: compliance(user=user, period=period, unit=unit), CACHE_SECONDS
    )


def required_meetings_held(*, branches: list[OrgUnit], start: date, end: date) -> dict:
    """The standards judge 三会一课按规定频次召开: for each branch (with its party groups), passed
    when every required kind was held in every month/quarter/year of the period that is over."""
    from apps.standards.judges import Verdict

    today = min(timezone.localdate(), end + timedelta(days=1))
    groups: dict[int, list[OrgUnit]] = {b.pk: [] for b in branches}
    by_path = {b.path: b.pk for b in branches}
    children = OrgUnit.objects.alive().filter(
        kind=UnitKind.PARTY_GROUP, depth__in={b.depth + 1 for b in branches}
    )
    if branches:
        cond = Q(pk__in=[])
        for b in branches:
            cond |= subtree_q(b.path)
        children = children.filter(cond)
    else:
        children = children.none()
    for g in children:
        owner = by_path.get(g.path[:-STEP])
        if owner is not None:
            groups[owner].append(g)
    units = [*branches, *(g for gs in groups.values() for g in gs)]
    result = compliance_of(units, start=start, end=end, today=today)
    verdicts = {}
    for b in branches:
        missing = [
            (u, i)
            for u in [b, *groups[b.pk]]
            for i in result.get(u.pk, [])
            if i["state"] == "missing"
        ]
        notes = [
            (f"{u.name} " if u.pk != b.pk else "")
            + _("缺 %(slot)s %(kind)s") % {"slot": i["slot"].label, "kind": i["kind"].name}
            for u, i in missing
        ]
        url = (
            reverse("meetings:compliance")
            + "?"
            + urlencode({"unit": b.pk, "start": start.isoformat(), "end": end.isoformat()})
        )
        verdicts[b.pk] = Verdict(
            passed=not missing,
            note="；".join(notes[:12]) + ("…" if len(notes) > 12 else ""),
            url=url,
        )
    return verdicts
