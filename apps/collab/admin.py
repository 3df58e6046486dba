from django.contrib import admin

from .models import ActionItem, JointMeeting, JointMember, JointSession


class MemberInline(admin.TabularInline):
    model = JointMember
    raw_id_fields = ("unit", "person")
    extra = 0


@admin.register(JointMeeting)
class JointMeetingAdmin(admin.ModelAdmin):
    list_display = ("name", "convener", "cadence")
    raw_id_fields = ("convener", "created_by")
    inlines = [MemberInline]


@admin.register(JointSession)
class JointSessionAdmin(admin.ModelAdmin):
    list_display = ("meeting", "number", "held_at", "place", "status")
    list_filter = ("status",)
    raw_id_fields = ("meeting", "created_by")


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "owner_unit", "due_at", "status")
    list_filter = ("status",)
    search_fields = ("title",)
    raw_id_fields = (
        "meeting",
        "session",
        "resolution",
        "owner_unit",
        "owner_person",
        "created_by",
    )
