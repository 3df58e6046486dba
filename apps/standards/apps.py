from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "apps.standards"
    verbose_name = _("支部标准化")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import periodic

        from . import checks, demo, indicators, judges, models, services  # noqa: F401  (registers)

        judges.register(
            "standards.committee_complete", _("支部委员会配备齐全"), checks.committee_complete
        )
        judges.register("standards.roster_current", _("党员名册信息完整"), checks.roster_current)
        core_demo.register("standards", demo.seed, per_1000_people=1)
        periodic.register(services.standards_remind)

        auditlog.register(models.Checklist, exclude_fields=["updated_at"])
        auditlog.register(models.StandardItem, exclude_fields=["updated_at"])
        auditlog.register(models.ReviewRound, exclude_fields=["updated_at"])
        auditlog.register(models.BranchReview, exclude_fields=["updated_at"])
        auditlog.register(models.ReviewItem)
