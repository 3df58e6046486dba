from django.urls import path

from . import views

app_name = "feed"

urlpatterns = [
    path("", views.feed, name="list"),
    path("cases/", views.case_library, name="cases"),
    path("figures/", views.feed_figures, name="figures"),
    path("new/", views.post_create, name="create"),
    path("<int:pk>/", views.post_detail, name="detail"),
    path("<int:pk>/edit/", views.post_edit, name="edit"),
    path("<int:pk>/delete/", views.post_delete, name="delete"),
    path("<int:pk>/curate/", views.post_curate, name="curate"),
    path("<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("comments/<int:pk>/remove/", views.comment_remove, name="comment_remove"),
]
