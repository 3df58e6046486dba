"""A submission is stored once however often it is sent (docs/deploy.md, `make stack-faults`).

A client names each submission with a key — the `Idempotency-Key` header on the API, the
hidden `idempotency_key` field the shared form page renders — and may send it again after a
timeout, a 502 from the balancer or a 503. The key is recorded in the same transaction as
what the view writes: either both are stored, and a repeat gets the first answer back, or
neither is, and the repeat is handled as new.
"""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse

from .errors import CoreError
from .models import IdempotentRequest

HEADER = "HTTP_IDEMPOTENCY_KEY"
FIELD = "idempotency_key"
MAX_BODY = 64 * 1024  # larger answers are replayed by status and location only
# Paths whose submissions are never recorded, whatever they carry: an area's sealed or
# anonymous intake registers its prefixes here at ready() time (apps.integrity, decision 0016).
UNRECORDED: list[str] = []


def unrecorded(*prefixes: str) -> None:
    """Never record a submission to a path under these prefixes (nor its answer)."""
    UNRECORDED.extend(p for p in prefixes if p not in UNRECORDED)


def _key(request) -> str:
    api = request.path.startswith("/api/")
    if any(request.path.startswith(p) for p in UNRECORDED):
        return ""
    key = request.META.get(HEADER, "") or ("" if api else request.POST.get(FIELD, ""))
    if key and _anonymous(request, api=api):
        return ""  # recording who sent it would link an anonymous submission to its sender
    return key.strip()[:64]


def _anonymous(request, *, api: bool) -> bool:
    """A submission that asks to be anonymous (decision 0007) is never recorded here."""
    if not api:
        return request.POST.get("anonymous", "") not in ("", "0", "false", "off")
    if request.content_type != "application/json":
        return b"anonymous" in request.body
    try:
        return bool(json.loads(request.body or b"{}").get("anonymous"))
    except (ValueError, AttributeError):
        return False


def _owner(request) -> str:
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth:  # the API's bearer token is checked inside the view; the key is kept per token
        return "t:" + hashlib.sha256(auth.encode()).hexdigest()[:40]
    user = getattr(request, "user", None)
    return (
        f"u:{user.pk}"
        if user is not None and user.is_authenticated
        else "anon:" + (request.session.session_key or "")
    )


def _replay(row: IdempotentRequest):
    if not row.status:  # cannot happen: the key commits with its answer
        error = CoreError.IN_PROGRESS()
        return JsonResponse({"detail": error.as_dict()}, status=error.status)
    response = HttpResponse(bytes(row.body), status=row.status, content_type=row.content_type)
    if row.location:
        response["Location"] = row.location
    response["Idempotent-Replay"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        key = _key(request)
        if not key:
            return self.get_response(request)
        owner = _owner(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    row = IdempotentRequest.objects.create(key=key, owner=owner, path=request.path)
            except IntegrityError:  # answered before (or just now, by a request that committed)
                return _replay(IdempotentRequest.objects.get(key=key, owner=owner))
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)  # nothing stored: the repeat is handled as new
                return response
            row.status = response.status_code
            row.content_type = response.get("Content-Type", "")
            row.location = response.get("Location", "")[:500]
            if not response.streaming and len(response.content) <= MAX_BODY:
                row.body = response.content
            row.save(update_fields=["status", "content_type", "location", "body"])
        return response
