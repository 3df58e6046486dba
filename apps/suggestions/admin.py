from django.contrib import admin

from .models import Campaign, Criterion, Suggestion


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "weight", "sort", "is_active")
    list_editable = ("weight", "sort", "is_active")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "organiser", "starts_on", "ends_on", "scope_unit")
    raw_id_fields = ("organiser", "scope_unit", "created_by")
    search_fields = ("title",)


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Read-mostly: the workflow runs through the pages and services, not here."""

    list_display = ("title", "status", "category", "target_unit", "proposer", "submitted_at")
    list_filter = ("status", "category")
    search_fields = ("title", "proposer__employee_no")
    raw_id_fields = (
        "campaign",
        "target_unit",
        "proposer",
        "proposer_unit",
        "impl_unit",
        "impl_person",
        "decided_by",
        "verified_by",
    )
    filter_horizontal = ()
    readonly_fields = ("status", "score_total")
    exclude = ("co_proposers",)
