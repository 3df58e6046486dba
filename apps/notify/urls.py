from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("channels/", views.channel_list, name="channels"),
    path("channels/<slug:code>/", views.channel_detail, name="channel"),
    path("channels/<slug:code>/test/", views.channel_test, name="channel_test"),
    path("policy/", views.policy, name="policy"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("preferences/", views.preferences, name="preferences"),
]
