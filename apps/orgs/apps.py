from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "apps.orgs"
    verbose_name = _("组织与人员")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import menu, search
        from apps.core.scope import register_provider

        from . import menu as items
        from . import models
        from .scope import OrgScope

        # core's visible_to asks orgs for the units a scope reaches (decision 0006).
        register_provider(OrgScope())
        menu.register(items.MENU)

        auditlog.register(
            models.OrgUnit, exclude_fields=["path", "depth", "numchild", "updated_at"]
        )
        auditlog.register(models.Person, exclude_fields=["updated_at", "name_initials"])
        auditlog.register(models.PartyMembership, exclude_fields=["updated_at"])
        auditlog.register(models.UnionMembership, exclude_fields=["updated_at"])
        auditlog.register(models.LeagueMembership, exclude_fields=["updated_at"])

        # A name is short and a surname alone must find it: each character is a word too; 工号
        # and the pinyin initials match by prefix.
        search.register(
            models.Person,
            fields=("name",),
            extra=lambda p: [p.employee_no, p.name_initials, " ".join(p.name)],
            watch=("employee_no", "name_initials"),
        )
