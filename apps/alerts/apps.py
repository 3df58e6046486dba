from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "apps.alerts"
    verbose_name = _("苗头预警")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import search

        from . import demo, detect, models

        core_demo.register("alerts", demo.seed, per_1000_people=0)
        # The thresholds and how each warning was handled (who confirmed, dismissed, followed up).
        auditlog.register(models.AlertPolicy)
        auditlog.register(models.Warning, include_fields=["status", "reason", "handled_by"])
        # The domain words (夜班津贴, 高温补贴 …) stay whole in search as in the weekly pass.
        search.add_dictionary(detect.DATA / "dict.txt")
