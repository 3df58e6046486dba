from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalsConfig(AppConfig):
    name = "apps.appraisals"
    verbose_name = _("民主评议与换届")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import menu, periodic

        from . import demo, indicators, models, services  # noqa: F401  (indicators registers)

        core_demo.register("appraisals", demo.seed, per_1000_people=1)
        periodic.register(services.terms_remind)
        if all(item.url_name != "appraisals:list" for item in menu.MENU):
            after = [item.url_name for item in menu.MENU].index("standards:overview") + 1
            menu.MENU.insert(
                after, menu.MenuItem(_("民主评议与换届"), "appraisals:list", "ti-award")
            )

        auditlog.register(models.Appraisal, exclude_fields=["updated_at"])
        auditlog.register(models.AppraisalEntry)
        auditlog.register(models.Committee, exclude_fields=["updated_at"])
        auditlog.register(models.TermSettings)
