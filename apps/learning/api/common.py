"""What every learning endpoint shares: the router, paging, filters and the unit argument."""

from django.http import QueryDict
from ninja import Field, Router, Schema

from apps.core.errors import CoreError
from apps.core.params import Offset
from apps.orgs.models import OrgUnit

router = Router(tags=["学习教育"])


class LearningPage(Schema):
    limit: int = Field(50, ge=1, le=500, description="每页条数,1–500")
    offset: Offset = Field(0, description="跳过的条数")


def ref(obj) -> dict | None:
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


def page_of(qs, page: LearningPage, out, *, numbered: bool = False) -> dict:
    """A page of rows; `numbered` hands `out` each row's position in the whole list too."""
    rows = list(qs[page.offset : page.offset + page.limit])
    return {
        "count": qs.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [out(r, page.offset + i) if numbered else out(r) for i, r in enumerate(rows, 1)],
    }


def filtered(filter_class, params: dict, queryset):
    """The page's FilterSet over the API's query parameters: a bad value is a 422."""
    data = QueryDict(mutable=True)
    for key, value in params.items():
        if value is not None:
            data[key] = str(value)
    filterset = filter_class(data, queryset=queryset)
    if not filterset.is_valid():
        raise CoreError.INVALID_FILTER()
    return filterset.qs


def unit_arg(pk: int) -> OrgUnit:
    """The unit an endpoint names; whether the user may act on it is the service's rule (403)."""
    unit = OrgUnit.objects.alive().filter(pk=pk).first()
    if unit is None:
        raise CoreError.UNIT_UNKNOWN(field="unit_id")
    return unit
