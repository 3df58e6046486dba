from django.urls import path

from . import views

app_name = "admission"

STEP_NAMES = (
    "talk",
    "activist",
    "review",
    "candidate",
    "political",
    "training",
    "sponsors",
    "publicity",
    "vote",
    "approve",
    "send_back",
)

urlpatterns = [
    path("", views.board, name="board"),
    path("apply/", views.apply, name="apply"),
    path("settings/", views.policy, name="policy"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/docs/<str:doc>.docx", views.document, name="document"),
    *(path(f"<int:pk>/{name}/", views.step, {"step": name}, name=name) for name in STEP_NAMES),
]
