from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.warning_list, name="list"),
    path("settings/", views.policy, name="policy"),
    path("<int:pk>/", views.warning_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.warning_action, name="action"),
]
