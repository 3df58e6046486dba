"""Shell pages: the workbench, notifications, and permission-checked file downloads."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import idempotency, selectors, services
from .models import Attachment
from .params import query_id


@login_required
def home(request):
    return render(request, "core/home.html", selectors.workbench(user=request.user))


@login_required
def notifications(request):
    qs = request.user.notifications.all()
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request):
    services.notification_mark_read(user=request.user, notification_id=query_id(request.POST, "id"))
    target = request.POST.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return redirect(target if target and safe else "notifications")


@login_required
def attachment_download(request, token: str):
    """Serve a file only to users who may see the record it belongs to; otherwise 404."""
    att = Attachment.objects.filter(token=token).select_related("owner_type").first()
    if att is None:
        raise Http404
    if att.owner_type_id is None:
        allowed = att.uploaded_by_id == request.user.pk
    else:
        model = att.owner_type.model_class()
        manager = getattr(model, "objects", None)
        allowed = (
            hasattr(manager, "visible_to")
            and manager.visible_to(request.user).filter(pk=att.owner_id).exists()
        )
    if not allowed:
        raise Http404
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a Chinese page that says what to do, not Django's English one."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return render(request, "403_csrf.html", {"back": back}, status=403)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# What the service worker caches on install: the shell every page loads.
SHELL = (
    "vendor/tabler/css/tabler.min.css",
    "vendor/tabler-icons/tabler-icons.min.css",
    "css/app.css",
    "js/outbox.js",
    "js/app.js",
    "icons/icon-192.png",
)
# The pages a phone keeps its last-seen copy of, for reading with no signal (decision 0018): the
# workbench and the everyday lists, never a record's detail or a file. Cleared at log-out.
OFFLINE_LISTS = (
    "/",
    "/meetings/mine/",
    "/appeals/",
    "/hazards/mine/",
    "/suggestions/",
    "/supervision/",
    "/notifications/",
    "/learning/",
    "/feed/",
)


def service_worker(request):
    """/sw.js?lang=<the page's language>: at the root, so that it may control every page (a
    worker's scope is its folder); its offline notice in the page's language (a worker's own
    requests do not carry the browser's); never cached, so a new shell takes over at once."""
    lang = request.GET.get("lang", "")
    if lang not in dict(settings.LANGUAGES):
        lang = settings.LANGUAGE_CODE
    with translation.override(lang):
        response = render(
            request,
            "sw.js",
            {
                "shell": [static(path) for path in SHELL],
                "outbox": static("js/outbox.js"),
                "lists": OFFLINE_LISTS,
                # What the server never records is never kept on a phone either (decision 0018).
                "unkept": idempotency.UNRECORDED,
                "version": settings.SHELL_VERSION,
            },
            content_type="text/javascript; charset=utf-8",
        )
    response["Cache-Control"] = "no-cache"
    return response
