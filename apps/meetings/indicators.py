"""量化考核 calculators of 组织生活 (apps.py imports this module to register them): 三会一课
compliance from compliance.compliance_of and 理论学习覆盖率 over every registered participation
source (figures.covered_q), each per unit subtree."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.core.scope import subtrees_q
from apps.orgs.choices import EmploymentStatus
from apps.orgs.models import OrgUnit, Person

from .compliance import compliance_of
from .figures import covered_q
from .models import MeetingKind
from .selectors import Period


def _meeting_sums(*, units, start, end):
    """Required meeting slots (month/quarter/year × kind) that are over, and those held, in the
    units of the subtrees that owe them."""
    kinds = {k.unit_kind for k in MeetingKind.objects.all() if k.required}
    owing = list(
        OrgUnit.objects.alive()
        .filter(subtrees_q([u.path for u in units]), kind__in=kinds)
        .only("pk", "path", "kind", "created_at")
    )
    result = compliance_of(owing, start=start, end=end, today=timezone.localdate())
    rows = []
    for unit in owing:
        states = [i["state"] for i in result.get(unit.pk, [])]
        held = states.count("held")
        rows.append({"path": unit.path, "held": held, "due": held + states.count("missing")})
    return indicators.roll_up(units, rows, path="path", keys=("held", "due"))


def _meeting_url(unit, start, end) -> str:
    return indicators.list_url("meetings:compliance", start=start, end=end, unit=unit.pk, all=1)


indicators.register_rate(
    "meetings.required_held_rate",
    _("三会一课按规定召开率"),  # required slots held ÷ required slots that are over
    sums=_meeting_sums,
    part="held",
    whole="due",
    url=_meeting_url,
)

PERSON_PATHS = ("department__path", "team__path", "party_membership__branch__path")


def _coverage_sums(*, units, start, end):
    """Active people of each subtree (by department, team or party branch), and those who took
    part in theory education in the period: one grouped query."""
    rows = (
        Person.objects.filter(status=EmploymentStatus.ACTIVE)
        .order_by()
        .values(*PERSON_PATHS)
        .annotate(total=Count("pk"), covered=Count("pk", filter=covered_q(Period(start, end))))
    )
    return indicators.roll_up(units, rows, path=PERSON_PATHS, keys=("total", "covered"))


def _coverage_url(unit, start, end) -> str:
    return indicators.list_url("meetings:coverage", start=start, end=end, unit=unit.pk)


indicators.register_rate(
    "meetings.study_coverage",
    _("理论学习覆盖率"),
    sums=_coverage_sums,
    part="covered",
    whole="total",
    url=_coverage_url,
)
