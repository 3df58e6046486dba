from django.contrib import admin

from .models import AdmissionPolicy


@admin.register(AdmissionPolicy)
class AdmissionPolicyAdmin(admin.ModelAdmin):
    """The numbers of the rules; the page /admission/settings/ edits the same row."""
