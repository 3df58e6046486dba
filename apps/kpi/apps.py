from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "apps.kpi"
    verbose_name = _("量化考核")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, tasks  # noqa: F401  (tasks registers the nightly recompute)

        # The scorecards are recomputed; what people set and enter is audited.
        for model in (
            models.Indicator,
            models.Scheme,
            models.SchemeItem,
            models.Period,
            models.ManualScore,
            models.Adjustment,
            models.Objection,
            models.KpiSettings,
        ):
            auditlog.register(model, exclude_fields=["updated_at"])
        from apps.core import demo as core_demo

        from . import demo

        core_demo.register("kpi", demo.seed, per_1000_people=1)  # last: it reads every area
