from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_create, name="create"),
    path("submitted/", views.appeal_submitted, name="submitted"),
    path("export/", views.appeal_export, name="export"),
    path("print/", views.appeal_print, name="print"),
    path("figures/", views.figures, name="figures"),
    path("receipt/", views.receipt, name="receipt"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.appeal_action, name="action"),
]
