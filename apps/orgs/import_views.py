"""Roster import pages (upload → preview → confirm, with progress) and list exports to .xlsx."""

import secrets
from functools import partial

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.audit import audit_access
from apps.core.forms import action_step, upload_step
from apps.core.progress import progress_context, progress_response

from .masking import may_unmask
from .models import ListExport, Person, RosterImport, RosterImportRow
from .resources import (
    XLSX_CONTENT_TYPE,
    export_dataset,
    export_queryset,
    export_resource_for,
    to_xlsx,
)
from .roster.services import check_roster_admin, roster_import_confirm, roster_import_start
from .roster.xlsx import template_xlsx
from .tasks import apply_progress, list_export_run

PREVIEW_PAGE_SIZE = 50
EXPORT_DIRECT_LIMIT = 5000


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("名册文件(.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
        error_messages={
            "required": gettext_lazy("请选择要导入的 .xlsx 文件。"),
            "empty": gettext_lazy("文件是空的,请重新选择。"),
            "invalid": gettext_lazy("没有收到文件,请重新选择。"),
            "missing": gettext_lazy("没有收到文件,请重新选择。"),
        },
    )


def _job(request, pk: int) -> RosterImport:
    """An import job: only its own uploader sees it; to anyone else it does not exist."""
    check_roster_admin(request.user)
    return get_object_or_404(RosterImport.objects.visible_to(request.user), pk=pk)


@login_required
def import_start(request):
    check_roster_admin(request.user)
    return upload_step(
        request,
        RosterUploadForm,
        start=partial(roster_import_start, actor=request.user),
        detail="orgs:import_detail",
        template="orgs/import_start.html",
        jobs=RosterImport.objects.visible_to(request.user),
    )


@login_required
def import_template(request):
    check_roster_admin(request.user)
    response = HttpResponse(template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(_("名册导入模板") + ".xlsx")
    return response


def _progress(job: RosterImport) -> dict:
    processed, total = job.processed, job.total
    if job.status == RosterImport.Status.APPLYING:
        live = apply_progress(job) or {}
        processed, total = live.get("processed", 0), live.get("total", job.total * 2)
    return progress_context(processed, total)


@login_required
def import_detail(request, pk: int):
    job = _job(request, pk)
    show = request.GET.get("show", "")
    rows = RosterImportRow.objects.filter(job=job)
    if show in RosterImportRow.Action.values:
        rows = rows.filter(action=show)
    elif show == "":
        rows = rows.exclude(action=RosterImportRow.Action.UNCHANGED)
    page = Paginator(rows.order_by("row_no"), PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [
        ("", _("有变化或错误"), job.created_count + job.updated_count + job.error_count),
        ("error", _("错误"), job.error_count),
        ("create", _("新增"), job.created_count),
        ("update", _("更新"), job.updated_count),
        ("unchanged", _("无变化"), job.unchanged_count),
    ]
    return render(
        request,
        "orgs/import_detail.html",
        {"job": job, "page": page, "show": show, "tabs": tabs, "progress": _progress(job)},
    )


@login_required
def import_progress(request, pk: int):
    """The polled progress bar; once the job stops running the page reloads in its new state."""
    job = _job(request, pk)
    return progress_response(
        request,
        running=job.is_running,
        template="orgs/import_progress.html",
        context={"job": job, "progress": _progress(job)} if job.is_running else {},
    )


@login_required
@require_POST
def import_apply(request, pk: int):
    job = _job(request, pk)
    detail = reverse("orgs:import_detail", args=[job.pk])

    def apply():
        roster_import_confirm(actor=request.user, job=job)
        return detail

    return action_step(request, handler=apply, back=detail)


# ---------------------------------------------------------------- exports


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"


def _export(request, kind: str, title: str):
    qs = export_queryset(kind, request.user, request.GET)
    total = qs.count()
    if kind == ListExport.Kind.PEOPLE and total and may_unmask(request.user):
        audit_access(
            actor=request.user,
            model=Person,
            message=_("导出未脱敏人员名册(%(n)d 人)") % {"n": total},
            data={"query": request.GET.urlencode()},
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if total <= EXPORT_DIRECT_LIMIT:
        data = to_xlsx(export_dataset(export_resource_for(kind, request.user), qs))
        response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = _attachment(f"{title}-{stamp}.xlsx")
        return response
    export = ListExport.objects.create(
        token=secrets.token_hex(16),
        kind=kind,
        params={k: v for k, v in request.GET.lists() if k != "page"},
        total=total,
        created_by=request.user,
    )
    from django.db import transaction

    transaction.on_commit(lambda: list_export_run(export.pk))
    return redirect("orgs:export_detail", pk=export.pk)


@login_required
def person_export(request):
    """The person list as .xlsx, with the list's filters, in the user's scope."""
    return _export(request, ListExport.Kind.PEOPLE, _("人员名册"))


@login_required
def unit_export(request):
    """The unit list as .xlsx, with the list's filters, in the user's scope."""
    return _export(request, ListExport.Kind.UNITS, _("组织列表"))


def _export_job(request, pk: int) -> ListExport:
    return get_object_or_404(ListExport.objects.visible_to(request.user), pk=pk)


@login_required
def export_detail(request, pk: int):
    export = _export_job(request, pk)
    back = reverse("orgs:tree" if export.kind == ListExport.Kind.UNITS else "orgs:person_list")
    return render(request, "orgs/import_export_job.html", {**_export_context(export), "back": back})


def _export_context(export: ListExport) -> dict:
    return {"export": export, "progress": progress_context(export.processed, export.total)}


@login_required
def export_progress(request, pk: int):
    export = _export_job(request, pk)
    return progress_response(
        request,
        running=export.status == ListExport.Status.RUNNING,
        template="orgs/import_export_progress.html",
        context=_export_context(export),
    )


@login_required
def export_download(request, pk: int):
    export = _export_job(request, pk)
    if export.status != ListExport.Status.DONE or not export.file:
        raise Http404
    stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
    response = FileResponse(export.file.open("rb"), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(f"{export.get_kind_display()}-{stamp}.xlsx")
    return response
