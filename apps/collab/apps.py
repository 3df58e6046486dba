from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "apps.collab"
    verbose_name = _("联席会议")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import periodic
        from apps.feed import links as feed_links

        from . import demo, indicators, models, services  # noqa: F401  (indicators registers)

        core_demo.register("collab", demo.seed, per_1000_people=1)
        periodic.register(services.collab_cutoff_remind)
        # A progress post in the department feed may link an action item.
        feed_links.register(
            models.ActionItem,
            _("联席会议督办事项"),
            title=lambda a: a.title,
        )

        auditlog.register(models.JointMeeting, exclude_fields=["updated_at"])
        auditlog.register(models.JointMember)
        auditlog.register(models.JointSession, exclude_fields=["updated_at"])
        auditlog.register(models.AgendaTopic)
        auditlog.register(models.Attendance)
        auditlog.register(models.Resolution)
        auditlog.register(models.ActionItem, exclude_fields=["updated_at"])
