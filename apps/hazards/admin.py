from django.contrib import admin

from apps.core.admin import SettingsRowAdmin

from .models import Hazard, HazardPolicy, Inspection


@admin.register(HazardPolicy)
class HazardPolicyAdmin(SettingsRowAdmin):
    list_display = ("__str__", "general_days", "larger_days", "major_days")


@admin.register(Hazard)
class HazardAdmin(admin.ModelAdmin):
    list_display = ("number", "place", "level", "status", "unit", "owner_unit", "due_at")
    list_filter = ("status", "level")
    search_fields = ("place", "description")
    raw_id_fields = ("unit", "owner_unit", "owner_person", "reporter", "reported_by", "inspection")
    readonly_fields = ("reported_at", "confirmed_at", "submitted_at", "rectified_at")


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("title", "organizer", "date")
    raw_id_fields = ("organizer", "units", "inspectors", "created_by")
