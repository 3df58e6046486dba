from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "apps.hazards"
    verbose_name = _("查保促隐患")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Hazard, exclude_fields=["updated_at"])
        auditlog.register(models.Inspection, exclude_fields=["updated_at"], m2m_fields={"units"})
        auditlog.register(models.DeadlinePolicy)
