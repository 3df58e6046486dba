from django.urls import path

from . import views

app_name = "integrity"

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report_new, name="report_new"),
    path("receipt/", views.receipt, name="receipt"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/files/<int:file_pk>/", views.report_file, name="report_file"),
    path("reports/<int:pk>/<str:step>/", views.report_step, name="report_step"),
    path("talks/", views.talk_list, name="talk_list"),
    path("talks/new/", views.talk_new, name="talk_new"),
    path("talks/<int:pk>/", views.talk_detail, name="talk_detail"),
    path("key/", views.key_page, name="key"),
    path("share/", views.share_page, name="share"),
    path("access-log/", views.access_log, name="access_log"),
    path("posts/", views.post_list, name="post_list"),
    path("posts/new/", views.post_new, name="post_new"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/holders/new/", views.holding_new, name="holding_new"),
    path("posts/<int:pk>/holders/<int:holding_pk>/end/", views.holding_end, name="holding_end"),
    path("posts/<int:pk>/risks/new/", views.risk_new, name="risk_new"),
    path("risks/", views.risk_list, name="risk_list"),
    path("risks/<int:pk>/", views.risk_detail, name="risk_detail"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk_edit"),
    path("pledge/", views.pledge, name="pledge"),
    path("education/", views.education, name="education"),
]
