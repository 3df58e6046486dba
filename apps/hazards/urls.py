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
    path("<int:pk>/confirm/", views.hazard_confirm, name="confirm"),
    path("<int:pk>/reject/", views.hazard_reject, name="reject"),
    path("<int:pk>/rectify/", views.hazard_rectify, name="rectify"),
    path("<int:pk>/verify/", views.hazard_verify, name="verify"),
    path("<int:pk>/return/", views.hazard_return, name="return"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
]
