"""What every learning page shares: 404 for what the user may not see, service errors onto the
form, the paginator of the other ledgers."""

from django.http import Http404

from apps.core.errors import DomainError, NotFound
from apps.core.pagination import paginate  # noqa: F401  (re-exported for the area's views)

from ..permissions import is_cadre


def found(selector, **kwargs):
    try:
        return selector(**kwargs)
    except NotFound as e:
        raise Http404 from e


def form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def cadre_only(user) -> None:
    """Management pages do not exist for employees (404, like any page out of scope)."""
    if not is_cadre(user):
        raise Http404
