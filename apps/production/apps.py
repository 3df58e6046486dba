from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductionConfig(AppConfig):
    name = "apps.production"
    verbose_name = _("生产指标")

    def ready(self):
        from apps.core import demo as core_demo

        from . import demo, indicators  # noqa: F401  (indicators registers)

        core_demo.register("production", demo.seed, per_1000_people=1)
