from django.urls import path

from . import views

app_name = "production"

urlpatterns = [
    path("", views.figure_list, name="list"),
    path("units/<int:pk>/", views.unit_page, name="unit"),
    path("import/", views.import_start, name="import_start"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
]
