"""Progress of a background job a page polls (a roster import, a 量化考核 computation).

A job that runs in one transaction cannot report through the database (nothing it writes is
visible before the commit), so its progress lives in Huey's key-value store (the same SQLite
file or Redis the queue uses). The page includes `components/progress.html`, which polls a view
answering `progress_response`."""

import logging
import time

from django.http import HttpResponse
from django.shortcuts import render
from huey.contrib.djhuey import HUEY

log = logging.getLogger(__name__)


def progress_get(key: str, *, stale_after: float | None = None) -> dict | None:
    """{"processed", "total"} of a running job, or None (none reported, or the job is done).
    With `stale_after` (seconds), a report older than that is None too: a job whose worker died
    must not show a bar (or hold a lock) for ever."""
    try:
        found = HUEY.get(key, peek=True)
    except Exception:  # the progress store is a nicety: a page must not fail for it
        return None
    if found and stale_after is not None and time.time() - found.get("at", 0) > stale_after:
        return None
    return found


def progress_put(key: str, processed: int, total: int) -> None:
    try:
        HUEY.put(key, {"processed": processed, "total": total, "at": time.time()})
    except Exception:
        log.warning("progress %s not stored", key, exc_info=True)


def progress_clear(key: str) -> None:
    try:
        HUEY.delete(key)
    except Exception:
        log.debug("progress %s not removed", key, exc_info=True)


def progress_context(processed: int, total: int) -> dict:
    percent = min(100, int(processed * 100 / total)) if total else 0
    return {"processed": processed, "total": total, "percent": percent}


def progress_response(request, *, running: bool, template: str, context: dict):
    """The polled partial while the job runs; once it stops, an empty answer telling htmx to
    reload the page in its new state."""
    if not running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, template, context)
