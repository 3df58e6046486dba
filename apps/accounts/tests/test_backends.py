"""Directory logins, switched on by settings: LDAP against a fake directory (ldap3 MOCK_SYNC),
OIDC matched to the roster by the 工号 claim. A person on the roster without an account gets one
on their first login, linked by 工号; nobody off the roster ever gets one."""

import ldap3
import pytest

from apps.accounts.backends import LDAPBackend, OIDCBackend
from apps.accounts.models import User

BASE = "ou=people,dc=corp,dc=example"


@pytest.fixture
def directory(settings, monkeypatch):
    """A fake directory with two entries; LDAPBackend binds to it instead of a real server."""
    settings.LDAP_SERVER_URI = "ldap://directory.invalid"
    settings.LDAP_USER_DN_TEMPLATE = "uid={username}," + BASE
    settings.LDAP_EMPLOYEE_NO_ATTR = "employeeNumber"
    server = ldap3.Server("fake-directory")
    seed = ldap3.Connection(server, client_strategy=ldap3.MOCK_SYNC)
    seed.strategy.add_entry(
        f"uid=wangjg,{BASE}",
        {
            "uid": "wangjg",
            "userPassword": "ldap-secret",
            "employeeNumber": "10001",
            "objectClass": ["inetOrgPerson"],
        },
    )
    seed.strategy.add_entry(
        f"uid=chenj,{BASE}",
        {
            "uid": "chenj",
            "userPassword": "ldap-secret",
            "employeeNumber": "10005",  # 陈静: on the roster, no account yet
            "objectClass": ["inetOrgPerson"],
        },
    )
    seed.strategy.add_entry(
        f"uid=stranger,{BASE}",
        {
            "uid": "stranger",
            "userPassword": "ldap-secret",
            "employeeNumber": "99999",
            "objectClass": ["inetOrgPerson"],
        },
    )

    def connection(self, dn, password):
        return ldap3.Connection(
            server, user=dn, password=password, client_strategy=ldap3.MOCK_SYNC, read_only=True
        )

    monkeypatch.setattr(LDAPBackend, "connection", connection)
    return server


def test_ldap_password_logs_in_the_person_with_that_employee_no(directory, company):
    user = LDAPBackend().authenticate(None, username="wangjg", password="ldap-secret")
    assert user == company.users["shuji"]


def test_ldap_first_login_opens_and_links_the_account_by_employee_no(directory, company):
    """The defect: LDAP logged in only users that already existed."""
    assert not User.objects.filter(person__employee_no="10005").exists()
    user = LDAPBackend().authenticate(None, username="chenj", password="ldap-secret")
    assert user is not None and user.person == company.people["tech_worker"]
    assert user.username == "10005" and not user.has_usable_password()
    again = LDAPBackend().authenticate(None, username="chenj", password="ldap-secret")
    assert again == user
    assert User.objects.filter(person__employee_no="10005").count() == 1


def test_ldap_first_login_of_someone_who_left_is_refused(directory, company):
    company.people["tech_worker"].status = "left"
    company.people["tech_worker"].save()
    assert LDAPBackend().authenticate(None, username="chenj", password="ldap-secret") is None
    assert not User.objects.filter(person__employee_no="10005").exists()


def test_ldap_wrong_password_is_refused(directory, company):
    assert LDAPBackend().authenticate(None, username="wangjg", password="nope") is None


def test_ldap_unknown_entry_is_refused(directory, company):
    assert LDAPBackend().authenticate(None, username="ghost", password="ldap-secret") is None


def test_ldap_person_not_on_the_roster_is_refused_and_not_created(directory, company):
    before = User.objects.count()
    assert LDAPBackend().authenticate(None, username="stranger", password="ldap-secret") is None
    assert User.objects.count() == before


def test_ldap_empty_password_never_binds(directory, company):
    # An empty password would be an anonymous bind on many servers: refuse before asking.
    assert LDAPBackend().authenticate(None, username="wangjg", password="") is None


def test_ldap_inactive_user_is_refused(directory, company):
    company.users["shuji"].is_active = False
    company.users["shuji"].save()
    assert LDAPBackend().authenticate(None, username="wangjg", password="ldap-secret") is None


def test_ldap_directory_down_is_a_refusal_not_an_error(settings, monkeypatch, company):
    settings.LDAP_USER_DN_TEMPLATE = "uid={username}," + BASE
    settings.LDAP_EMPLOYEE_NO_ATTR = "employeeNumber"

    def broken(self, dn, password):
        raise ldap3.core.exceptions.LDAPSocketOpenError("unreachable")

    monkeypatch.setattr(LDAPBackend, "connection", broken)
    assert LDAPBackend().authenticate(None, username="wangjg", password="x") is None


def test_ldap_login_through_the_login_page(directory, company, client, settings):
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "apps.accounts.backends.LDAPBackend",
    ]
    response = client.post("/accounts/login/", {"username": "wangjg", "password": "ldap-secret"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == company.users["shuji"].pk


@pytest.fixture
def oidc(settings):
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://sso.invalid/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://sso.invalid/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://sso.invalid/jwks"
    settings.OIDC_RP_CLIENT_ID = "tongxin"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_EMPLOYEE_NO_CLAIM = "employee_number"
    settings.OIDC_CREATE_USER = True
    return OIDCBackend()


def test_oidc_matches_by_employee_no_claim(oidc, company):
    users = oidc.filter_users_by_claims({"employee_number": "10001", "email": "x@corp"})
    assert list(users) == [company.users["shuji"]]


@pytest.mark.parametrize(
    "claims",
    [
        {"employee_number": "99999"},
        {"employee_number": ""},
        {"email": "shuji@corp"},
        {"employee_number": "shuji"},  # a username is not a 工号
        {"employee_number": "13800001001"},  # nor is a mobile number
    ],
    ids=["unknown", "empty", "missing", "username", "mobile"],
)
def test_oidc_refuses_anyone_not_on_the_roster(oidc, company, claims):
    assert not oidc.filter_users_by_claims(claims).exists()


def test_oidc_makes_no_account_for_anyone_off_the_roster(oidc, company, monkeypatch):
    monkeypatch.setattr(
        OIDCBackend, "get_userinfo", lambda self, *a: {"employee_number": "99999", "sub": "x"}
    )
    before = User.objects.count()
    assert oidc.get_or_create_user("access", "id", {}) is None
    assert User.objects.count() == before


def test_oidc_full_match_logs_in_the_roster_user(oidc, company, monkeypatch):
    monkeypatch.setattr(
        OIDCBackend, "get_userinfo", lambda self, *a: {"employee_number": "10003", "sub": "y"}
    )
    assert oidc.get_or_create_user("access", "id", {}) == company.users["zhigong"]


def test_oidc_first_login_opens_and_links_the_account_by_employee_no(oidc, company, monkeypatch):
    """The defect: OIDC logged in only users that already existed."""
    monkeypatch.setattr(
        OIDCBackend, "get_userinfo", lambda self, *a: {"employee_number": "10005", "sub": "z"}
    )
    user = oidc.get_or_create_user("access", "id", {})
    assert user is not None and user.person == company.people["tech_worker"]
    assert oidc.get_or_create_user("access", "id", {}) == user  # linked: found the next time
    assert User.objects.filter(person__employee_no="10005").count() == 1


def test_oidc_refuses_a_turned_off_account_and_makes_no_second_one(oidc, company, monkeypatch):
    monkeypatch.setattr(
        OIDCBackend, "get_userinfo", lambda self, *a: {"employee_number": "10003", "sub": "y"}
    )
    User.objects.filter(username="zhigong").update(is_active=False)
    assert oidc.get_or_create_user("access", "id", {}) is None
    assert User.objects.filter(person__employee_no="10003").count() == 1


def test_oidc_claims_without_employee_no_fail_verification(oidc):
    assert not oidc.verify_claims({"email": "x@corp"})
    assert oidc.verify_claims({"employee_number": "10001"})
