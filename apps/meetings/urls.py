from django.urls import path

from .views import meetings, records, reports, signin

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("new/", meetings.meeting_create, name="create"),
    path("record/", records.meeting_record, name="record"),
    path("mine/", meetings.mine, name="mine"),
    path("signin/", signin.sign_in, name="signin"),
    path("makeup/<int:pk>/", meetings.makeup, name="makeup"),
    path("calendar/", reports.meeting_calendar, name="calendar"),
    path("compliance/", reports.compliance, name="compliance"),
    path("figures/", reports.figures, name="figures"),
    path("figures/coverage/", reports.coverage, name="coverage"),
    path("figures/members/", reports.members, name="members"),
    path("reviews/", records.reviews, name="reviews"),
    path("groups/", records.groups, name="groups"),
    path("groups/<int:pk>/", records.group_detail, name="group"),
    path(
        "groups/<int:pk>/remove/<int:person_pk>/",
        records.group_member_remove,
        name="group_member_remove",
    ),
    path("kinds/", records.kinds, name="kinds"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:pk>/close/", meetings.meeting_close, name="close"),
    path("<int:pk>/cancel/", meetings.meeting_cancel, name="cancel"),
    path("<int:pk>/review/", records.review_decide, name="review"),
    path("<int:pk>/qr/", signin.meeting_qr, name="qr"),
    path("<int:pk>/materials/", meetings.materials_add, name="materials"),
    path("<int:pk>/sign/", meetings.sign_in_manual, name="sign_manual"),
    path("<int:pk>/leave/", meetings.leave_request, name="leave"),
    path("<int:pk>/leave/<int:attendance_pk>/", meetings.leave_decide, name="leave_decide"),
]
