from django.contrib import admin

from apps.core.admin import SettingsRowAdmin

from .models import ConcernTag, TalkPolicy


@admin.register(ConcernTag)
class ConcernTagAdmin(admin.ModelAdmin):
    """The catalogue of concern tags: admins add, rename, reorder or retire them (a retired tag
    stays on old talks and is no longer offered)."""

    list_display = ("name", "sort", "is_active", "appeal_category")
    list_editable = ("sort", "is_active")


@admin.register(TalkPolicy)
class TalkPolicyAdmin(SettingsRowAdmin):
    """The coverage cycle (one row)."""

    list_display = ("__str__", "months_per_cycle")
