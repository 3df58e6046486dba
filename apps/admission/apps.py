from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionConfig(AppConfig):
    name = "apps.admission"
    verbose_name = _("发展党员")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo

        from . import demo, indicators, models, tasks  # noqa: F401  (indicators, tasks register)

        core_demo.register("admission", demo.seed, per_1000_people=20)
        auditlog.register(
            models.Admission, exclude_fields=["updated_at"], m2m_fields={"contacts", "sponsors"}
        )
        auditlog.register(models.AdmissionPolicy)
