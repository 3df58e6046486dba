from django.contrib import admin

from .models import Holiday


class SettingsRowAdmin(admin.ModelAdmin):
    """A `SettingsRow` in the back office: one row, so none can be added once it exists."""

    def has_add_permission(self, request):
        return not self.model.objects.exists()


class WorkflowAdmin(admin.ModelAdmin):
    """Read-only in the back office: the record changes only through its workflow."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("day", "name", "is_workday")
    list_filter = ("is_workday",)
