from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionsConfig(AppConfig):
    name = "apps.selections"
    verbose_name = _("班组长竞聘")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import menu, periodic

        from . import demo, indicators, models, services  # noqa: F401  (indicators registers)

        core_demo.register("selections", demo.seed, per_1000_people=1)
        periodic.register(services.term_remind)
        # Everyone sees it: an employee applies and votes from here.
        if all(item.url_name != "selections:list" for item in menu.MENU):
            after = [item.url_name for item in menu.MENU].index("hazards:list") + 1
            menu.MENU.insert(after, menu.MenuItem(_("班组长竞聘"), "selections:list", "ti-award"))
        # Ballots, tallies and objections are left out: the audit trail would name a voter or
        # an anonymous objector with the time.
        auditlog.register(models.Selection, exclude_fields=["updated_at"], m2m_fields={"judges"})
        auditlog.register(models.Applicant)
        auditlog.register(models.JudgeScore)
