from django.contrib import admin

from apps.core.admin import SettingsRowAdmin, WorkflowAdmin

from .models import Appeal, AppealPolicy, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "sort", "is_active")
    list_editable = ("sort", "is_active")


@admin.register(AppealPolicy)
class AppealPolicyAdmin(SettingsRowAdmin):
    list_display = ("__str__", "days_normal", "days_urgent", "days_critical")


@admin.register(Appeal)
class AppealAdmin(WorkflowAdmin):
    """Read-only in the back office: appeals change only through the workflow."""

    list_display = ("number", "title", "category", "urgency", "status", "owner_unit", "due_at")
    list_filter = ("status", "urgency", "category")
    search_fields = ("title",)
    raw_id_fields = ("submitter", "submitter_unit", "intake_unit", "owner_unit", "owner_person")
    exclude = ("receipt_digest",)
