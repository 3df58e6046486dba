from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupsConfig(AppConfig):
    name = "apps.rollups"
    verbose_name = _("指标存值")
