"""Requests that must leave no trace in the session table.

With SESSION_SAVE_EVERY_REQUEST every request rewrites the session row, and its expire_date
minus the session age gives the moment of the user's last request. A view decorated with
`no_session_write` (an anonymous appeal's submit, its receipt pages) does not save the session
nor send its cookie again, so that moment stays the one of the request before. With
`methods=("POST",)` only those requests are spared (a form's GET still renews the idle clock)."""

from functools import wraps


def no_session_write(view=None, *, methods: tuple[str, ...] | None = None):
    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if methods is None or request.method in methods:
                request.no_session_write = True
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


class NoSessionWriteMiddleware:
    """Sits right after SessionMiddleware: for a marked request it hides the session from
    SessionMiddleware's response step, which then neither saves it nor sets the cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "no_session_write", False) and hasattr(request, "session"):
            del request.session
        return response
