from django.urls import path

from . import views

app_name = "hazards"

urlpatterns = [
    path("", views.hazard_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("report/", views.hazard_report, name="report"),
    path("export/", views.hazard_export, name="export"),
    path("figures/", views.hazard_figures, name="figures"),
    path("settings/", views.hazard_policy, name="policy"),
    path("<int:pk>/", views.hazard_detail, name="detail"),
    path("<int:pk>/confirm/", views.hazard_step, {"step": "confirm"}, name="confirm"),
    path("<int:pk>/reject/", views.hazard_step, {"step": "reject"}, name="reject"),
    path("<int:pk>/rectify/", views.hazard_step, {"step": "rectify"}, name="rectify"),
    path("<int:pk>/verify/", views.hazard_step, {"step": "verify"}, name="verify"),
    path("<int:pk>/return/", views.hazard_step, {"step": "return"}, name="return"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
]
