from django.contrib import admin

from .models import DuesRate, DuesSettings


@admin.register(DuesRate)
class DuesRateAdmin(admin.ModelAdmin):
    """The 党费 standard, edited by an admin: a new standard is a set of rows with a later
    施行日期 (the old rows stay, for the years they governed)."""

    list_display = ("kind", "upper", "percent", "amount", "start_on")
    list_filter = ("kind", "start_on")
    ordering = ("-start_on", "kind", "upper")


@admin.register(DuesSettings)
class DuesSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "lapse_months", "remind_day")
