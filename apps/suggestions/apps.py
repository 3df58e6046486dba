from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "apps.suggestions"
    verbose_name = _("合理化建议")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import search
        from apps.supervision.signals import deadline_extended

        from . import demo, indicators, models, services, texts  # noqa: F401  (registries)

        core_demo.register("suggestions", demo.seed, per_1000_people=600)
        deadline_extended.connect(
            services.suggestion_deadline_extended,
            sender=models.Suggestion,
            dispatch_uid="suggestions.deadline_extended",
        )

        auditlog.register(models.Campaign, exclude_fields=["updated_at"])
        auditlog.register(models.Criterion)
        auditlog.register(
            models.Suggestion, exclude_fields=["updated_at"], m2m_fields={"co_proposers"}
        )
        auditlog.register(models.Review)
        auditlog.register(models.ReviewScore)
        auditlog.register(models.BenefitRule, m2m_fields={"verifying_units"})

        search.register(models.Suggestion, fields=("title", "problem", "proposal"))
