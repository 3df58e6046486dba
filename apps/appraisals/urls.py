from django.urls import path

from . import views

app_name = "appraisals"

urlpatterns = [
    path("", views.appraisal_list, name="list"),
    path("new/", views.appraisal_open, name="open"),
    path("<int:pk>/", views.appraisal_detail, name="detail"),
    path("<int:pk>/self/", views.self_appraisal, name="self"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/entries/<int:entry_id>/", views.decide, name="decide"),
    path("committees/", views.committee_list, name="committees"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("committees/new/", views.committee_register, name="committee_register"),
    path("elections/new/", views.election, name="election"),
    path("settings/", views.term_settings, name="settings"),
]
