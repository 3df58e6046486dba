from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "apps.alerts"
    verbose_name = _("苗头预警")

    def ready(self):
        from apps.core import demo as core_demo
        from apps.core import search

        from . import demo, detect

        core_demo.register("alerts", demo.seed, per_1000_people=0)
        # The domain words (夜班津贴, 高温补贴 …) stay whole in search as in the weekly pass.
        search.add_dictionary(detect.DATA / "dict.txt")
