from functools import partial

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.forms import attempt

from . import judges, services
from .models import BranchReview, Checklist, ReviewRound, StandardItem


class StandardItemInline(admin.TabularInline):
    model = StandardItem
    fields = ("sort", "group", "title", "points", "evidence", "needs_file", "judge")
    extra = 1

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "judge":
            codes = ", ".join(code for code, _label in judges.choices())
            field.help_text = _("已注册:%(codes)s") % {"codes": codes or "—"}
        return field


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    """The admin edits each year's checklist here; "复制为下一年度" starts the next year."""

    list_display = ("year", "threshold", "total_points")
    inlines = [StandardItemInline]
    actions = ["copy_to_next_year"]

    @admin.display(description=_("总分"))
    def total_points(self, obj):
        return obj.total_points

    @admin.action(description=_("复制为下一年度的检查表"))
    def copy_to_next_year(self, request, queryset):
        for checklist in queryset:
            year = checklist.year + 1
            attempt(
                request,
                partial(
                    services.checklist_copy,
                    actor=request.user,
                    from_year=checklist.year,
                    to_year=year,
                ),
                success=_("已建立 %(year)s 年度检查表。") % {"year": year},
            )


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "checklist",
        "unit",
        "period_start",
        "period_end",
        "deadline",
        "status",
    )
    list_filter = ("status",)
    raw_id_fields = ("unit", "opened_by")


@admin.register(BranchReview)
class BranchReviewAdmin(admin.ModelAdmin):
    list_display = ("round", "branch", "status", "score", "passed")
    list_filter = ("status", "passed")
    raw_id_fields = ("round", "branch", "submitted_by", "reviewed_by")
