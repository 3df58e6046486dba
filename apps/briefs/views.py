"""月度简报 pages: the archive with its request form, a brief's page (its progress bar while it
is made, then its downloads), and the downloads."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.forms import form_call
from apps.core.lists import list_page_context
from apps.core.progress import progress_context, progress_response

from . import selectors, services
from .filters import BriefFilter
from .forms import BriefRequestForm


@login_required
def brief_list(request, form=None):
    base = selectors.brief_list(user=request.user)
    ctx = list_page_context(request, BriefFilter, base, order=("-month", "-version", "-pk"))
    form = form or BriefRequestForm(user=request.user)
    return render(request, "briefs/list.html", {**ctx, "form": form})


@require_POST
@login_required
def brief_request(request):
    form = BriefRequestForm(request.POST, user=request.user)
    if form.is_valid():
        brief, refusal = form_call(
            form, lambda: services.brief_request(actor=request.user, **form.cleaned_data)
        )
        if refusal is None:
            return redirect("briefs:detail", brief.pk)
    return brief_list(request, form=form)


def _progress(brief) -> dict | None:
    live = services.brief_progress(brief)
    return progress_context(live["processed"], live["total"]) if live else None


@login_required
def brief_detail(request, pk: int):
    brief = selectors.brief_get(user=request.user, pk=pk)
    return render(request, "briefs/detail.html", {"brief": brief, "progress": _progress(brief)})


@login_required
def brief_progress(request, pk: int):
    brief = selectors.brief_get(user=request.user, pk=pk)
    progress = _progress(brief)
    return progress_response(
        request,
        running=progress is not None,
        template="briefs/_progress.html",
        context={"brief": brief, "progress": progress},
    )


@login_required
def brief_download(request, pk: int, kind: str):
    att = selectors.brief_file(user=request.user, pk=pk, kind=kind)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)
