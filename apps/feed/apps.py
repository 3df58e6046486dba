from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedConfig(AppConfig):
    name = "apps.feed"
    verbose_name = _("工作动态")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import search

        from . import demo, models

        core_demo.register("feed", demo.seed, per_1000_people=1000)

        auditlog.register(
            models.Post,
            exclude_fields=["updated_at", "read_count", "comment_count", "excerpt"],
            m2m_fields={"tags"},
        )
        auditlog.register(models.Comment, exclude_fields=["updated_at"])
        auditlog.register(models.Tag)

        search.register(models.Post, fields=("title", "body"))
