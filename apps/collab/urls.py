from django.urls import path

from . import views

app_name = "collab"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/topics/new/", views.topic_submit, name="topic_submit"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("sessions/<int:pk>/resolutions/new/", views.resolution_add, name="resolution_add"),
    path("topics/<int:pk>/move/", views.topic_move, name="topic_move"),
    path("resolutions/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/export/", views.action_export, name="action_export"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action_progress"),
    path("actions/<int:pk>/request/", views.action_request, name="action_request"),
    path("actions/<int:pk>/accept/", views.action_accept, name="action_accept"),
    path("actions/<int:pk>/return/", views.action_return, name="action_return"),
    path("actions/<int:pk>/reassign/", views.action_reassign, name="action_reassign"),
]
