"""The sign-in pages: start (to the vendor, with a state bound to the session) and the return
(the state checked, the vendor's user → the account, axes' lockout, the login audited). A
refusal goes back to the password form (never the silent redirect again) with the reason."""

import hmac
import secrets

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.core.audit import audit_event

from . import signin
from .adapters import SendError
from .services import adapter_for

SESSION_KEY = "notify_signin"
# The session's login goes through the password backend's get_user: the account is a local one.
BACKEND = "apps.accounts.backends.IdentifierBackend"


def _channel(code: str):
    channel = next((c for c in signin.signin_channels() if c.code == code), None)
    if channel is None:
        raise Http404
    return channel


def _safe_next(request, target: str) -> str:
    ok = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and ok else ""


def _refuse(request, reason: str):
    messages.error(request, reason)
    return redirect(f"{reverse('login')}?password=1")


@never_cache
def signin_start(request, code: str):
    channel = _channel(code)
    state = secrets.token_urlsafe(24)
    request.session[SESSION_KEY] = {
        "state": state,
        "code": code,
        "next": _safe_next(request, request.GET.get("next", "")),
    }
    redirect_uri = request.build_absolute_uri(reverse("notify:signin_return", args=[code]))
    try:
        url = signin.authorize_url(
            adapter_for(channel),
            redirect_uri=redirect_uri,
            state=state,
            in_app=signin.app_of(request.headers.get("User-Agent", "")) == code,
        )
    except SendError as e:  # the channel is missing a setting
        return _refuse(request, e.reason)
    return redirect(url)


@never_cache
def signin_return(request, code: str):
    channel = _channel(code)
    started = request.session.pop(SESSION_KEY, None) or {}
    state = request.GET.get("state", "")
    if started.get("code") != code or not hmac.compare_digest(str(started.get("state", "")), state):
        return _refuse(request, _("登录请求已失效或来源不明,请重新扫码。"))
    try:
        user = signin.account_of(channel, signin.vendor_user(channel, request.GET.get("code", "")))
    except signin.SigninError as e:
        return _refuse(request, str(e))
    # A lockout after wrong passwords holds here too, until the admin unlocks the account.
    if not AxesProxyHandler.is_allowed(request, {"username": user.username}):
        return _refuse(request, _("该账号因多次登录失败已被锁定,请稍后再试或联系管理员。"))
    login(request, user, backend=BACKEND)
    audit_event(actor=user, instance=user, message=_("通过%(v)s登录") % {"v": channel})
    return redirect(started.get("next") or "/")
