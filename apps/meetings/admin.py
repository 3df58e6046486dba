from django.contrib import admin

from .models import Attendance, Meeting, MeetingKind


@admin.register(MeetingKind)
class MeetingKindAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "frequency",
        "unit_kind",
        "counts_as_study",
        "integrity_education",
        "active",
        "sort",
    )
    list_editable = ("frequency", "counts_as_study", "integrity_education", "active", "sort")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("topic", "kind", "unit", "starts_at", "status")
    list_filter = ("status", "kind")
    search_fields = ("topic",)
    raw_id_fields = ("unit", "host", "recorder", "created_by")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("meeting", "person", "status", "signed_in_at", "makeup_status")
    list_filter = ("status", "makeup_status")
    raw_id_fields = ("meeting", "person", "leave_decided_by")
