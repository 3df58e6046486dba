from django.urls import path

from . import views

app_name = "selections"

STEP_NAMES = (
    "publish",
    "close_apply",
    "start_rounds",
    "publicize",
    "appoint",
    "term_review",
    "cancel",
)

urlpatterns = [
    path("", views.selection_list, name="list"),
    path("new/", views.selection_create, name="create"),
    path("<int:pk>/", views.selection_detail, name="detail"),
    path("<int:pk>/apply/", views.selection_apply, name="apply"),
    path("<int:pk>/vote/", views.selection_vote, name="vote"),
    path("<int:pk>/object/", views.selection_object, name="object"),
    path("<int:pk>/export/", views.selection_export, name="export"),
    *(
        path(f"<int:pk>/{name}/", views.selection_step, {"step": name}, name=name)
        for name in STEP_NAMES
    ),
    *(
        path(f"applicants/<int:pk>/{name}/", views.applicant_step, {"step": name}, name=name)
        for name in ("exception", "note", "score")
    ),
    path("objections/<int:pk>/answer/", views.objection_answer, name="answer"),
]
