from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "apps.transfers"
    verbose_name = _("组织关系转接")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import menu, participation, periodic
        from apps.orgs.menu import CADRE_ROLES

        from . import demo, models, selectors, services

        core_demo.register("transfers", demo.seed, per_1000_people=40)
        participation.register("transfers.flowing", selectors.flowing_participants)
        periodic.register(services.receipts_remind)
        if all(item.url_name != "transfers:list" for item in menu.MENU):
            after = [item.url_name for item in menu.MENU].index("standards:overview") + 1
            menu.MENU.insert(
                after,
                menu.MenuItem(_("组织关系转接"), "transfers:list", "ti-transfer", CADRE_ROLES),
            )

        auditlog.register(models.Transfer, exclude_fields=["updated_at"])
        auditlog.register(models.FlowingMember, exclude_fields=["updated_at"])
        auditlog.register(models.TransferSettings)
