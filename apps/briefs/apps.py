from django.apps import AppConfig


class BriefsConfig(AppConfig):
    name = "apps.briefs"
    verbose_name = "月度简报"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the Huey task)
