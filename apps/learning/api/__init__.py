"""学习教育 over the API: the pages' selectors, FilterSets and services, one module per concern
(courses and study, banks and questions, quizzes and attempts, essay contests) on one router."""

from . import banks, courses, essays, quizzes  # noqa: F401  (each adds its operations)
from .common import router

__all__ = ["router"]
