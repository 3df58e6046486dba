from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("公共")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import renewed_at_login

        user_logged_in.connect(renewed_at_login, dispatch_uid="core.session_renewed_at_login")
