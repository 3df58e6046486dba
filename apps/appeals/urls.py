from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("", views.item_list, name="list"),
]
