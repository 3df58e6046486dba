from django.contrib import admin

from .models import Policy, SupervisedItem


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "remind_before_hours", "second_escalation_days")


@admin.register(SupervisedItem)
class SupervisedItemAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner_unit", "due_at", "closed_at", "level")
    list_filter = ("kind", "level")
    raw_id_fields = ("owner_unit", "owner_person", "assigner_unit", "assigned_by")
    search_fields = ("title",)
