"""组织生活 over the API, one module per concern (meetings, records, reports) on one router:
the pages' selectors, FilterSets and services."""

from . import meetings, records, reports  # noqa: F401  (each registers its endpoints)
from .common import router

__all__ = ["router"]
