"""The forced password change: an account that logged in with an activation code (or whose
password an administrator marked for change) reaches nothing but the change page until it has
a password of its own. A directory login (LDAP, OIDC) has no local password to change."""

from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

DIRECTORY_BACKENDS = {
    "apps.accounts.backends.LDAPBackend",
    "apps.accounts.backends.OIDCBackend",
}


def must_change(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.must_change_password:
        return False
    return request.session.get(BACKEND_SESSION_KEY) not in DIRECTORY_BACKENDS


class ForcePasswordChange:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if must_change(request) and not self._allowed(request.path):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": {
                            "code": "password_change_required",
                            "message": _("请先在网页上设置新密码,再使用其他功能。"),
                            "field": None,
                        }
                    },
                    status=403,
                )
            target = reverse("accounts:password_change")
            if request.method == "GET" and not request.headers.get("HX-Request"):
                target += "?next=" + quote(request.get_full_path())
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        allowed = (
            reverse("accounts:password_change"),
            reverse("logout"),
            reverse("login"),
            reverse("javascript-catalog"),
            "/i18n/",
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return any(path == a or (a.endswith("/") and path.startswith(a)) for a in allowed)
