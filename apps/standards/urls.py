from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/selfcheck/", views.review_selfcheck, name="review_selfcheck"),
    path("reviews/<int:pk>/submit/", views.review_submit, name="review_submit"),
    path("reviews/<int:pk>/refresh/", views.review_refresh, name="review_refresh"),
    path("reviews/<int:pk>/score/", views.review_score, name="review_score"),
    path("reviews/<int:pk>/return/", views.review_return, name="review_return"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/<int:pk>/settings/", views.checklist_settings, name="checklist_settings"),
    path("checklist/<int:pk>/items/new/", views.checklist_item_form, name="checklist_item_new"),
    path(
        "checklist/<int:pk>/items/<int:item_pk>/", views.checklist_item_form, name="checklist_item"
    ),
    path(
        "checklist/<int:pk>/items/<int:item_pk>/delete/",
        views.checklist_item_delete,
        name="checklist_item_delete",
    ),
    path("branches/<int:pk>/", views.branch_detail, name="branch_detail"),
]
