"""The 督办 index over the API: the page's selector and filter."""

from datetime import datetime

from ninja import Field, Query, Router, Schema

from apps.core.api import paged, query_params
from apps.core.params import Id
from apps.core.schemas import PageOut, PageQuery

from .filters import KINDS, ItemFilter
from .selectors import item_counts, item_get, item_list

router = Router(tags=["督办"])


class ItemQuery(PageQuery):
    q: str | None = Field(None, description="事项包含")
    state: str | None = Field(None, description="open / due_soon / overdue / closed")
    kind: str | None = Field(None, description="appeal / suggestion / hazard …")
    unit: Id | None = Field(None, description="责任单位(含下级)")
    mine: bool | None = Field(None, description="只看我负责的")


class SupervisionItemOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    url: str
    owner_unit_id: int
    owner_unit_name: str
    owner_person_id: int | None
    due_at: datetime
    closed_at: datetime | None
    level: int
    level_label: str


class ItemPage(PageOut):
    counts: dict[str, int]
    items: list[SupervisionItemOut]


def _out(item) -> dict:
    """An item as `SupervisionItemOut`: a dict, validated once by ninja as the answer."""
    return dict(
        id=item.pk,
        kind=item.kind,
        kind_label=str(KINDS.get(item.kind, item.kind)),
        title=item.title,
        url=item.url,
        owner_unit_id=item.owner_unit_id,
        owner_unit_name=item.owner_unit.name,
        owner_person_id=item.owner_person_id,
        due_at=item.due_at,
        closed_at=item.closed_at,
        level=item.level,
        level_label=str(item.get_level_display()),
    )


@router.get("/items", response=ItemPage, summary="督办事项列表")
def items(request, query: Query[ItemQuery]):
    base = item_list(user=request.user)
    qs = ItemFilter(query_params(query), queryset=base, request=request).qs
    return paged(qs.order_by("closed_at", "due_at", "pk"), query, _out, counts=item_counts(base))


@router.get("/items/{item_id}", response=SupervisionItemOut, summary="督办事项详情")
def item(request, item_id: int):
    return _out(item_get(user=request.user, pk=item_id))
