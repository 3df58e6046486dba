"""What every learning endpoint shares: the router, the linked record and the unit argument."""

from ninja import Router

from apps.core.api import named
from apps.core.errors import CoreError
from apps.orgs.models import OrgUnit

router = Router(tags=["学习教育"])


def unit_arg(pk: int) -> OrgUnit:
    """The unit an endpoint names; whether the user may act on it is the service's rule (403)."""
    return named(OrgUnit.objects.alive(), pk, field="unit_id", error=CoreError.UNIT_UNKNOWN)
