from django.urls import path

from .views import actions, bodies, sessions

app_name = "collab"

urlpatterns = [
    path("", bodies.meeting_list, name="meeting_list"),
    path("new/", bodies.meeting_create, name="meeting_create"),
    path("<int:pk>/", bodies.meeting_detail, name="meeting_detail"),
    path("<int:pk>/members/add/", bodies.member_add, name="member_add"),
    path("<int:pk>/sessions/new/", sessions.session_create, name="session_create"),
    path("members/<int:pk>/edit/", bodies.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", bodies.member_remove, name="member_remove"),
    path("sessions/", sessions.session_list, name="session_list"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/topics/new/", sessions.topic_submit, name="topic_submit"),
    path("sessions/<int:pk>/attendance/", sessions.attendance, name="attendance"),
    path("sessions/<int:pk>/minutes/", sessions.minutes, name="minutes"),
    path("sessions/<int:pk>/resolutions/new/", sessions.resolution_add, name="resolution_add"),
    path("topics/<int:pk>/move/", sessions.topic_move, name="topic_move"),
    path("resolutions/<int:pk>/actions/new/", actions.action_create, name="action_create"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/export/", actions.action_export, name="action_export"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path(
        "actions/<int:pk>/progress/",
        actions.item_step,
        {"step": "progress"},
        name="action_progress",
    ),
    path(
        "actions/<int:pk>/request/", actions.item_step, {"step": "request"}, name="action_request"
    ),
    path("actions/<int:pk>/accept/", actions.item_step, {"step": "accept"}, name="action_accept"),
    path("actions/<int:pk>/return/", actions.item_step, {"step": "return"}, name="action_return"),
    path(
        "actions/<int:pk>/reassign/",
        actions.item_step,
        {"step": "reassign"},
        name="action_reassign",
    ),
]
