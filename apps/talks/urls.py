from django.urls import path

from . import views

app_name = "talks"

urlpatterns = [
    path("", views.talk_list, name="list"),
    path("new/", views.talk_new, name="new"),
    path("export/", views.talk_export, name="export"),
    path("<int:pk>/", views.talk_detail, name="detail"),
    path("<int:pk>/concerns/<int:concern_pk>/appeal/", views.concern_appeal, name="concern_appeal"),
    path("<int:pk>/concerns/<int:concern_pk>/follow/", views.concern_follow, name="concern_follow"),
    path("<int:pk>/concerns/<int:concern_pk>/close/", views.concern_close, name="concern_close"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/export/", views.coverage_export, name="coverage_export"),
    path("counts/", views.counts, name="counts"),
    path("settings/", views.policy, name="policy"),
    path("reports/", views.reports, name="reports"),
    path(
        "reports/new/<int:unit_pk>/<int:year>/<int:quarter>/", views.report_new, name="report_new"
    ),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/score/", views.report_score, name="report_score"),
]
