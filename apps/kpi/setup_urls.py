from django.urls import path

from . import setup_views as views

app_name = "setup"

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_form, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_form, name="indicator_edit"),
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/new/", views.scheme_form, name="scheme_new"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", views.scheme_form, name="scheme_edit"),
    path("schemes/<int:pk>/open/", views.scheme_open, name="scheme_open"),
    path("schemes/<int:pk>/periods/", views.periods_create, name="periods_create"),
    path("schemes/<int:pk>/items/new/", views.item_form, name="item_new"),
    path("schemes/<int:pk>/items/<int:item_pk>/", views.item_form, name="item_edit"),
    path("schemes/<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("periods/<int:pk>/manual/<int:item_pk>/", views.manual_grid, name="manual_grid"),
    path("periods/<int:pk>/adjustments/new/", views.adjustment_form, name="adjustment_new"),
    path(
        "periods/<int:pk>/adjustments/<int:adjustment_pk>/delete/",
        views.adjustment_delete,
        name="adjustment_delete",
    ),
]
