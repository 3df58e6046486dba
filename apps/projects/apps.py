from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "apps.projects"
    verbose_name = _("项目化管理")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.feed import links as feed_links

        from . import demo, indicators, models  # noqa: F401  (indicators registers)

        core_demo.register("projects", demo.seed, per_1000_people=40)
        # A progress post in the department feed may link a project.
        feed_links.register(models.Project, _("项目"))

        # Reverse relations would show up as empty "changes" of a new row: leave them out.
        parts = ["cooperations", "members", "targets", "milestones", "reports", "issues"]
        auditlog.register(
            models.Project,
            exclude_fields=["updated_at", "progress", *parts, "acceptances", "events"],
        )
        auditlog.register(models.Milestone, exclude_fields=["updated_at", "updates"])
        auditlog.register(models.Target, exclude_fields=["figures"])
        auditlog.register(models.Cooperation)
        auditlog.register(models.Member)
        auditlog.register(models.Issue, exclude_fields=["updated_at"])
        auditlog.register(models.ProjectType)
