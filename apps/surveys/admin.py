from functools import partial

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.forms import attempt

from . import services
from .models import Question, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 1
    fields = ("order", "text", "kind", "required", "options", "rows")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """The administrator's view of surveys (cadres build them on the surveys pages): a survey
    with its questions inline, published and closed by the actions through the same services
    (publishing invites the audience, so the status is not edited by hand). Invitations and
    responses are not shown here (decision 0007)."""

    list_display = ("title", "kind", "audience", "status", "opens_at", "closes_at")
    list_filter = ("status", "kind")
    search_fields = ("title",)
    raw_id_fields = ("audience",)
    readonly_fields = ("status",)
    inlines = [QuestionInline]
    actions = ["publish", "close"]

    def _each(self, request, queryset, service, success):
        for survey in queryset:
            attempt(request, partial(service, actor=request.user, survey=survey), success=success)

    @admin.action(description=_("发布(邀请调查范围内的在职职工)"))
    def publish(self, request, queryset):
        self._each(request, queryset, services.survey_open, _("问卷已发布。"))

    @admin.action(description=_("结束答卷"))
    def close(self, request, queryset):
        self._each(request, queryset, services.survey_close, _("问卷已结束。"))
