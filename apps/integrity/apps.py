from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "apps.integrity"
    verbose_name = _("党风廉政")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import idempotency, menu, periodic

        from . import demo, models, services

        core_demo.register("integrity", demo.seed, per_1000_people=10)
        periodic.register(services.risks_remind)
        periodic.register(services.rotation_remind)
        # Intake and the receipt pages: their submissions (and answers, which carry the receipt
        # code) are never kept by the idempotency store, which would link them to the sender.
        idempotency.unrecorded(
            "/integrity/report/", "/integrity/receipt/", "/api/v1/integrity/receipt"
        )
        idempotency.unrecorded("/api/v1/integrity/reports/submit")
        if all(item.url_name != "integrity:home" for item in menu.MENU):
            names = [item.url_name for item in menu.MENU]
            after = names.index("transfers:list") + 1 if "transfers:list" in names else len(names)
            menu.MENU.insert(
                after, menu.MenuItem(_("党风廉政"), "integrity:home", "ti-shield-check", None)
            )

        # Reports, entries, events, keys and the access log are deliberately not audited by
        # auditlog: its actor column would name an anonymous reporter's account. Their own
        # history (ReportEvent) and the hash-chained AccessEntry stand in (decision 0016).
        auditlog.register(models.KeyPost, exclude_fields=["updated_at"])
        auditlog.register(models.PostHolding)
        auditlog.register(models.RiskPoint, exclude_fields=["updated_at"])
        auditlog.register(models.Pledge)
        auditlog.register(models.IntegritySettings)
        auditlog.register(models.PostCategory)
