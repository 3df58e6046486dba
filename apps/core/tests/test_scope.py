"""The scope rules: each role reaches its subtree (and a branch its bound department)."""

from django.contrib.auth.models import AnonymousUser

from apps.orgs.models import OrgUnit, Person


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_admin_sees_everyone(company):
    assert Person.objects.visible_to(company.users["admin"]).count() == Person.objects.count()


def test_branch_secretary_sees_branch_members_and_bound_department(company):
    seen = names(Person.objects.visible_to(company.users["shuji"]))
    assert seen == {"王建国", "李明", "张伟"}  # 生产部 people, via 支部建在部门上


def test_department_head_sees_department_only(company):
    seen = names(Person.objects.visible_to(company.users["bumen"]))
    assert seen == {"王建国", "李明", "张伟"}
    assert "陈静" not in seen


def test_other_branch_secretary_sees_members_and_their_department(company):
    seen = names(Person.objects.visible_to(company.users["tech_shuji"]))
    assert seen == {"陈静", "刘芳"}


def test_employee_sees_only_self(company):
    assert names(Person.objects.visible_to(company.users["zhigong"])) == {"张伟"}


def test_user_without_role_sees_only_self(company):
    assert names(Person.objects.visible_to(company.users["norole"])) == {"赵磊"}


def test_units_visible_to_secretary_are_branch_subtree_and_bound_department(company):
    seen = names(OrgUnit.objects.visible_to(company.users["shuji"]))
    assert seen == {"生产一支部", "生产部", "运行一班"}


def test_soft_deleted_person_disappears(company):
    company.people["zhigong"].soft_delete()
    assert "张伟" not in names(Person.objects.visible_to(company.users["admin"]))
    assert Person.all_objects.filter(name="张伟").exists()


def test_scope_via_reaches_a_row_through_its_parents_fields(company, monkeypatch):
    """A person declared as scoped through their department is seen where the department is
    seen, and only there: no longer through their branch, nor by themselves."""
    from apps.core.models import scope_fields

    tech_shuji, zhigong = company.users["tech_shuji"], company.users["zhigong"]
    assert names(Person.objects.visible_to(tech_shuji)) == {"陈静", "刘芳"}
    assert names(Person.objects.visible_to(zhigong)) == {"张伟"}

    monkeypatch.setattr(Person, "scope_via", "department", raising=False)
    assert scope_fields(Person) == (("department",), None)
    assert names(Person.objects.visible_to(tech_shuji)) == {"陈静"}
    assert names(Person.objects.visible_to(zhigong)) == set()
    assert names(Person.objects.visible_to(company.users["shuji"])) == {"王建国", "李明", "张伟"}


def test_scope_via_prefixes_the_parents_unit_and_owner():
    from apps.core.models import scope_fields

    class Parent:
        scope_unit_fields = ("", "unit")
        scope_owner_field = "person_id"

    class Field:
        related_model = Parent

    class Meta:
        @staticmethod
        def get_field(name):
            return Field

    class Child:
        scope_via = "parent"
        _meta = Meta

    assert scope_fields(Child) == (("parent", "parent__unit"), "parent__person_id")


def test_a_personal_row_is_its_users_alone_whatever_their_roles_reach(company):
    from apps.orgs.models import RosterImport

    job = RosterImport.objects.create(
        created_by=company.users["admin"], token="t1", file_name="r.xlsx"
    )
    assert list(RosterImport.objects.visible_to(company.users["admin"])) == [job]
    assert not RosterImport.objects.visible_to(company.users["dangwei"]).exists()
    assert not RosterImport.objects.visible_to(AnonymousUser()).exists()


def test_role_grants_are_seen_by_those_who_reach_their_unit(company):
    from apps.accounts.models import RoleAssignment

    seen = RoleAssignment.objects.visible_to(company.users["shuji"])
    assert {g.user.username for g in seen} == {"shuji", "bumen", "zhigong"}
    assert RoleAssignment.objects.visible_to(company.users["dangwei"]).count() == 6
