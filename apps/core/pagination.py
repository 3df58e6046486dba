"""The one paginator of every ledger and list page."""

from django.core.paginator import Paginator

from . import search

PAGE_SIZE = 25


class _Counted(Paginator):
    """A paginator told its count by a query that already ran."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


def paginate(qs, number, *, count: int | None = None, per_page: int = PAGE_SIZE):
    """A page of a scoped list in two steps: sort and slice the ids alone (cheap at 50,000 rows),
    then load those rows with their relations. `count`, when a query already knows it, spares
    the COUNT."""
    ids_qs = qs.values_list("pk", flat=True)
    paginator = Paginator(ids_qs, per_page) if count is None else _Counted(ids_qs, per_page, count)
    page = paginator.get_page(number)
    ids = list(page.object_list)
    rows = {row.pk: row for row in search.unranked(qs).filter(pk__in=ids)}
    page.object_list = [rows[i] for i in ids if i in rows]
    return page
