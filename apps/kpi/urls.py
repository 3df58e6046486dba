from django.urls import include, path

from . import views

app_name = "kpi"

urlpatterns = [
    path("", views.scorecard_list, name="list"),
    path("<int:pk>/", views.scorecard_detail, name="detail"),
    path("setup/", include("apps.kpi.setup_urls")),
]
