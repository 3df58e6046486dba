from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("export/", views.item_export, name="export"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/remind/", views.item_step, {"step": "remind"}, name="remind"),
    path("<int:pk>/extend/", views.item_step, {"step": "extend"}, name="extend"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
]
