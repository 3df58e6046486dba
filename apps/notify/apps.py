from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "apps.notify"
    verbose_name = _("送达")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import services as core_services

        from . import models, tasks

        core_services.on_notified(tasks.after_notify)
        # Who changed a channel and when; its credentials never enter the log.
        auditlog.register(models.Channel, exclude_fields=["secrets", "updated_at"])
        auditlog.register(models.NotifyPolicy)
