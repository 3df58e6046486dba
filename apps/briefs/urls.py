from django.urls import path

from . import views

app_name = "briefs"

urlpatterns = [
    path("", views.brief_list, name="list"),
    path("request/", views.brief_request, name="request"),
    path("<int:pk>/", views.brief_detail, name="detail"),
    path("<int:pk>/progress/", views.brief_progress, name="progress"),
    path("<int:pk>/<str:kind>/", views.brief_download, name="download"),
]
