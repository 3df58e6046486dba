from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "apps.alerts"
    verbose_name = _("苗头预警")

    def ready(self):
        from apps.core import demo as core_demo

        from . import demo

        core_demo.register("alerts", demo.seed, per_1000_people=0)
