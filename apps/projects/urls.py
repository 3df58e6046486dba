from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("export/", views.project_export, name="export"),
    path("new/", views.project_create, name="create"),
    path("milestones/mine/", views.my_milestones, name="mine"),
    path("milestones/<int:pk>/update/", views.milestone_update, name="milestone_update"),
    path("issues/<int:pk>/resolve/", views.issue_resolve, name="issue_resolve"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/submit/", views.project_submit, name="submit"),
    path("<int:pk>/approve/", views.project_step, {"step": "approve"}, name="approve"),
    path("<int:pk>/return/", views.project_step, {"step": "return"}, name="return"),
    path("<int:pk>/terminate/", views.project_step, {"step": "terminate"}, name="terminate"),
    path(
        "<int:pk>/milestones/new/",
        views.project_step,
        {"step": "milestone_add"},
        name="milestone_add",
    ),
    path("<int:pk>/reports/new/", views.project_step, {"step": "report"}, name="report"),
    path("<int:pk>/issues/new/", views.project_step, {"step": "issue"}, name="issue"),
    path(
        "<int:pk>/acceptance/",
        views.project_step,
        {"step": "acceptance_request"},
        name="acceptance_request",
    ),
    path(
        "<int:pk>/acceptance/decide/",
        views.project_step,
        {"step": "acceptance_decide"},
        name="acceptance_decide",
    ),
    path("<int:pk>/evaluate/", views.project_step, {"step": "evaluate"}, name="evaluate"),
]
