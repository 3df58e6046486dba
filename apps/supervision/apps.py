from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "apps.supervision"
    verbose_name = _("督办")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import periodic

        from . import models, services

        periodic.register(services.supervision_pass)
        auditlog.register(models.Policy)
        auditlog.register(models.ExtensionRequest)
