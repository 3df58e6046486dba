from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "apps.appeals"
    verbose_name = _("急难愁盼诉求")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # The timeline (AppealEvent) is itself the appeal's history; the audit log keeps the
        # field changes. An anonymous submitter's own steps are written with auditing disabled.
        auditlog.register(models.Appeal, exclude_fields=["updated_at", "receipt_digest"])
        auditlog.register(models.Category)
        auditlog.register(models.AppealPolicy)
