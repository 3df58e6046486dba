"""Reads of 谈心谈话: content through `Talk.objects.visible_to` (the talker and the political
line), numbers through `counted_by` (every cadre whose roles reach the unit)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import related
from apps.core.selectors import get_or_not_found
from apps.orgs.choices import EmploymentStatus, UnitKind
from apps.orgs.models import OrgUnit, Person
from apps.orgs.scope import in_subtree, role_prefixes, roles_of, subtrees_q, units_reached

from .choices import PersonState, TalkKind
from .models import POLITICAL_ROLES, Concern, ConcernTag, MoodReport, Talk, TalkPolicy


def talk_list(*, user):
    return Talk.objects.visible_to(user).select_related("person", "unit")


def talk_get(*, user, pk: int) -> Talk:
    return get_or_not_found(talk_list(user=user), pk)


def talk_concerns(talk: Talk) -> list[Concern]:
    return list(talk.concerns.select_related("tag", "appeal"))


def tags_of(talks) -> dict[int, list[str]]:
    """Each talk's concern tags, in one query for a page of talks."""
    out: dict[int, list[str]] = {}
    rows = Concern.objects.filter(talk__in=[t.pk for t in talks]).values_list(
        "talk_id", "tag__name"
    )
    for talk_id, name in rows.order_by("tag__sort", "pk"):
        out.setdefault(talk_id, []).append(name)
    return out


def active_tags():
    return ConcernTag.objects.filter(is_active=True)


# --- who may be talked with ------------------------------------------------------------------


def unit_of(person: Person) -> OrgUnit:
    """A person's own unit: the team when they are in one, else the department."""
    return person.team or person.department


def may_record(user, person: Person) -> bool:
    """A talk is recorded by a holder of a political role above the person's unit."""
    if user.is_superuser:
        return True
    path = unit_of(person).path
    return any(path.startswith(p) for p in role_prefixes(user, *POLITICAL_ROLES))


def is_recorder(user) -> bool:
    return user.is_superuser or bool(role_prefixes(user, *POLITICAL_ROLES))


def people_to_talk(*, user):
    """The active people a cadre may record a talk with (the person picker's list)."""
    rows = Person.objects.filter(status=EmploymentStatus.ACTIVE)
    if user.is_superuser:
        return rows
    return _working_in(rows, role_prefixes(user, *POLITICAL_ROLES))


def _working_in(people, prefixes):
    """The people whose department or team lies under one of the prefixes."""
    units = OrgUnit.objects.filter(subtrees_q(prefixes)).values("pk")
    return people.filter(Q(department__in=units) | Q(team__in=units))


# --- coverage: every employee talked with once per cycle -------------------------------------


def cycle_of(day: date, months: int) -> tuple[date, date]:
    """The coverage cycle holding `day`: `months`-long periods counted from 1 January."""
    first = (day.month - 1) // months * months + 1
    start = date(day.year, first, 1)
    last = first + months
    end = date(day.year + (last > 12), (last - 1) % 12 + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, quarter * 3 - 2, 1)
    end = date(year + (quarter == 4), quarter * 3 % 12 + 1, 1) - timedelta(days=1)
    return start, end


def quarter_begun(year: int, quarter: int) -> bool:
    """A quarter one may report on: a real one (this century) that has begun."""
    today = timezone.localdate()
    return (
        quarter in (1, 2, 3, 4)
        and 2000 <= year <= today.year
        and quarter_bounds(year, quarter)[0] <= today
    )


def current_cycle(today: date) -> tuple[date, date]:
    return cycle_of(today, TalkPolicy.current().months_per_cycle)


def counted(*, user):
    """Talks as numbers: the rows whose counts the user may see (never shown one by one)."""
    return Talk.objects.counted_by(user)


def people_in_scope(*, user, unit=None):
    """The active people of the user's scope (working in `unit`'s subtree, when given)."""
    rows = Person.objects.visible_to(user).filter(status=EmploymentStatus.ACTIVE)
    return _working_in(rows, [unit.path]) if unit is not None else rows


def not_reached(*, user, start: date, end: date, unit=None):
    """The active people of the user's scope (of `unit`'s subtree) with no talk in the period."""
    talked = Talk.objects.filter(day__gte=start, day__lte=end).values("person_id")
    return (
        people_in_scope(user=user, unit=unit)
        .exclude(pk__in=talked)
        .select_related("department", "team")
        .order_by("department__path", "employee_no")
    )


def coverage_units(*, user, unit=None) -> list[OrgUnit]:
    """The departments a coverage page compares: those the user reaches, under `unit`."""
    rows = units_reached(user, [UnitKind.DEPARTMENT])
    if unit is not None:
        rows = rows.filter(subtrees_q([unit.path]))
    return list(rows.order_by("path")[:60])


# --- the numbers a line manager sees ---------------------------------------------------------


@dataclass
class Counts:
    total: int
    people: int
    by_kind: list[tuple[str, int]]
    by_state: list[tuple[str, int]]
    by_tag: list[tuple[str, int]]


def counts_of(rows) -> Counts:
    """How many talks of `rows`, with how many people, by kind, state and concern tag."""
    totals = rows.aggregate(total=Count("pk"), people=Count("person", distinct=True))
    kinds = dict(rows.order_by().values_list("kind").annotate(n=Count("pk")))
    states = dict(rows.order_by().values_list("state").annotate(n=Count("pk")))
    tags = (
        Concern.objects.filter(talk__in=rows.values("pk"))
        .order_by()
        .values_list("tag__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "tag__name")
    )
    return Counts(
        total=totals["total"],
        people=totals["people"],
        by_kind=[(label, kinds.get(value, 0)) for value, label in TalkKind.choices],
        by_state=[(label, states.get(value, 0)) for value, label in PersonState.choices],
        by_tag=list(tags),
    )


def talk_counts(*, user, start: date, end: date, unit=None) -> Counts:
    """The numbers a line manager sees (no content): the talks of the user's scope."""
    rows = counted(user=user).filter(day__gte=start, day__lte=end)
    return counts_of(in_subtree(rows, unit) if unit is not None else rows)


# --- 思想动态调研报告 ----------------------------------------------------------------------------


def report_list(*, user):
    return MoodReport.objects.visible_to(user).select_related("unit")


def report_get(*, user, pk: int) -> MoodReport:
    return get_or_not_found(report_list(user=user), pk)


def reporting_units(*, user):
    """The units a cadre reports for: those they hold a political role on."""
    if user.is_superuser:
        return OrgUnit.objects.alive().filter(
            kind__in=[UnitKind.BRANCH, UnitKind.GENERAL_BRANCH, UnitKind.DEPARTMENT]
        )
    ids = [g.unit_id for g in roles_of(user) if g.role in POLITICAL_ROLES]
    return OrgUnit.objects.alive().filter(pk__in=ids)


def appeal_links(*, user, record) -> list[related.Link]:
    """An appeal raised from a talk's concern names the talk — for a reader of that talk only
    (the talk's privacy holds: a line manager who reads the appeal does not learn of it)."""
    talk = (
        Talk.objects.visible_to(user)
        .filter(concerns__appeal_id=record.pk)
        .select_related("person")
        .first()
    )
    if talk is None:
        return []
    label = _("由谈心谈话提出:%(date)s 与%(name)s") % {
        "date": f"{talk.day:%Y-%m-%d}",
        "name": talk.person.name,
    }
    url = reverse("talks:detail", args=[talk.pk])
    return [related.Link(label, url, icon="ti-messages", testid="from-talk")]
