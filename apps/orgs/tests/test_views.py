"""Organization and people pages: scope (404 outside it), masking, search, forms, queries."""

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.urls import reverse

from apps.orgs.choices import PoliticalStatus
from apps.orgs.models import OrgUnit, Person

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"orgs:{name}", args=args)


# --- anonymous -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,needs_pk",
    [
        ("tree", False),
        ("person_list", False),
        ("unit_detail", True),
        ("tree_children", True),
        ("unit_edit", True),
        ("person_detail", True),
        ("person_edit", True),
    ],
)
def test_anonymous_is_sent_to_login(client, company, name, needs_pk):
    pk = company.units["prod"].pk if "unit" in name or "tree_" in name else None
    if name.startswith("person_") and needs_pk:
        pk = company.people["zhigong"].pk
    response = client.get(_url(name, pk) if needs_pk else _url(name))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- the tree --------------------------------------------------------------------------------


def test_admin_tree_shows_company_with_first_level_and_counts(client, login, company):
    login("admin")
    response = client.get(_url("tree"))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("示范公司", "生产部", "技术部", "公司党委"):
        assert name in html
    company_node = response.context["nodes"][0]
    assert company_node.name == "示范公司"
    assert company_node.people_count == 6
    assert company_node.member_count == 3
    prod = next(k for k in company_node.kids if k.name == "生产部")
    assert prod.people_count == 3
    party = next(k for k in company_node.kids if k.name == "公司党委")
    assert party.member_count == 3


def test_tree_children_load_one_level_with_counts(client, login, company):
    login("admin")
    response = client.get(_url("tree_children", company.units["party"].pk))
    nodes = {n.name: n for n in response.context["nodes"]}
    assert set(nodes) == {"生产党总支", "技术支部"}
    assert nodes["生产党总支"].member_count == 1
    assert nodes["技术支部"].member_count == 2
    # the grandchild is not rendered until its parent is opened
    assert "生产一支部" not in response.content.decode()


def test_tree_queries_do_not_grow_with_units(client, login, company, django_assert_max_num_queries):
    """A unit's children (the rows the tree opens) cost the same queries for 1 or 31."""
    login("admin")
    prod = company.units["prod"]
    url = _url("tree_children", prod.pk)
    with django_assert_max_num_queries(20) as small:
        few = client.get(url).content.decode()
    for i in range(30):
        prod.refresh_from_db()
        OrgUnit.objects.add_child(prod, create_kwargs={"name": f"班组{i}", "kind": "team"})
    cache.clear()  # the counts are cached for a minute; measure them computed again
    with django_assert_max_num_queries(20) as large:
        many = client.get(url).content.decode()
    assert "班组7" not in few and all(f"班组{i}" in many for i in range(30))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_shuji_tree_starts_at_own_branch_and_served_department(client, login, company):
    login("shuji")
    response = client.get(_url("tree"))
    roots = {n.name for n in response.context["nodes"]}
    assert roots == {"生产部", "生产一支部"}
    html = response.content.decode()
    assert "技术部" not in html and "示范公司" not in html


def test_zhigong_and_norole_tree_is_empty_with_advice(client, login):
    for username in ("zhigong", "norole"):
        login(username)
        response = client.get(_url("tree"))
        assert response.status_code == 200
        assert response.context["nodes"] == []
        assert "请联系党群工作部" in response.content.decode()


def test_tree_children_out_of_scope_is_404(client, login, company):
    login("shuji")
    assert client.get(_url("tree_children", company.units["tech"].pk)).status_code == 404


def test_tree_search_shows_matches_with_ancestor_path(client, login, company):
    login("admin")
    response = client.get(_url("tree"), {"q": "一支部"})
    matches = response.context["matches"]
    assert [m.name for m in matches] == ["生产一支部"]
    assert matches[0].trail == ["示范公司", "公司党委", "生产党总支"]
    assert "示范公司 / 公司党委 / 生产党总支" in response.content.decode()


def test_tree_search_respects_scope(client, login):
    login("shuji")
    response = client.get(_url("tree"), {"q": "技术"})
    assert list(response.context["matches"]) == []
    assert "没有名称或编码包含" in response.content.decode()


def test_dissolved_units_hidden_unless_asked(client, login, company):
    from django.utils import timezone

    OrgUnit.objects.filter(pk=company.units["safety"].pk).update(dissolved_at=timezone.now())
    login("admin")
    assert "安全部" not in client.get(_url("tree")).content.decode()
    html = client.get(_url("tree"), {"dissolved": "1"}).content.decode()
    assert "安全部" in html and "已撤销" in html


# --- a unit ----------------------------------------------------------------------------------


def test_unit_page_shows_head_people_children_breadcrumbs(client, login, company):
    prod = company.units["prod"]
    OrgUnit.objects.filter(pk=prod.pk).update(head=company.people["bumen"])
    login("bumen")
    response = client.get(_url("unit_detail", prod.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "李明" in html  # head
    assert "运行一班" in html  # sub-unit
    assert "生产一支部" not in html  # bound branch exists but bumen does not reach it
    names = {p.name for p in response.context["page"].object_list}
    assert names == {"王建国", "李明", "张伟"}
    # bumen reaches 生产部 only: the company is not in the breadcrumbs
    assert [a.name for a in response.context["ancestors"]] == []
    login("dangwei")
    response = client.get(_url("unit_detail", prod.pk))
    assert [s.name for s in response.context["served_by"]] == ["生产一支部"]
    assert [a.name for a in response.context["ancestors"]] == ["示范公司"]


def test_branch_page_lists_its_members(client, login, company):
    login("admin")
    response = client.get(_url("unit_detail", company.units["branch2"].pk))
    names = {p.name for p in response.context["page"].object_list}
    assert names == {"陈静", "刘芳"}
    assert [a.name for a in response.context["ancestors"]] == ["示范公司", "公司党委"]


def test_unit_page_out_of_scope_is_404(client, login, company):
    login("shuji")
    assert client.get(_url("unit_detail", company.units["tech"].pk)).status_code == 404
    assert client.get(_url("unit_detail", 999999)).status_code == 404
    login("zhigong")
    assert client.get(_url("unit_detail", company.units["team1"].pk)).status_code == 404


def test_unit_page_shows_history(client, login, company):
    login("dangwei")
    client.post(
        _url("unit_edit", company.units["safety"].pk),
        {"name": "安全环保部", "code": "D-SAFE", "head_no": ""},
    )
    html = client.get(_url("unit_detail", company.units["safety"].pk)).content.decode()
    assert "安全部 → 安全环保部" in html


def test_only_org_admins_see_and_use_unit_actions(client, login, company):
    prod = company.units["prod"]
    login("bumen")
    assert b"unit-actions" not in client.get(_url("unit_detail", prod.pk)).content
    assert client.get(_url("unit_edit", prod.pk)).status_code == 403
    assert client.post(_url("unit_dissolve", prod.pk)).status_code == 403
    login("dangwei")
    assert b"unit-actions" in client.get(_url("unit_detail", prod.pk)).content


def test_create_child_unit_and_bad_input_keeps_what_was_typed(client, login, company):
    login("dangwei")
    prod = company.units["prod"]
    url = _url("unit_create") + f"?parent={prod.pk}"
    response = client.post(url, {"name": "检修二班", "kind": "team", "code": "T-1", "head_no": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "编码“T-1”已被其他组织使用" in html
    assert 'value="检修二班"' in html
    response = client.post(url, {"name": "检修二班", "kind": "team", "code": "T-2", "head_no": ""})
    unit = OrgUnit.objects.get(code="T-2")
    assert response.status_code == 302 and response["Location"] == _url("unit_detail", unit.pk)
    assert unit.path.startswith(prod.path) and unit.depth == prod.depth + 1


def test_create_form_offers_only_kinds_allowed_under_parent(client, login, company):
    login("dangwei")
    response = client.get(_url("unit_create") + f"?parent={company.units['gb'].pk}")
    kinds = [k for k, _label in response.context["form"].fields["kind"].choices]
    assert kinds == ["branch"]
    response = client.post(
        _url("unit_create") + f"?parent={company.units['gb'].pk}",
        {"name": "某班组", "kind": "team", "code": ""},
    )
    assert response.status_code == 400
    assert not OrgUnit.objects.filter(name="某班组").exists()


def test_unknown_head_employee_no_is_a_form_error(client, login, company):
    login("dangwei")
    response = client.post(
        _url("unit_edit", company.units["prod"].pk),
        {"name": "生产部", "code": "D-PROD", "head_no": "99999"},
    )
    assert "找不到工号为“99999”的人员" in response.content.decode()


def test_move_under_own_descendant_is_refused_on_the_page(client, login, company):
    login("dangwei")
    response = client.post(_url("unit_move", company.units["prod"].pk), {"target": "T-1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "不能把“生产部”移到它自己的下级组织“运行一班”之下" in html
    assert 'value="T-1"' in html


def test_move_page_moves_unit(client, login, company):
    login("dangwei")
    response = client.post(_url("unit_move", company.units["team1"].pk), {"target": "安全部"})
    assert response.status_code == 302
    team = OrgUnit.objects.get(pk=company.units["team1"].pk)
    assert team.path.startswith(company.units["safety"].path)


def test_dissolve_refusal_says_why(client, login, company):
    login("dangwei")
    response = client.post(_url("unit_dissolve", company.units["prod"].pk))
    assert response.status_code == 400
    assert "还有下级组织:运行一班" in response.content.decode()
    assert OrgUnit.objects.get(pk=company.units["prod"].pk).dissolved_at is None


# --- the people list -------------------------------------------------------------------------


def _names(response):
    return {p.name for p in response.context["page"].object_list}


def test_person_list_scope(client, login):
    login("shuji")
    assert _names(client.get(_url("person_list"))) == {"王建国", "李明", "张伟"}
    login("tech_shuji")
    assert _names(client.get(_url("person_list"))) == {"陈静", "刘芳"}
    login("zhigong")
    assert _names(client.get(_url("person_list"))) == {"张伟"}
    login("admin")
    assert len(_names(client.get(_url("person_list")))) == 6


def test_search_by_pinyin_initials_name_and_employee_no(client, login):
    login("admin")
    assert _names(client.get(_url("person_list"), {"q": "zw"})) == {"张伟"}
    assert _names(client.get(_url("person_list"), {"q": "ZW"})) == {"张伟"}
    assert _names(client.get(_url("person_list"), {"q": "建国"})) == {"王建国"}
    assert _names(client.get(_url("person_list"), {"q": "1000"})) == {
        "王建国",
        "李明",
        "张伟",
        "刘芳",
        "陈静",
        "赵磊",
    }
    response = client.get(_url("person_list"), {"q": "不存在的人"})
    assert "没有符合条件的人员" in response.content.decode()


def test_filters_and_sorting(client, login, company):
    login("admin")
    get = lambda **q: client.get(_url("person_list"), q)  # noqa: E731
    assert _names(get(department=company.units["prod"].pk)) == {"王建国", "李明", "张伟"}
    assert _names(get(branch=company.units["party"].pk)) == {"王建国", "陈静", "刘芳"}
    assert _names(get(political_status=PoliticalStatus.PARTY_MEMBER)) == {"王建国", "刘芳", "陈静"}
    response = get(ordering="-employee_no")
    assert response.context["page"].object_list[0].employee_no == "10006"


def test_bad_filter_values_do_not_fail(client, login):
    login("admin")
    response = client.get(
        _url("person_list"),
        {"department": "abc", "status": "nonsense", "ordering": "password", "page": "x"},
    )
    assert response.status_code == 200
    assert len(_names(response)) == 6


def test_mobile_masked_for_shuji_whole_for_dangwei(client, login):
    login("shuji")
    html = client.get(_url("person_list")).content.decode()
    assert "138****1003" in html and "13800001003" not in html
    login("dangwei")
    html = client.get(_url("person_list")).content.decode()
    assert "13800001003" in html


def test_person_list_query_count_does_not_grow_with_rows(
    client, login, company, django_assert_max_num_queries
):
    login("shuji")
    with django_assert_max_num_queries(20) as few:
        response = client.get(_url("person_list"))
    assert len(response.context["page"].object_list) == 3
    for i in range(60):
        Person.objects.create(
            employee_no=f"2{i:04d}",
            name=f"测试{i}",
            gender="M",
            department=company.units["prod"],
            team=company.units["team1"],
            mobile=f"1390000{i:04d}",
        )
    with django_assert_max_num_queries(20) as many:
        response = client.get(_url("person_list"))
    assert len(response.context["page"].object_list) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


def test_export_link_keeps_filters_when_export_exists(client, login):
    from django.urls import NoReverseMatch

    login("admin")
    response = client.get(_url("person_list"), {"q": "zw", "page": "1"})
    try:
        reverse("orgs:person_export")
    except NoReverseMatch:
        assert response.context["export_url"] is None
    else:
        assert response.context["export_url"].endswith("?q=zw")


# --- a person --------------------------------------------------------------------------------


def test_person_page_scope(client, login, company):
    chen = company.people["tech_worker"]
    login("shuji")
    assert client.get(_url("person_detail", company.people["zhigong"].pk)).status_code == 200
    assert client.get(_url("person_detail", chen.pk)).status_code == 404
    login("zhigong")
    assert client.get(_url("person_detail", company.people["zhigong"].pk)).status_code == 200
    assert client.get(_url("person_detail", company.people["bumen"].pk)).status_code == 404
    login("norole")
    assert client.get(_url("person_detail", company.people["safety_worker"].pk)).status_code == 200
    assert client.get(_url("person_detail", chen.pk)).status_code == 404
    login("admin")
    assert client.get(_url("person_detail", chen.pk)).status_code == 200


def test_person_page_shows_party_membership_and_roles(client, login, company):
    login("dangwei")
    html = client.get(_url("person_detail", company.people["shuji"].pk)).content.decode()
    assert "生产一支部" in html and "正式党员" in html and "书记" in html
    assert "支部书记 · 生产一支部" in html


def test_masked_view_writes_no_audit_row(client, login, company):
    zhang = company.people["zhigong"]
    login("shuji")
    html = client.get(_url("person_detail", zhang.pk)).content.decode()
    assert "138****1003" in html and "13800001003" not in html
    assert not LogEntry.objects.filter(
        object_pk=str(zhang.pk), action=LogEntry.Action.ACCESS
    ).exists()


def test_unmasked_view_is_audited(client, login, company):
    zhang = company.people["zhigong"]
    user = login("dangwei")
    html = client.get(_url("person_detail", zhang.pk)).content.decode()
    assert "13800001003" in html
    entry = LogEntry.objects.get(object_pk=str(zhang.pk), action=LogEntry.Action.ACCESS)
    assert entry.actor == user
    assert entry.changes_dict["event"][0] == "查看未脱敏个人信息"


def _form_data(person, **changes):
    data = {
        "name": person.name,
        "gender": person.gender,
        "birth_date": "",
        "mobile": person.mobile,
        "id_number": person.id_number,
        "department": person.department_id,
        "team": person.team_id or "",
        "position": person.position,
        "political_status": person.political_status,
        "skill_level": person.skill_level,
        "hired_on": "",
        "status": person.status,
    }
    data.update(changes)
    return data


def test_person_edit_saves(client, login, company):
    zhang = company.people["zhigong"]
    login("dangwei")
    response = client.post(
        _url("person_edit", zhang.pk),
        _form_data(zhang, position="值班员", mobile="13912345678", id_number="11010519491231002X"),
    )
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.position == "值班员" and zhang.mobile == "13912345678"


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"mobile": "2391234567"}, "手机号应为以 1 开头的 11 位数字"),
        ({"id_number": "110105194912310021"}, "身份证号应为 18 位"),
        ({"birth_date": "2999-01-01"}, "出生日期不能晚于今天"),
        ({"birth_date": "2020-13-45"}, "有效"),
    ],
)
def test_bad_person_edit_keeps_input_and_says_why(client, login, company, changes, message):
    zhang = company.people["zhigong"]
    login("dangwei")
    response = client.post(
        _url("person_edit", zhang.pk), _form_data(zhang, position="新岗位", **changes)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="新岗位"' in html
    for value in changes.values():
        assert f'value="{value}"' in html
    zhang.refresh_from_db()
    assert zhang.position == ""


def test_team_outside_department_is_refused(client, login, company):
    chen = company.people["tech_worker"]
    login("dangwei")
    response = client.post(
        _url("person_edit", chen.pk), _form_data(chen, team=company.units["team1"].pk)
    )
    assert "不属于部门“技术部”" in response.content.decode()


def test_only_org_admins_edit_and_delete_people(client, login, company):
    zhang = company.people["zhigong"]
    login("shuji")
    assert b"person-actions" not in client.get(_url("person_detail", zhang.pk)).content
    assert client.get(_url("person_edit", zhang.pk)).status_code == 403
    assert client.post(_url("person_delete", zhang.pk)).status_code == 403
    login("zhigong")
    assert client.get(_url("person_edit", zhang.pk)).status_code == 403
    login("shuji")
    assert client.get(_url("person_edit", company.people["tech_worker"].pk)).status_code == 404


def test_soft_delete_asks_then_hides_the_person(client, login, company):
    zhang = company.people["zhigong"]
    login("dangwei")
    response = client.get(_url("person_delete", zhang.pk))
    assert "确定从名册中删除“张伟”吗" in response.content.decode()
    response = client.post(_url("person_delete", zhang.pk))
    assert response.status_code == 302
    assert Person.all_objects.get(pk=zhang.pk).deleted_at is not None
    assert client.get(_url("person_detail", zhang.pk)).status_code == 404
    assert "张伟" not in _names(client.get(_url("person_list")))
