from django.urls import path

from . import views

app_name = "transfers"

urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("inside/", views.transfer_inside, name="inside"),
    path("out/", views.transfer_out, name="out"),
    path("in/", views.transfer_in, name="in"),
    path("receipt/", views.receipt, name="receipt"),
    path("settings/", views.settings_page, name="settings"),
    path("<int:pk>/", views.transfer_detail, name="detail"),
    path("<int:pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/letter.docx", views.letter_docx, name="letter_docx"),
    path("<int:pk>/receipt/", views.transfer_step, {"step": "receipt"}, name="step_receipt"),
    path("<int:pk>/cancel/", views.transfer_step, {"step": "cancel"}, name="step_cancel"),
    path("flowing/", views.flowing_list, name="flowing_list"),
    path("flowing/new/", views.flowing_register, name="flowing_new"),
    path("flowing/<int:pk>/", views.flowing_detail, name="flowing_detail"),
    path(
        "flowing/<int:pk>/activity/",
        views.flowing_step,
        {"step": "activity"},
        name="flowing_activity",
    ),
    path("flowing/<int:pk>/end/", views.flowing_step, {"step": "end"}, name="flowing_end"),
]
