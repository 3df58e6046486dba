from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "apps.appeals"
    verbose_name = _("急难愁盼诉求")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from apps.core import demo as core_demo
        from apps.core import periodic, search

        from . import demo, indicators, models, selectors, services, texts  # noqa: F401  (registries)

        core_demo.register("appeals", demo.seed, per_1000_people=2000)
        periodic.register(services.anonymous_batch)

        post_save.connect(
            selectors.figures_changed, sender=models.Appeal, dispatch_uid="appeals_figures"
        )

        # The timeline (AppealEvent) is itself the appeal's history; the audit log keeps the
        # field changes. An anonymous submitter's own steps are written with auditing disabled.
        auditlog.register(models.Appeal, exclude_fields=["updated_at", "receipt_digest"])
        auditlog.register(models.Category)
        auditlog.register(models.AppealPolicy)

        # Free-text search (decision 0011): title and content, and the ledger number. Never the
        # submitter's name: an anonymous appeal must not be found by who wrote it.
        search.register(
            models.Appeal,
            fields=("title", "description"),
            extra=lambda a: [a.number],
            watch=("ref",),
        )
