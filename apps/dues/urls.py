from django.urls import path

from . import views

app_name = "dues"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("branches/<int:pk>/", views.branch_ledger, name="branch"),
    path("branches/<int:pk>/notice/", views.notice, name="notice"),
    path("pay/", views.pay, name="pay"),
    path("bases/new/", views.base_new, name="base_new"),
    path("arrears/", views.arrears, name="arrears"),
    path("reliefs/", views.reliefs, name="reliefs"),
    path("reliefs/new/", views.relief_new, name="relief_new"),
    path("reliefs/<int:pk>/", views.relief_detail, name="relief_detail"),
    path("reliefs/<int:pk>/decide/", views.relief_step, {"step": "decide"}, name="relief_decide"),
    path(
        "reliefs/<int:pk>/approve/", views.relief_step, {"step": "approve"}, name="relief_approve"
    ),
    path("reliefs/<int:pk>/refuse/", views.relief_step, {"step": "refuse"}, name="relief_refuse"),
    path("remittances/", views.remittances, name="remittances"),
    path("remittances/new/", views.remittance_new, name="remittance_new"),
    path("remittances/<int:pk>/confirm/", views.remittance_confirm, name="remittance_confirm"),
    path("import/", views.import_start, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("rates/", views.rates, name="rates"),
    path("rates/new/", views.standard_new, name="standard_new"),
    path("mine/", views.mine, name="mine"),
    path("settings/", views.settings_page, name="settings"),
]
