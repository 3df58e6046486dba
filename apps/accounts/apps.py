from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("账号与角色")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.RoleAssignment)
        auditlog.register(
            models.User,
            include_fields=["username", "is_active", "is_superuser", "person", "disabled_reason"],
        )
        auditlog.register(models.AccountPolicy)
