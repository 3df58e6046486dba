"""The back office holds the 纪委's settings and the key-post register; reports, their entries,
the handlers' keys and the access log are not here at all (decision 0016)."""

from django.contrib import admin

from .models import IntegritySettings, KeyPost, PostCategory, PostHolding, RiskPoint


@admin.register(PostCategory)
class PostCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "active")
    list_editable = ("order", "active")


@admin.register(IntegritySettings)
class IntegritySettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "rotation_years", "pledge_year")

    def has_add_permission(self, request):
        return not IntegritySettings.objects.exists()


class HoldingInline(admin.TabularInline):
    model = PostHolding
    raw_id_fields = ("person",)
    extra = 0


@admin.register(KeyPost)
class KeyPostAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "unit")
    list_filter = ("category",)
    search_fields = ("name",)
    raw_id_fields = ("unit",)
    inlines = [HoldingInline]


@admin.register(RiskPoint)
class RiskPointAdmin(admin.ModelAdmin):
    list_display = ("title", "post", "level", "owner", "next_review_on")
    list_filter = ("level",)
    search_fields = ("title",)
    raw_id_fields = ("post", "owner", "created_by")
