from django.contrib import admin

from .models import Question, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 1
    fields = ("order", "text", "kind", "required", "options")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """The survey builder for now: a survey with its questions inline. Invitations and
    responses are not shown here (decision 0007)."""

    list_display = ("title", "kind", "audience", "status", "opens_at", "closes_at")
    list_filter = ("status", "kind")
    search_fields = ("title",)
    raw_id_fields = ("audience",)
    inlines = [QuestionInline]
