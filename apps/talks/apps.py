from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalksConfig(AppConfig):
    name = "apps.talks"
    verbose_name = _("谈心谈话")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import related

        from . import demo, indicators, models, selectors, texts  # noqa: F401  (registries)

        for model in (models.Talk, models.MoodReport, models.ConcernTag, models.TalkPolicy):
            auditlog.register(model, exclude_fields=["updated_at"])
        auditlog.register(models.Concern)
        core_demo.register("talks", demo.seed, per_1000_people=1200)
        # The appeal a concern became names the talk it came from, to the talk's readers only.
        related.register("appeals.appeal", selectors.appeal_links)
