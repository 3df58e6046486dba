"""First login and forgotten passwords (issue 10 §1): a one-time activation code logs in once
through the ordinary login page, then the person must set a password of their own that meets
the rules; the admin and a unit's cadres reset a password for someone in their scope (audited);
a locked account is unlocked at once."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.accounts.services import account_unlock, password_reset
from apps.core.errors import DomainError, Forbidden, NotFound
from apps.orgs.testing import PASSWORD

GOOD = "Tongxin-2025-ok"


def log_in(client, identifier, password):
    return client.post(reverse("login"), {"username": identifier, "password": password})


def events(user):
    return [
        (e.changes["event"][0], e.actor)
        for e in LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.ACCESS)
    ]


def test_a_reset_gives_a_code_that_logs_in_once_and_forces_a_new_password(client, company):
    zhigong, dangwei = company.users["zhigong"], company.users["dangwei"]
    code = password_reset(actor=dangwei, user=zhigong)
    zhigong.refresh_from_db()
    assert code not in (zhigong.password, zhigong.activation_digest)  # never stored in clear
    assert not zhigong.has_usable_password()
    assert ("重置密码(发放一次性激活码)", dangwei) in events(zhigong)
    assert log_in(client, "zhigong", PASSWORD).status_code == 200  # the old password is gone

    response = log_in(client, "10003", code.lower().replace("-", ""))  # as typed on a phone
    assert response.status_code == 302
    # Every page now leads to the change page; the API says why.
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith(
        reverse("accounts:password_change")
    )
    assert client.get("/suggestions/")["Location"].endswith("?next=/suggestions/")
    api = client.get("/api/v1/accounts/me")
    assert api.status_code == 403 and api.json()["detail"]["code"] == "password_change_required"
    page = client.get(reverse("accounts:password_change"))
    html = page.content.decode()
    assert 'data-testid="forced"' in html and "old_password" not in html
    assert "至少 3 种" in html  # the rules are on the page

    weak = client.post(
        reverse("accounts:password_change"),
        {"new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    )
    assert weak.status_code == 200 and "至少 3 种" in weak.content.decode()
    done = client.post(
        reverse("accounts:password_change"),
        {"new_password1": GOOD, "new_password2": GOOD, "next": "/suggestions/"},
    )
    assert done.status_code == 302 and done["Location"] == "/suggestions/"
    assert client.get("/").status_code == 200  # still logged in, free to go anywhere
    zhigong.refresh_from_db()
    assert zhigong.check_password(GOOD) and not zhigong.must_change_password
    assert zhigong.password_changed_at and not zhigong.activation_digest
    client.logout()
    assert log_in(client, "10003", code).status_code == 200  # the code is spent
    assert log_in(client, "10003", GOOD).status_code == 302


def test_an_expired_code_does_not_log_in(client, company):
    zhigong = company.users["zhigong"]
    code = password_reset(actor=company.users["dangwei"], user=zhigong)
    User.objects.filter(pk=zhigong.pk).update(
        activation_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert log_in(client, "zhigong", code).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_code_means_nothing_on_another_account(client, company):
    code = password_reset(actor=company.users["dangwei"], user=company.users["zhigong"])
    zhigong = User.objects.get(username="zhigong")
    other = company.users["norole"]
    User.objects.filter(pk=other.pk).update(
        activation_digest=zhigong.activation_digest,
        activation_expires_at=zhigong.activation_expires_at,
    )
    assert log_in(client, "norole", code).status_code == 200


def test_a_directory_login_is_not_asked_for_a_local_password(client, company, settings):
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "apps.accounts.backends.LDAPBackend",
    ]
    zhigong = company.users["zhigong"]
    User.objects.filter(pk=zhigong.pk).update(must_change_password=True)
    zhigong.refresh_from_db()
    client.force_login(zhigong, backend="apps.accounts.backends.LDAPBackend")
    assert client.get("/").status_code == 200


def test_demo_logins_are_not_forced_to_change(client, company):
    for username in ("admin", "dangwei", "shuji", "bumen", "zhigong"):
        client.logout()
        assert log_in(client, username, PASSWORD).status_code == 302
        assert client.get("/").status_code == 200, username


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Tx-12", "密码长度太短,至少 8 位"),
        ("abcdefgh-x", "至少 3 种"),
        ("Ab-10003-x", "工号、手机号、生日或身份证号"),
        ("Ab.13800001003", "工号、手机号、生日或身份证号"),
        ("12345678", "密码只包含数字"),
    ],
    ids=["short", "one-kind", "employee-no", "mobile", "digits"],
)
def test_password_rules_speak_chinese(client, login, password, message):
    login("zhigong")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_new_password_differs_from_the_old(client, login):
    login("zhigong")
    User.objects.filter(username="zhigong").update(password="")
    user = User.objects.get(username="zhigong")
    user.set_password(GOOD)
    user.save()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": GOOD, "new_password1": GOOD, "new_password2": GOOD},
    )
    assert "新密码不能与原密码相同" in response.content.decode()


# --- who may reset whom ------------------------------------------------------------------------


def test_cadres_reset_the_employees_of_their_scope(company):
    zhigong = company.users["zhigong"]
    for cadre in ("shuji", "bumen"):  # the branch serves 生产部; 李明 heads it
        assert password_reset(actor=company.users[cadre], user=zhigong)
    assert ("重置密码(发放一次性激活码)", company.users["bumen"]) in events(zhigong)


@pytest.mark.parametrize(
    ("actor", "target", "error"),
    [
        ("zhigong", "norole", NotFound),  # an employee manages nobody
        ("norole", "zhigong", NotFound),
        ("shuji", "norole", NotFound),  # 赵磊 of 安全部 is outside 生产一支部's reach
        ("shuji", "bumen", Forbidden),  # a cadre's account is the admins'
        ("dangwei", "admin", Forbidden),  # a system admin's only a system admin's
        ("dangwei", "dangwei", DomainError),  # not one's own: that is 修改密码
    ],
)
def test_resets_outside_ones_reach_are_refused(company, actor, target, error):
    before = User.objects.get(username=target).password
    with pytest.raises(error):
        password_reset(actor=company.users[actor], user=company.users[target])
    assert User.objects.get(username=target).password == before


def test_a_units_admin_cannot_take_over_a_company_admins_login(company):
    """李明 works in 生产部 but (here) also runs the whole company's party work: the admin of
    生产部 reaches his person, not his role."""
    bumen = company.users["bumen"]
    RoleAssignment.objects.create(user=bumen, role=Role.PARTY_ADMIN, unit=company.units["company"])
    prod_admin = User.objects.create_user(username="prod_admin", password="x")
    RoleAssignment.objects.create(
        user=prod_admin, role=Role.PARTY_ADMIN, unit=company.units["prod"]
    )
    with pytest.raises(Forbidden):
        password_reset(actor=prod_admin, user=bumen)
    assert password_reset(actor=company.users["admin"], user=bumen)


# --- unlocking -----------------------------------------------------------------------------


def test_a_locked_account_is_unlocked_at_once(client, company):
    zhigong = company.users["zhigong"]
    for _ in range(5):
        log_in(client, "10003", "wrong-password")
    locked = log_in(client, "zhigong", PASSWORD)
    assert 'data-testid="locked-out"' in locked.content.decode()
    assert AccessAttempt.objects.filter(username="zhigong").exists()

    with pytest.raises(Forbidden):  # a cadre's account is not the employee's to unlock …
        account_unlock(actor=company.users["shuji"], user=company.users["bumen"])
    account_unlock(actor=company.users["shuji"], user=zhigong)  # … an employee's is
    assert ("解除登录锁定", company.users["shuji"]) in events(zhigong)
    assert log_in(client, "zhigong", PASSWORD).status_code == 302
    with pytest.raises(DomainError, match="没有被锁定"):
        account_unlock(actor=company.users["shuji"], user=zhigong)
