"""The scope rules: each role reaches its subtree (and a branch its bound department)."""

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
