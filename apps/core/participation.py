"""Who took part in theory education (理论教育覆盖率): each area registers where it records that.

The coverage figure counts the people in scope who appear in at least one source for the period.
An area registers a source in its AppConfig.ready():

    from apps.core import participation
    participation.register("learning.required_courses", required_course_finishers)

A source returns a queryset of person ids (`.values("person_id")`), so the figure is one query
with a subquery per source, whatever the size of the company:

    def required_course_finishers(*, start: datetime, end: datetime) -> QuerySet
"""

from collections.abc import Callable

from django.db.models import QuerySet

_sources: dict[str, Callable[..., QuerySet]] = {}


def register(name: str, fn: Callable[..., QuerySet]) -> None:
    _sources[name] = fn


def sources() -> dict[str, Callable[..., QuerySet]]:
    return dict(_sources)
