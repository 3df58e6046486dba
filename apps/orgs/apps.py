from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def name_parts(name: str) -> str:
    """Every part of a name (every character of a long one), space-separated."""
    if len(name) > 8:
        return " ".join(name)
    return " ".join(name[i:j] for i in range(len(name)) for j in range(i + 1, len(name) + 1))


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

        # 工号 and the pinyin initials match by prefix; a name is searched by any part of it
        # (建国 finds 王建国, 张 every 张), as the roster's search always did.
        search.register(
            models.Person,
            fields=("name",),
            extra=lambda p: [p.employee_no, p.name_initials, name_parts(p.name)],
            watch=("employee_no", "name_initials"),
        )
