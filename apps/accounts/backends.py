"""Ways to log in: username, 工号 or mobile with a password; optionally LDAP or OIDC."""

import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User

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


class IdentifierBackend(ModelBackend):
    """Password login where the "username" box takes a username, a 工号 or a mobile number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = user_by_identifier(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class LDAPBackend(ModelBackend):
    """Bind to the company directory as the user; on success, log in the local user with the
    same 工号 (or username). No local user is created: the roster is the source of people."""

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
        user = user_by_identifier(employee_no) or user_by_identifier(username)
        return user if user and self.user_can_authenticate(user) else None


try:
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend
except ImportError:  # pragma: no cover - the package is a dependency; kept import-safe for tools
    OIDCAuthenticationBackend = object


class OIDCBackend(OIDCAuthenticationBackend):
    """OIDC login matched to the roster by the 工号 claim; unknown people are refused, not created."""

    def filter_users_by_claims(self, claims):
        employee_no = claims.get(settings.OIDC_EMPLOYEE_NO_CLAIM, "")
        user = user_by_identifier(employee_no)
        return User.objects.filter(pk=user.pk) if user else User.objects.none()

    def create_user(self, claims):
        return None
