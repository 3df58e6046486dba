from django.urls import include, path

from . import views

app_name = "kpi"

urlpatterns = [
    path("", views.scorecard_list, name="list"),
    path("<int:pk>/", views.scorecard_detail, name="detail"),
    path("<int:pk>/objection/", views.objection_new, name="objection_new"),
    path("periods/", views.period_list, name="periods"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/progress/", views.period_progress, name="period_progress"),
    path("periods/<int:pk>/candidates/", views.candidates, name="candidates"),
    path("periods/<int:pk>/incentive.xlsx", views.export_incentive, name="export_incentive"),
    path("periods/<int:pk>/promotion.xlsx", views.export_promotion, name="export_promotion"),
    path("periods/<int:pk>/<slug:action>/", views.period_action, name="period_action"),
    path("objections/", views.objection_list, name="objections"),
    path("objections/<int:pk>/", views.objection_detail, name="objection"),
    path("settings/", views.settings_page, name="settings"),
    path("cadres/", views.cadre_list, name="cadres"),
    path("cadres/new/", views.cadre_new, name="cadre_new"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre"),
    path("cadres/<int:pk>/vote/", views.cadre_vote, name="cadre_vote"),
    path("setup/", include("apps.kpi.setup_urls")),
]
