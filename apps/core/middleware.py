"""The idle clock of a session, and the requests that must leave no trace in the session table.

A signed-in session is renewed (saved, its cookie re-sent) when at least SESSION_RENEW_SECONDS
have passed since its last renewal, not on every request: a page read is then no database write,
and idle expiry is exact to within that interval. The session row's expire_date minus the session
age gives the moment of a renewal. A view decorated with `no_session_write` (an anonymous
appeal's submit, its receipt pages) never saves the session nor sends its cookie again, so that
moment stays one from before. With `methods=("POST",)` only those requests are spared (a form's
GET still renews the idle clock)."""

import time
from functools import wraps

from django.conf import settings

RENEWED = "_renewed"  # the session key holding the epoch second of the last renewal


def no_session_write(view=None, *, methods: tuple[str, ...] | None = None):
    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if methods is None or request.method in methods:
                request.no_session_write = True
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def renewed_at_login(sender, request, user, **kwargs):
    """A login saves a fresh session: that is its first renewal, so the next page writes none."""
    if hasattr(request, "session"):
        request.session[RENEWED] = int(time.time())


class SessionRenewMiddleware:
    """Sits right after SessionMiddleware, so its response step runs first: a marked request
    hides the session (SessionMiddleware then neither saves it nor sets the cookie); otherwise a
    stored session whose renewal is due is marked modified, which makes SessionMiddleware save it
    and re-send the cookie with a fresh expiry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not hasattr(request, "session"):
            return response
        if getattr(request, "no_session_write", False):
            del request.session
            return response
        session = request.session
        if session.session_key:
            now = int(time.time())
            if now - session.get(RENEWED, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED] = now
        return response
