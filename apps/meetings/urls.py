from django.urls import path

from . import report_views, signin_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("signin/", signin_views.sign_in, name="signin"),
    path("makeup/<int:pk>/", views.makeup, name="makeup"),
    path("calendar/", report_views.meeting_calendar, name="calendar"),
    path("compliance/", report_views.compliance, name="compliance"),
    path("figures/", report_views.figures, name="figures"),
    path("figures/coverage/", report_views.coverage, name="coverage"),
    path("figures/members/", report_views.members, name="members"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/close/", views.meeting_close, name="close"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/qr/", signin_views.meeting_qr, name="qr"),
    path("<int:pk>/materials/", views.materials_add, name="materials"),
    path("<int:pk>/sign/", views.sign_in_manual, name="sign_manual"),
    path("<int:pk>/leave/", views.leave_request, name="leave"),
    path("<int:pk>/leave/<int:attendance_pk>/", views.leave_decide, name="leave_decide"),
]
