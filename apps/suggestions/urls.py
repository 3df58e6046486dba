from django.urls import path

from . import views

app_name = "suggestions"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.submit, name="new"),
    path("mine/", views.mine, name="mine"),
    path("export/", views.export, name="export"),
    path("figures/", views.figures, name="figures"),
    path("benefit-rule/", views.benefit_rule, name="benefit_rule"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:name>/", views.action, name="action"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
]
