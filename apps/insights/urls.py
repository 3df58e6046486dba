from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.cockpit, name="cockpit"),
    path("screen/", views.screen, name="screen"),
    path("league/", views.league, name="league"),
    path("league/export/", views.league_export, name="league_export"),
]
