from django.contrib import admin

from .models import Milestone, Project, ProjectType


@admin.register(ProjectType)
class ProjectTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "description", "sort", "is_active")
    list_editable = ("sort", "is_active")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "type", "lead_unit", "status", "start_date", "end_date")
    list_filter = ("status", "type")
    search_fields = ("name",)
    raw_id_fields = ("lead_unit", "leader", "created_by")
    readonly_fields = ("status", "progress", "score", "grade", "evaluated_at", "closed_at")


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "owner_unit", "due_date", "status")
    list_filter = ("status",)
    raw_id_fields = ("project", "owner_unit", "owner_person")
