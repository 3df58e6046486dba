from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "apps.surveys"
    verbose_name = _("问卷调查")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import periodic

        from . import demo, indicators, models, services, texts  # noqa: F401  (registries)

        core_demo.register("surveys", demo.seed, per_1000_people=1)
        periodic.register(services.surveys_remind_due)

        # Survey and its questions are audited; Invitation and Response never are: the log
        # would join an answer to a person and a time (decision 0007).
        auditlog.register(models.Survey, exclude_fields=["updated_at"])
        auditlog.register(models.Question, exclude_fields=["updated_at"])
