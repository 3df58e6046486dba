from django.contrib import admin

from .models import Measure


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "unit_of_measure",
        "direction",
        "weight",
        "non_negative",
        "order",
    )
