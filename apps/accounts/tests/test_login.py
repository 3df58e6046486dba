"""Logging in and out: by username, 工号 or mobile; wrong passwords, lockout, expiry, CSRF."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.orgs.testing import PASSWORD

LOGIN = "/accounts/login/"


def post_login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


@pytest.mark.parametrize(
    "identifier",
    ["shuji", "10001", "13800001001", "  10001  "],
    ids=["username", "employee_no", "mobile", "padded"],
)
def test_login_with_username_employee_no_or_mobile(client, company, identifier):
    response = post_login(client, identifier)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get("/").context["user"].username == "shuji"


def test_login_follows_next(client, company):
    response = post_login(client, "shuji", next="/accounts/me/")
    assert response.url == "/accounts/me/"


def test_login_refuses_offsite_next(client, company):
    response = post_login(client, "shuji", next="https://evil.example/")
    assert response.url == reverse("home")


def test_wrong_password_says_so_in_chinese_and_keeps_username(client, company):
    response = post_login(client, "shuji", "wrong-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "账号或密码不正确" in html
    assert 'value="shuji"' in html
    assert "wrong-password" not in html  # the password is never echoed


def test_unknown_identifier_gives_the_same_message(client, company):
    html = post_login(client, "nobody-here", "x").content.decode()
    assert "账号或密码不正确" in html
    assert 'value="nobody-here"' in html


def test_empty_form_asks_for_both_fields(client, company):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()


def test_inactive_user_cannot_log_in(client, company):
    company.users["shuji"].is_active = False
    company.users["shuji"].save()
    response = post_login(client, "shuji")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_mobile_shared_by_two_users_matches_neither(client, company):
    # An identifier that names two people must not log in either of them.
    bumen = company.people["bumen"]
    bumen.mobile = "13800001001"
    bumen.save()
    response = post_login(client, "13800001001")
    assert response.status_code == 200
    assert "账号或密码不正确" in response.content.decode()


def test_fifth_failure_locks_out_with_chinese_page(client, company):
    for _ in range(4):
        assert post_login(client, "shuji", "bad").status_code == 200
    response = post_login(client, "shuji", "bad")
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录失败次数过多" in html
    assert "30 分钟后再试" in html


def test_locked_out_even_with_the_right_password(client, company):
    for _ in range(5):
        post_login(client, "shuji", "bad")
    response = post_login(client, "shuji")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_switching_identifier_does_not_escape_lockout(client, company):
    for identifier in ["shuji", "10001", "13800001001", "shuji", "10001"]:
        post_login(client, identifier, "bad")
    assert post_login(client, "10001").status_code == 429
    assert post_login(client, "shuji").status_code == 429


def test_lockout_is_per_account(client, company):
    for _ in range(5):
        post_login(client, "shuji", "bad")
    assert post_login(client, "bumen").status_code == 302


def test_axes_reset_lets_the_user_in_again(client, company):
    for _ in range(5):
        post_login(client, "shuji", "bad")
    assert AccessAttempt.objects.filter(username="shuji").exists()
    assert reset(username="shuji") >= 1
    assert post_login(client, "shuji").status_code == 302


def test_success_clears_earlier_failures(client, company):
    for _ in range(4):
        post_login(client, "shuji", "bad")
    assert post_login(client, "shuji").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert post_login(client, "shuji", "bad").status_code == 200


def test_logout_is_a_post(client, login):
    login("shuji")
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get("/").status_code == 302


def test_pages_need_login(client, company):
    for url in ["/", "/accounts/me/", "/accounts/password/", "/notifications/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(f"{LOGIN}?next=")


def test_idle_session_expires_to_login(client, login, settings):
    login("shuji")
    assert client.get("/").status_code == 200
    key = client.session.session_key
    # Nothing for longer than SESSION_COOKIE_AGE: the stored session has expired.
    past = timezone.now() - timedelta(seconds=1)
    Session.objects.filter(session_key=key).update(expire_date=past)
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/accounts/me/"


def test_a_request_restarts_the_idle_clock_once_a_minute(client, login, settings):
    login("shuji")
    client.get("/")
    key = client.session.session_key
    row = Session.objects.get(session_key=key)
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((row.expire_date - expected).total_seconds()) < 30
    # Within the renewal interval a page read writes nothing to the session table …
    Session.objects.filter(session_key=key).update(expire_date=row.expire_date - timedelta(hours=1))
    client.get("/accounts/me/")
    assert Session.objects.get(session_key=key).expire_date == row.expire_date - timedelta(hours=1)
    # … once it has passed, the next request renews the session and re-sends its cookie.
    settings.SESSION_RENEW_SECONDS = 0
    response = client.get("/accounts/me/")
    assert Session.objects.get(session_key=key).expire_date > row.expire_date - timedelta(minutes=1)
    assert settings.SESSION_COOKIE_NAME in response.cookies


def test_csrf_failure_shows_a_chinese_page(company):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "shuji", "password": PASSWORD})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html
    assert "刷新" in html
    assert "_auth_user_id" not in client.session


def test_logged_in_user_visiting_login_goes_home(client, login):
    login("shuji")
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response.url == reverse("home")
