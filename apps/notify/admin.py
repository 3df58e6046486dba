from django.contrib import admin

from .models import RecipientId


@admin.register(RecipientId)
class RecipientIdAdmin(admin.ModelAdmin):
    """A person whose account on a channel is not their 工号 or mobile (channels are set on
    /notify/channels/, where their credentials are sealed)."""

    list_display = ("user", "channel", "value")
    list_filter = ("channel",)
    search_fields = ("user__username", "user__person__employee_no", "value")
    raw_id_fields = ("user",)
