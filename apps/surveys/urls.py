from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("mine/", views.survey_mine, name="mine"),
    path("<int:pk>/answer/", views.survey_answer, name="answer"),
    path("<int:pk>/results/", views.survey_results, name="results"),
    path("<int:pk>/results/export/", views.survey_export, name="export"),
    path("new/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    *(
        path(f"<int:pk>/{action}/", views.survey_action, {"action": action}, name=action)
        for action in ("publish", "close", "remind")
    ),
    *(
        path(f"<int:pk>/{step}/", views.survey_step, {"step": step}, name=step)
        for step in ("edit", "question")
    ),
    path("<int:pk>/questions/<int:question_pk>/", views.question_edit, name="question_edit"),
    *(
        path(
            f"<int:pk>/questions/<int:question_pk>/{action}/",
            views.question_action,
            {"action": action},
            name=f"question_{action}",
        )
        for action in ("up", "down", "delete")
    ),
]
