from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "apps.talent"
    verbose_name = _("人才队伍")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import menu, periodic, related, talentpool

        from . import demo, models, selectors, services

        # 竞聘 (apps.selections), the priority lists and the person's page ask who is in the pool.
        talentpool.register(selectors.pool_marks)
        core_demo.register("talent", demo.seed, per_1000_people=20)
        periodic.register(services.pool_expiry_remind)
        # A project's or a hazard campaign's page names the 党员突击队 serving it.
        related.register("projects.project", selectors.served_links)
        related.register("hazards.inspection", selectors.served_links)
        if all(item.url_name != "talent:home" for item in menu.MENU):
            names = [item.url_name for item in menu.MENU]
            after = names.index("projects:list") + 1 if "projects:list" in names else len(names)
            menu.MENU.insert(after, menu.MenuItem(_("人才队伍"), "talent:home", "ti-award"))

        for model in (
            models.TalentEntry,
            models.Mentorship,
            models.Contest,
            models.Award,
            models.Brand,
            models.Honour,
        ):
            auditlog.register(model, exclude_fields=["updated_at"])
        auditlog.register(models.TalentLevel)
        auditlog.register(models.Entrant)
        auditlog.register(models.Round, m2m_fields={"judges"})
        auditlog.register(models.RoundScore)
        auditlog.register(models.TradeQuiz)
