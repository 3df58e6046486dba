"""Writes of 学习教育, split by resource; every service is keyword-only and atomic."""

from .banks import bank_create, bank_import_confirm, bank_import_start, question_create
from .courses import (
    assignment_create,
    assignments_remind,
    course_complete,
    course_create,
    course_open,
    course_update,
    material_add,
    material_done,
)
from .essays import essay_contest_create, essay_publish, essay_score, essay_submit
from .quizzes import attempt_start, attempt_submit, quiz_create

__all__ = [
    "assignment_create",
    "assignments_remind",
    "attempt_start",
    "attempt_submit",
    "bank_create",
    "bank_import_confirm",
    "bank_import_start",
    "course_complete",
    "course_create",
    "course_open",
    "course_update",
    "essay_contest_create",
    "essay_publish",
    "essay_score",
    "essay_submit",
    "material_add",
    "material_done",
    "question_create",
    "quiz_create",
]
