from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "apps.meetings"
    verbose_name = _("组织生活")

    def ready(self):
        from auditlog.registry import auditlog

        from apps.core import demo as core_demo
        from apps.core import participation
        from apps.standards import judges

        from . import compliance, demo, figures, indicators, models, tasks  # noqa: F401  (registers)

        core_demo.register("meetings", demo.seed, per_1000_people=1)
        participation.register("meetings.study", figures.study_participants)
        judges.register(
            "meetings.required_held", _("三会一课按规定频次召开"), compliance.required_meetings_held
        )
        auditlog.register(models.Meeting, exclude_fields=["updated_at", "reminded_at"])
        auditlog.register(models.MeetingKind)
        auditlog.register(models.Attendance)
        auditlog.register(models.RecordReview, exclude_fields=["updated_at"])
        auditlog.register(models.PartyGroupMember, exclude_fields=["updated_at"])
