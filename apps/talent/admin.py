from django.contrib import admin

from .models import TalentLevel


@admin.register(TalentLevel)
class TalentLevelAdmin(admin.ModelAdmin):
    """The pool's levels are configured here (首席技师 … 高级工, and any the company adds)."""

    list_display = ("name", "rank", "active")
    list_editable = ("rank", "active")
