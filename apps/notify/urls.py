from django.urls import path

from . import signin_views, views

app_name = "notify"

urlpatterns = [
    path("channels/", views.channel_list, name="channels"),
    path("channels/<slug:code>/", views.channel_detail, name="channel"),
    path("channels/<slug:code>/test/", views.channel_test, name="channel_test"),
    path("policy/", views.policy, name="policy"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("preferences/", views.preferences, name="preferences"),
    path("signin/<slug:code>/", signin_views.signin_start, name="signin_start"),
    path("signin/<slug:code>/return/", signin_views.signin_return, name="signin_return"),
]
