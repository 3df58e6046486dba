from django.contrib import admin

from .models import AlertPolicy, Warning


@admin.register(AlertPolicy)
class AlertPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "company",
        "p_value",
        "min_count",
        "baseline_weeks",
        "overdue_ratio",
        "overdue_min",
        "satisfaction_drop",
    )


@admin.register(Warning)
class WarningAdmin(admin.ModelAdmin):
    list_display = ("week", "unit", "kind", "term", "observed", "baseline", "status")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Warning._meta.fields]
