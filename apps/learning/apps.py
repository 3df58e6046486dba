from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "apps.learning"
    verbose_name = _("学习教育")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import participation, periodic, search

        from . import demo, models, selectors, services

        core_demo.register("learning", demo.seed, per_1000_people=1000)
        participation.register("learning.required_courses", selectors.required_course_finishers)
        periodic.register(services.assignments_remind)

        # Attempts and study records are the learners' own acts, stamped in their rows (and
        # written a thousand a minute): not audited field by field. Everything cadres set is.
        for model in (
            models.Course,
            models.CourseAssignment,
            models.QuestionBank,
            models.Question,
            models.Quiz,
            models.EssayContest,
            models.EssaySubmission,
            models.LearningSettings,
        ):
            auditlog.register(model, exclude_fields=["updated_at"])
        auditlog.register(models.Material)
        auditlog.register(models.EssayScore)

        search.register(models.Question, fields=("stem", "explanation"))
