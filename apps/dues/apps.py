from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "apps.dues"
    verbose_name = _("党费")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import menu, periodic
        from apps.orgs.menu import PARTY

        from . import demo, indicators, models, services  # noqa: F401  (indicators registers)
        from .permissions import COMMITTEE_ROLES

        core_demo.register("dues", demo.seed, per_1000_people=1000)
        periodic.register(services.dues_remind)
        names = [item.url_name for item in menu.MENU]
        if "dues:ledger" not in names:
            after = names.index("admission:board") + 1 if "admission:board" in names else len(names)
            menu.MENU.insert(
                after,
                menu.MenuItem(
                    _("党费"), "dues:ledger", "ti-coin-yuan", tuple(PARTY) + tuple(COMMITTEE_ROLES)
                ),
            )
        if "dues:mine" not in names:
            after = [item.url_name for item in menu.MENU].index("dues:ledger") + 1
            menu.MENU.insert(after, menu.MenuItem(_("我的党费"), "dues:mine", "ti-wallet"))

        auditlog.register(models.DuesRate)
        auditlog.register(models.DuesBase, exclude_fields=["updated_at"])
        auditlog.register(models.DuesPayment, exclude_fields=["updated_at"])
        auditlog.register(models.DuesRelief, exclude_fields=["updated_at"])
        auditlog.register(models.DuesRemittance, exclude_fields=["updated_at"])
        auditlog.register(models.DuesSettings)
