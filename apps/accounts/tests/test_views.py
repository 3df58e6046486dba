"""The user's own page (tokens), password change, and the role grant page."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from apps.accounts.choices import Role
from apps.accounts.models import ApiToken, RoleAssignment
from apps.orgs.testing import PASSWORD

# --- my page and tokens ------------------------------------------------------------------------


def test_profile_shows_my_info_and_roles(client, login):
    login("shuji")
    html = client.get("/accounts/me/").content.decode()
    assert "王建国" in html
    assert "10001" in html
    assert "支部书记" in html and "生产一支部" in html
    assert "138****1001" in html and "13800001001" not in html


def test_profile_without_roles_or_person(client, login):
    login("tech_shuji")
    response = client.get("/accounts/me/")
    assert response.status_code == 200
    assert "未关联职工档案" in response.content.decode()


def test_token_is_shown_once_then_only_its_prefix(client, login):
    user = login("shuji")
    response = client.post("/accounts/me/tokens/", {"name": "HR 同步"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["new_token"]["raw"]
    html = response.content.decode()
    assert raw in html and "请立即复制保存" in html
    token = ApiToken.objects.get(user=user)
    assert token.name == "HR 同步" and raw.startswith(token.prefix)
    assert token.digest == ApiToken.hash(raw)  # only the hash is stored

    later = client.get("/accounts/me/").content.decode()
    assert raw not in later
    assert f"{token.prefix}…" in later and "HR 同步" in later and "从未使用" in later


def test_token_without_name_is_refused_and_nothing_created(client, login):
    login("shuji")
    response = client.post("/accounts/me/tokens/", {"name": "   "})
    assert response.status_code == 400
    assert "请为令牌填写一个名称" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_too_long_token_name_keeps_what_was_typed(client, login):
    login("shuji")
    response = client.post("/accounts/me/tokens/", {"name": "长" * 120})
    assert response.status_code == 400
    html = response.content.decode()
    assert "不能超过 100 个字" in html
    assert "长" * 120 in html


def test_revoke_own_token(client, login):
    user = login("shuji")
    token, _ = ApiToken.issue(user=user, name="old")
    response = client.post(f"/accounts/me/tokens/{token.pk}/revoke/", follow=True)
    assert "令牌已撤销" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token(client, login, company):
    login("shuji")
    token, _ = ApiToken.issue(user=company.users["bumen"], name="theirs")
    assert client.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_revoke_needs_post(client, login):
    user = login("shuji")
    token, _ = ApiToken.issue(user=user, name="t")
    assert client.get(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 405


# --- password ----------------------------------------------------------------------------------


def test_change_password_keeps_me_logged_in(client, login):
    user = login("zhigong")
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Tongxin-2025-new",
            "new_password2": "Tongxin-2025-new",
        },
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Tongxin-2025-new")
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "old_password": "wrong",
                "new_password1": "Tx-abc-12345",
                "new_password2": "Tx-abc-12345",
            },
            "原密码不正确",
        ),
        (
            {
                "old_password": PASSWORD,
                "new_password1": "Tx-abc-12345",
                "new_password2": "Tx-abc-999",
            },
            "两次输入的新密码不一致",
        ),
        (
            {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
            "密码只包含数字",
        ),
    ],
    ids=["wrong-old", "mismatch", "weak"],
)
def test_bad_password_change_is_refused_in_chinese(client, login, data, message):
    user = login("zhigong")
    response = client.post("/accounts/password/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- role grants -------------------------------------------------------------------------------


def grant(client, **data):
    return client.post("/accounts/roles/", data)


@pytest.mark.parametrize("username", ["shuji", "bumen", "zhigong", "norole"])
def test_role_page_is_not_found_for_non_admins(client, login, username):
    login(username)
    assert client.get("/accounts/roles/").status_code == 404


def test_admin_sees_grants_in_scope(client, login):
    login("dangwei")
    response = client.get("/accounts/roles/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "生产一支部" in html and "支部书记" in html


@pytest.mark.parametrize("identifier", ["zhigong", "10003", "13800001003"])
def test_grant_by_username_employee_no_or_mobile_is_audited(client, login, company, identifier):
    actor = login("dangwei")
    response = grant(client, user=identifier, role=Role.TEAM_LEADER, unit=company.units["team1"].pk)
    assert response.status_code == 302
    ra = RoleAssignment.objects.get(user=company.users["zhigong"], role=Role.TEAM_LEADER)
    assert ra.granted_by == actor
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(RoleAssignment),
        object_pk=str(ra.pk),
        action=LogEntry.Action.CREATE,
    )
    assert entry.actor == actor
    assert "班组长" in client.get("/accounts/roles/").content.decode()


def test_grant_to_unknown_user_keeps_input(client, login, company):
    login("dangwei")
    response = grant(client, user="nobody-x", role=Role.TEAM_LEADER, unit=company.units["team1"].pk)
    assert response.status_code == 400
    html = response.content.decode()
    assert "找不到该用户" in html
    assert 'value="nobody-x"' in html


def test_grant_twice_is_refused(client, login, company):
    login("dangwei")
    response = grant(
        client, user="shuji", role=Role.BRANCH_SECRETARY, unit=company.units["branch1"].pk
    )
    assert response.status_code == 400
    assert "已在此组织拥有此角色" in response.content.decode()


def test_grant_without_choices_is_refused(client, login):
    login("dangwei")
    response = grant(client, user="", role="", unit="")
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()


def test_grant_on_unit_with_bogus_id_is_refused(client, login):
    login("dangwei")
    response = grant(client, user="zhigong", role=Role.TEAM_LEADER, unit="not-a-number")
    assert response.status_code == 400


def test_only_system_admin_grants_system_admin(client, login, company):
    login("dangwei")
    response = grant(client, user="bumen", role=Role.SYSTEM_ADMIN, unit=company.units["company"].pk)
    assert response.status_code == 400
    assert "只有系统管理员可以授予系统管理员角色" in response.content.decode()
    assert not RoleAssignment.objects.filter(role=Role.SYSTEM_ADMIN, user__username="bumen")


def test_admin_in_a_subtree_cannot_grant_outside_it(client, company):
    # A party admin held on 技术部 only reaches 技术部: 生产部 is not a choice.
    from apps.accounts.models import User

    admin = User.objects.create_user("tech_admin", password=PASSWORD)
    RoleAssignment.objects.create(user=admin, role=Role.PARTY_ADMIN, unit=company.units["tech"])
    client.force_login(admin)
    response = grant(client, user="zhigong", role=Role.TEAM_LEADER, unit=company.units["team1"].pk)
    assert response.status_code == 400
    assert "请选择您管辖范围内的组织" in response.content.decode()
    # …nor see or revoke grants held there.
    html = client.get("/accounts/roles/").content.decode()
    assert "生产一支部" not in html
    shuji_grant = RoleAssignment.objects.get(user=company.users["shuji"])
    assert client.get(f"/accounts/roles/{shuji_grant.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/roles/{shuji_grant.pk}/revoke/").status_code == 404
    assert RoleAssignment.objects.filter(pk=shuji_grant.pk).exists()


def test_revoke_asks_first_then_revokes_and_audits(client, login, company):
    actor = login("dangwei")
    ra = RoleAssignment.objects.get(user=company.users["bumen"])
    confirm = client.get(f"/accounts/roles/{ra.pk}/revoke/")
    assert confirm.status_code == 200
    assert "确定撤销这个角色吗" in confirm.content.decode()
    assert RoleAssignment.objects.filter(pk=ra.pk).exists()

    response = client.post(f"/accounts/roles/{ra.pk}/revoke/", follow=True)
    assert "已撤销" in response.content.decode()
    assert not RoleAssignment.objects.filter(pk=ra.pk).exists()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(RoleAssignment),
        object_pk=str(ra.pk),
        action=LogEntry.Action.DELETE,
    )
    assert entry.actor == actor


def test_admin_cannot_revoke_own_admin_role(client, login, company):
    actor = login("dangwei")
    ra = RoleAssignment.objects.get(user=actor)
    response = client.post(f"/accounts/roles/{ra.pk}/revoke/", follow=True)
    assert "不能撤销自己的管理员角色" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=ra.pk).exists()


def test_role_list_filters_and_paginates(client, login, company, django_assert_max_num_queries):
    from apps.accounts.models import User

    login("admin")
    for i in range(40):
        u = User.objects.create_user(f"leader{i:02d}", password=PASSWORD)
        RoleAssignment.objects.create(user=u, role=Role.TEAM_LEADER, unit=company.units["team1"])
    with django_assert_max_num_queries(15):
        page1 = client.get("/accounts/roles/", {"role": Role.TEAM_LEADER})
    assert len(page1.context["page"]) == 30
    assert page1.context["page"].paginator.count == 40
    page2 = client.get("/accounts/roles/", {"role": Role.TEAM_LEADER, "page": 2})
    assert len(page2.context["page"]) == 10
    found = client.get("/accounts/roles/", {"q": "leader07"})
    assert [ra.user.username for ra in found.context["page"]] == ["leader07"]
    by_employee_no = client.get("/accounts/roles/", {"q": "10001"})
    assert [ra.user.username for ra in by_employee_no.context["page"]] == ["shuji"]


def test_role_list_survives_junk_filters(client, login):
    login("admin")
    response = client.get("/accounts/roles/", {"role": "<script>", "page": "abc", "q": "x" * 500})
    assert response.status_code == 200
