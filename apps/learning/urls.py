from django.urls import path

from .views import banks, courses, essays, quizzes

app_name = "learning"

urlpatterns = [
    path("", courses.home, name="home"),
    path("hours/", courses.hours, name="hours"),
    path("summary/", courses.summary, name="summary"),
    path("courses/", courses.course_list, name="course_list"),
    path("courses/new/", courses.course_create, name="course_create"),
    path("courses/<int:pk>/", courses.course_detail, name="course"),
    path("courses/<int:pk>/edit/", courses.course_edit, name="course_edit"),
    path("courses/<int:pk>/materials/new/", courses.material_add, name="material_add"),
    path("materials/<int:pk>/", courses.material_detail, name="material"),
    path("assignments/", courses.assignment_list, name="assignment_list"),
    path("assignments/new/", courses.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/", courses.assignment_detail, name="assignment"),
    path("banks/", banks.bank_list, name="bank_list"),
    path("banks/new/", banks.bank_create, name="bank_create"),
    path("banks/template.xlsx", banks.import_template, name="import_template"),
    path("banks/<int:pk>/", banks.bank_detail, name="bank"),
    path("banks/<int:pk>/questions/new/", banks.question_create, name="question_add"),
    path("banks/<int:pk>/import/", banks.bank_import, name="bank_import"),
    path("imports/<int:pk>/", banks.import_detail, name="import"),
    path("imports/<int:pk>/apply/", banks.import_apply, name="import_apply"),
    path("quizzes/", quizzes.quiz_list, name="quiz_list"),
    path("quizzes/new/", quizzes.quiz_create, name="quiz_create"),
    path("quizzes/<int:pk>/", quizzes.quiz_detail, name="quiz"),
    path("quizzes/<int:pk>/start/", quizzes.quiz_start, name="quiz_start"),
    path("quizzes/<int:pk>/ranking/", quizzes.quiz_ranking, name="ranking"),
    path("quizzes/<int:pk>/export/", quizzes.quiz_export, name="quiz_export"),
    path("attempts/<int:pk>/", quizzes.attempt_detail, name="attempt"),
    path("essays/", essays.essay_list, name="essay_list"),
    path("essays/new/", essays.essay_create, name="essay_create"),
    path("essays/<int:pk>/", essays.essay_detail, name="essay"),
    path("essays/<int:pk>/publish/", essays.essay_publish, name="essay_publish"),
    path("essays/entries/<int:pk>/", essays.submission_detail, name="submission"),
]
