"""Joint meetings over the API, one module per concern (bodies, sessions, action items) on
one router: the pages' selectors, FilterSets and services."""

from . import actions, bodies, sessions  # noqa: F401  (each registers its endpoints)
from .common import router

__all__ = ["router"]
