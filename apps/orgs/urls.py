from django.urls import path

from . import import_views, views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("people/", views.person_list, name="person_list"),
    path("import/", import_views.import_start, name="import_start"),
]
