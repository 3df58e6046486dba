from django.contrib import admin

from .models import Appeal, AppealPolicy, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "sort", "is_active")
    list_editable = ("sort", "is_active")


@admin.register(AppealPolicy)
class AppealPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "days_normal", "days_urgent", "days_critical")

    def has_add_permission(self, request):
        return not AppealPolicy.objects.exists()


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Read-only in the back office: appeals change only through the workflow."""

    list_display = ("number", "title", "category", "urgency", "status", "owner_unit", "due_at")
    list_filter = ("status", "urgency", "category")
    search_fields = ("title",)
    raw_id_fields = ("submitter", "submitter_unit", "intake_unit", "owner_unit", "owner_person")
    exclude = ("receipt_digest",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
