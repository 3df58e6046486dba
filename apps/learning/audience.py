"""The people an audience (unit, 本单位及下级 / 仅党员 / 全体职工) takes in: the same rule as
`models.audience_q`, seen from the other side, as one queryset."""

from django.db.models import Q

from apps.core.scope import subtree_q
from apps.orgs.choices import EmploymentStatus
from apps.orgs.models import OrgUnit, PartyMembership, Person

from .choices import Audience

ON_DUTY = (EmploymentStatus.ACTIVE, EmploymentStatus.SECONDED)


def audience_people(unit, audience: str):
    """Employees on duty whose department, team or party branch lies in the unit's subtree
    (party members only, for 仅党员)."""
    units = OrgUnit.objects.filter(subtree_q(unit.path)).values("pk")
    members = PartyMembership.objects.filter(branch__isnull=False).values("person_id")
    in_branch = PartyMembership.objects.filter(branch__in=units).values("person_id")
    admin = Q(department__in=units) | Q(team__in=units)
    if audience == Audience.MEMBERS:
        cond = Q(pk__in=in_branch) | (admin & Q(pk__in=members))
    else:
        cond = admin | Q(pk__in=in_branch)
    return Person.objects.filter(cond, status__in=ON_DUTY)
