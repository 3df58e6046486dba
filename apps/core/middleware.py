"""Requests that must leave no trace in the session table.

With SESSION_SAVE_EVERY_REQUEST every request rewrites the session row, and its expire_date
minus the session age gives the moment of the user's last request. A view decorated with
`no_session_write` (an anonymous appeal's submit, its receipt pages) does not save the session
nor send its cookie again, so that moment stays the one of the request before."""

from functools import wraps


def no_session_write(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.no_session_write = True
        return view(request, *args, **kwargs)

    return wrapped


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
