from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import LeagueMembership, OrgUnit, PartyMembership, Person, UnionMembership


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrgUnit)
    list_display = ("name", "kind", "code", "dissolved_at")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    raw_id_fields = ("serves", "head")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("employee_no", "name", "department", "political_status", "status")
    list_filter = ("political_status", "status")
    search_fields = ("employee_no", "name", "name_initials")
    raw_id_fields = ("department", "team")
    list_select_related = ("department",)


for model in (PartyMembership, UnionMembership, LeagueMembership):
    admin.site.register(model, raw_id_fields=("person",))
