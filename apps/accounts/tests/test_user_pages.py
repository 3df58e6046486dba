"""The account management page and API (issue 10 §1): search, state, roles held, last login;
turn off / on, reset, unlock; the admin's policy; scoped like everything else (404 outside)."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import AccountPolicy, DisabledReason, User
from apps.orgs.models import Person
from apps.orgs.testing import PASSWORD

API = "/api/v1/accounts/users"


def lock(username):
    AccessAttempt.objects.create(
        username=username,
        ip_address="127.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )


def names(response):
    return {u.username for u in response.context["page"].object_list}


def test_admin_finds_every_account_with_roles_and_last_login(client, login, company):
    User.objects.filter(username="shuji").update(last_login=timezone.now())
    login("admin")
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert names(response) == set(company.users)  # those with no person too
    html = response.content.decode()
    assert "支部书记 · 生产一支部" in html  # roles held
    assert "从未登录" in html
    assert names(client.get(reverse("accounts:user_list"), {"q": "10003"})) == {"zhigong"}
    assert names(client.get(reverse("accounts:user_list"), {"q": "张伟"})) == {"zhigong"}
    assert names(client.get(reverse("accounts:user_list"), {"role": "department_head"})) == {
        "bumen"
    }
    lock("bumen")
    assert names(client.get(reverse("accounts:user_list"), {"state": "locked"})) == {"bumen"}


def test_a_cadre_sees_the_accounts_of_the_people_they_reach(client, login, company):
    login("shuji")  # 生产一支部, bound to 生产部
    assert names(client.get(reverse("accounts:user_list"))) == {"shuji", "bumen", "zhigong"}
    norole = company.users["norole"]  # 安全部: outside
    assert client.get(reverse("accounts:user_detail", args=[norole.pk])).status_code == 404


@pytest.mark.parametrize("username", ["zhigong", "norole"])
def test_the_pages_and_api_do_not_exist_for_employees(client, login, company, username):
    login(username)
    target = company.users["zhigong"]
    assert client.get(reverse("accounts:user_list")).status_code == 404
    assert client.get(reverse("accounts:user_detail", args=[target.pk])).status_code == 404
    assert client.get(reverse("accounts:user_policy")).status_code == 404
    assert client.get(API).status_code == 404
    assert client.post(f"{API}/{target.pk}/reset-password").status_code == 404


def test_list_query_count_does_not_grow(client, login, company, django_assert_max_num_queries):
    dept = company.units["prod"]
    login("admin")
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("accounts:user_list"))
    for i in range(30):
        person = Person.objects.create(
            employee_no=f"5{i:04d}", name=f"员工{i}", gender="M", department=dept
        )
        User.objects.create_user(username=f"u{i}", password="x", person=person)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("accounts:user_list"))
    assert len(response.context["page"].object_list) == 25


def test_reset_on_the_page_shows_the_code_once_and_is_audited(client, login, company):
    zhigong = company.users["zhigong"]
    login("bumen")
    response = client.post(reverse("accounts:user_reset", args=[zhigong.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = response.context["code"]
    assert code in response.content.decode()
    page = client.get(reverse("accounts:user_detail", args=[zhigong.pk])).content.decode()
    assert code not in page and "重置密码(发放一次性激活码)" in page  # in the history
    client.logout()
    assert client.post(reverse("login"), {"username": "10003", "password": code}).status_code == 302


def test_a_cadres_reset_of_a_cadre_is_refused_on_the_page(client, login, company):
    bumen = company.users["bumen"]
    login("shuji")
    response = client.post(reverse("accounts:user_reset", args=[bumen.pk]))
    assert response.status_code == 403
    assert "由系统管理员或党群工作部管理员管理" in response.content.decode()
    assert User.objects.get(pk=bumen.pk).check_password(PASSWORD)


def test_unlock_on_the_page(client, login, company):
    zhigong = company.users["zhigong"]
    lock("zhigong")
    login("shuji")
    page = client.get(reverse("accounts:user_detail", args=[zhigong.pk])).content.decode()
    assert 'data-testid="unlock"' in page and 'data-state="locked"' in page
    response = client.post(reverse("accounts:user_unlock", args=[zhigong.pk]), follow=True)
    assert "已解除锁定" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="zhigong").exists()


def test_admin_turns_an_account_off_and_on(client, login, company):
    zhigong = company.users["zhigong"]
    login("dangwei")
    client.post(reverse("accounts:user_disable", args=[zhigong.pk]))
    zhigong.refresh_from_db()
    assert not zhigong.is_active and zhigong.disabled_reason == DisabledReason.ADMIN
    entry = LogEntry.objects.get_for_object(zhigong).filter(action=LogEntry.Action.UPDATE).first()
    assert entry.actor == company.users["dangwei"] and entry.changes["is_active"] == [
        "True",
        "False",
    ]
    client.post(reverse("accounts:user_enable", args=[zhigong.pk]))
    zhigong.refresh_from_db()
    assert zhigong.is_active and zhigong.disabled_reason == ""


def test_a_cadre_cannot_turn_accounts_off(client, login, company):
    zhigong = company.users["zhigong"]
    login("shuji")
    page = client.get(reverse("accounts:user_detail", args=[zhigong.pk])).content.decode()
    assert 'data-testid="disable"' not in page
    client.post(reverse("accounts:user_disable", args=[zhigong.pk]))
    assert User.objects.get(pk=zhigong.pk).is_active


def test_the_policy_is_the_system_admins(client, login, company):
    login("dangwei")
    assert client.get(reverse("accounts:user_policy")).status_code == 404
    login("admin")
    assert client.get(reverse("accounts:user_policy")).status_code == 200
    bad = client.post(
        reverse("accounts:user_policy"),
        {"username_prefix": "工号:", "code_valid_days": "7", "auto_create": "on"},
    )
    assert bad.status_code == 400 and "用户名前缀只能包含" in bad.content.decode()
    response = client.post(
        reverse("accounts:user_policy"),
        {
            "auto_create": "on",
            "username_prefix": "tx",
            "inactive_statuses": ["left", "retired"],
            "code_valid_days": "3",
        },
    )
    assert response.status_code == 302
    policy = AccountPolicy.current()
    assert (policy.username_prefix, policy.inactive_statuses, policy.code_valid_days) == (
        "tx",
        ["left", "retired"],
        3,
    )
    assert LogEntry.objects.get_for_object(policy).exists()


def test_the_provision_button_opens_the_missing_accounts(client, login, company):
    login("dangwei")
    response = client.post(reverse("accounts:user_provision"), follow=True)
    assert "开通账号 1 个" in response.content.decode()  # 陈静 had none
    assert User.objects.get(person__employee_no="10005").username == "10005"


# --- the API -----------------------------------------------------------------------------------


def test_api_lists_filters_and_pages_like_the_page(client, login, company):
    lock("zhigong")
    login("dangwei")
    data = client.get(API, {"limit": 2}).json()
    assert data["count"] == len(company.users) and len(data["items"]) == 2
    found = client.get(API, {"q": "10003"}).json()["items"]
    assert [u["username"] for u in found] == ["zhigong"]
    assert found[0]["locked"] and found[0]["employee_no"] == "10003"
    assert found[0]["roles"][0]["role"] == "employee"
    assert [u["username"] for u in client.get(API, {"state": "locked"}).json()["items"]] == [
        "zhigong"
    ]
    login("shuji")
    assert {u["username"] for u in client.get(API).json()["items"]} == {"shuji", "bumen", "zhigong"}


def test_api_actions(client, login, company):
    zhigong = company.users["zhigong"]
    login("dangwei")
    off = client.post(f"{API}/{zhigong.pk}/disable")
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert off.json()["disabled_reason"] == "admin"
    again = client.post(f"{API}/{zhigong.pk}/disable")
    assert again.status_code == 400 and again.json()["detail"]["code"] == "account_state"
    assert client.post(f"{API}/{zhigong.pk}/enable").json()["is_active"] is True
    reset = client.post(f"{API}/{zhigong.pk}/reset-password")
    assert reset.status_code == 200 and "no-store" in reset["Cache-Control"]
    body = reset.json()
    assert len(body["code"].replace("-", "")) == 12 and body["user"]["must_change_password"]
    lock("zhigong")  # (a reset lifts a lockout; this one came after)
    assert client.post(f"{API}/{zhigong.pk}/unlock").json()["locked"] is False
    admin = company.users["admin"]
    refused = client.post(f"{API}/{admin.pk}/reset-password")
    assert refused.status_code == 403
    assert client.get(f"{API}/{admin.pk}").json()["username"] == "admin"
