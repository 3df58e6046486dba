from django.contrib import admin

from apps.core.admin import SettingsRowAdmin

from .models import (
    Course,
    CourseAssignment,
    EssayContest,
    LearningSettings,
    Question,
    QuestionBank,
    Quiz,
)


@admin.register(LearningSettings)
class LearningSettingsAdmin(SettingsRowAdmin):
    list_display = ("__str__", "rank_individuals", "study_share", "min_seconds_per_question")


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "theme", "hours", "unit", "is_library", "published")
    list_filter = ("theme", "is_library", "published")
    search_fields = ("title",)
    raw_id_fields = ("unit", "quiz", "created_by")


@admin.register(CourseAssignment)
class CourseAssignmentAdmin(admin.ModelAdmin):
    list_display = ("course", "unit", "audience", "starts_on", "due_on")
    raw_id_fields = ("course", "unit", "created_by")


@admin.register(QuestionBank)
class QuestionBankAdmin(admin.ModelAdmin):
    list_display = ("name", "unit")
    raw_id_fields = ("unit", "created_by")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("stem", "kind", "difficulty", "tags", "bank")
    list_filter = ("kind", "difficulty")
    search_fields = ("stem",)
    raw_id_fields = ("bank",)


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "unit", "opens_at", "closes_at", "show_ranking")
    list_filter = ("kind", "show_ranking")
    raw_id_fields = ("unit", "created_by")
    filter_horizontal = ("banks",)


@admin.register(EssayContest)
class EssayContestAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "opens_at", "closes_at", "status")
    raw_id_fields = ("unit", "created_by")
