from django.urls import path

from . import import_views, views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/children/", views.tree_children, name="tree_children"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/move/", views.unit_move, name="unit_move"),
    path("units/<int:pk>/dissolve/", views.unit_dissolve, name="unit_dissolve"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("import/", import_views.import_start, name="import_start"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("import/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("import/<int:pk>/apply/", import_views.import_apply, name="import_apply"),
    path("people/export/", import_views.person_export, name="person_export"),
    path("units/export/", import_views.unit_export, name="unit_export"),
    path("exports/<int:pk>/", import_views.export_detail, name="export_detail"),
    path("exports/<int:pk>/progress/", import_views.export_progress, name="export_progress"),
    path("exports/<int:pk>/download/", import_views.export_download, name="export_download"),
]
