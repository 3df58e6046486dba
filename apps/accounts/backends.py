"""Ways to log in: username, 工号 or mobile with a password; optionally LDAP or OIDC."""

import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from . import activation
from .models import User
from .provisioning import account_for_login

log = logging.getLogger(__name__)


def user_by_identifier(identifier: str) -> User | None:
    """The one active user that a username, 工号 or mobile number names, if exactly one does."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    matches = list(
        User.objects.filter(
            Q(username=identifier)
            | Q(person__employee_no=identifier, person__deleted_at__isnull=True)
            | Q(person__mobile=identifier, person__deleted_at__isnull=True)
        ).distinct()[:2]
    )
    return matches[0] if len(matches) == 1 else None


def user_by_employee_no(employee_no: str) -> User | None:
    """The one user whose roster record has this 工号 (directory logins match on this only)."""
    employee_no = (employee_no or "").strip()
    if not employee_no:
        return None
    return User.objects.filter(
        person__employee_no=employee_no, person__deleted_at__isnull=True
    ).first()


def axes_username(request, credentials=None) -> str:
    """What django-axes counts failures against: the account a typed identifier names, so that
    switching between username, 工号 and mobile does not buy extra attempts."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username", "")
    raw = (raw or "").strip()
    user = user_by_identifier(raw)
    return user.username if user else raw


class AccountBackend(ModelBackend):
    """The local account of a session, loaded with its person: every page's header shows the
    person's name, so that is one query, not two."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("person").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class IdentifierBackend(AccountBackend):
    """Password login where the "username" box takes a username, a 工号 or a mobile number.

    The password box also takes the account's one-time activation code (apps.accounts.activation):
    that login must set a password of its own before anything else."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = user_by_identifier(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if not user.has_usable_password():
            User().set_password(password)  # the same work as for an account with a password
        elif user.check_password(password):
            return user if self.user_can_authenticate(user) else None
        if activation.matches(user, password) and self.user_can_authenticate(user):
            if not user.must_change_password:
                user.must_change_password = True
                user.save(update_fields=["must_change_password"])
            return user
        return None


class LDAPBackend(AccountBackend):
    """Bind to the company directory as the user; on success, log in the account of the person
    with the same 工号, made on their first login (or a local user with the same username). The
    roster is the source of people: a directory entry with no person on it is refused."""

    def connection(self, dn: str, password: str):
        import ldap3

        server = ldap3.Server(settings.LDAP_SERVER_URI, get_info=ldap3.NONE, connect_timeout=5)
        return ldap3.Connection(server, user=dn, password=password, read_only=True)

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        import ldap3

        dn = settings.LDAP_USER_DN_TEMPLATE.format(username=ldap3.utils.dn.escape_rdn(username))
        try:
            conn = self.connection(dn, password)
            if not conn.bind():
                return None
            attr = settings.LDAP_EMPLOYEE_NO_ATTR
            conn.search(dn, "(objectClass=*)", search_scope=ldap3.BASE, attributes=[attr])
            employee_no = str(conn.entries[0][attr]) if conn.entries else ""
            conn.unbind()
        except ldap3.core.exceptions.LDAPException:
            log.warning("LDAP login failed: directory unavailable")
            return None
        user = account_for_login(employee_no) or User.objects.filter(username=username).first()
        return user if user and self.user_can_authenticate(user) else None


try:
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend
except ImportError:  # pragma: no cover - the package is a dependency; kept import-safe for tools
    OIDCAuthenticationBackend = object


class OIDCBackend(OIDCAuthenticationBackend):
    """OIDC login matched to the roster by the 工号 claim: the person's account, made and linked
    on their first login (OIDC_CREATE_USER). Anyone not on the roster is refused: the identity
    provider never creates people."""

    def verify_claims(self, claims):
        return bool(str(claims.get(settings.OIDC_EMPLOYEE_NO_CLAIM, "") or "").strip())

    def describe_user_by_claims(self, claims):
        return f"employee_no {claims.get(settings.OIDC_EMPLOYEE_NO_CLAIM, '')}"

    def filter_users_by_claims(self, claims):
        user = user_by_employee_no(str(claims.get(settings.OIDC_EMPLOYEE_NO_CLAIM, "") or ""))
        if user is None or not self.user_can_authenticate(user):
            return User.objects.none()
        return User.objects.filter(pk=user.pk)

    def create_user(self, claims):
        """The first login of a person on the roster: make and link their account by 工号."""
        user = account_for_login(str(claims.get(settings.OIDC_EMPLOYEE_NO_CLAIM, "") or ""))
        if user is None or not self.user_can_authenticate(user):
            log.info("OIDC login refused: %s", self.describe_user_by_claims(claims))
            return None
        return user

    def update_user(self, user, claims):
        return user  # the roster, not the identity provider, owns people's data
