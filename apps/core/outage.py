"""What a request answers while the database is away (a restart, a failover): 503 with
`Retry-After` and a Chinese message, never a 500 page. Nothing was stored — the request's
transaction is gone with the connection — so sending again is safe, and idempotency keys
(apps.core.idempotency) make a retry of a request that did commit answer the first result."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.defaults import server_error

from .errors import CoreError

UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def unavailable_response(request):
    error = CoreError.UNAVAILABLE()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": error.as_dict()}, status=503)
    else:
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = "/"
        context = {"message": error.message, "back": back}
        response = render(request, "503.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def handler500(request):
    """config.urls.handler500: a database outage is a 503; anything else Django's 500 page."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return unavailable_response(request)
    return server_error(request)
