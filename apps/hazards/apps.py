from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "apps.hazards"
    verbose_name = _("查保促隐患")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import search

        from . import demo, indicators, models  # noqa: F401  (indicators registers)

        core_demo.register("hazards", demo.seed, per_1000_people=400)

        auditlog.register(models.Hazard, exclude_fields=["updated_at"])
        auditlog.register(models.Inspection, exclude_fields=["updated_at"], m2m_fields={"units"})
        auditlog.register(models.HazardPolicy, m2m_fields={"safety_units"})

        search.register(models.Hazard, fields=("place", "description"), extra=lambda h: [h.number])
