from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "apps.care"
    verbose_name = _("关爱帮扶")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import menu, periodic, related

        from . import demo, indicators, models, selectors, services  # noqa: F401 (indicators)

        core_demo.register("care", demo.seed, per_1000_people=10)
        periodic.register(services.reviews_remind)
        # The back-links on an appeal's and a talk's page: those areas never import care.
        related.register("appeals.appeal", selectors.appeal_links)
        related.register("talks.talk", selectors.talk_links)
        if all(item.url_name != "care:list" for item in menu.MENU):
            after = [item.url_name for item in menu.MENU].index("appeals:list") + 1
            # Everyone: a cadre of the union lands on the files, anyone else on 我的帮扶.
            menu.MENU.insert(after, menu.MenuItem(_("关爱帮扶"), "care:list", "ti-heart"))

        # The family's situation is hardship data: the audit log keeps that it changed, not what.
        auditlog.register(
            models.HardshipFile,
            exclude_fields=["updated_at"],
            mask_fields=["family_situation", "monthly_income"],
        )
        auditlog.register(models.Aid, exclude_fields=["updated_at"])
        auditlog.register(models.Campaign, exclude_fields=["updated_at"])
        auditlog.register(models.CareSettings)
