from django.urls import path

from . import views

app_name = "care"

urlpatterns = [
    path("", views.file_list, name="list"),
    path("files/new/", views.file_new, name="file_new"),
    path("files/<int:pk>/", views.file_detail, name="file_detail"),
    path("files/<int:pk>/aid/", views.file_step, {"step": "aid"}, name="file_aid"),
    path("files/<int:pk>/review/", views.file_step, {"step": "review"}, name="file_review"),
    path("files/<int:pk>/close/", views.file_step, {"step": "close"}, name="file_close"),
    path("aid/", views.aid_list, name="aid_list"),
    path("aid/new/", views.aid_new, name="aid_new"),
    path("aid/export.xlsx", views.aid_export, name="aid_export"),
    path("aid/<int:pk>/", views.aid_detail, name="aid_detail"),
    path("aid/<int:pk>/deliver/", views.campaign_deliver, name="deliver"),
    path("mine/", views.mine, name="mine"),
    path("figures/", views.figures, name="figures"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("settings/", views.settings_page, name="settings"),
]
