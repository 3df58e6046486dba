"""Question banks: list, create, questions with filters, add one, import from Excel (preview
with every row error, then confirm: all or nothing), the template workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError

from .. import selectors, services
from ..exports import XLSX_CONTENT_TYPE
from ..filters import QuestionFilter
from ..forms import BankForm, ImportForm, QuestionForm
from ..permissions import managed_units
from ..services.banks import template_xlsx
from .common import cadre_only, form_error, found, paginate


@login_required
def bank_list(request):
    cadre_only(request.user)
    page = paginate(
        selectors.bank_list(user=request.user).order_by("-created_at", "-pk"),
        request.GET.get("page"),
    )
    return render(request, "learning/bank_list.html", {"page": page})


@login_required
def bank_create(request):
    cadre_only(request.user)
    form = BankForm(request.POST or None, units=managed_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            bank = services.bank_create(actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            return redirect("learning:bank", bank.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("新建题库")})


@login_required
def bank_detail(request, pk: int):
    bank = found(selectors.bank_get, user=request.user, pk=pk)
    filterset = QuestionFilter(
        request.GET or None, queryset=selectors.question_list(user=request.user, bank=bank)
    )
    page = paginate(filterset.qs.order_by("pk"), request.GET.get("page"))
    return render(
        request,
        "learning/bank_detail.html",
        {
            "bank": bank,
            "filterset": filterset,
            "page": page,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@login_required
def question_create(request, pk: int):
    bank = found(selectors.bank_get, user=request.user, pk=pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["options"] = [o for o in data["options"].splitlines()]
        try:
            services.question_create(actor=request.user, bank=bank, **data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("试题已添加。"))
            return redirect("learning:question_add", pk)
    return render(
        request, "learning/form.html", {"form": form, "title": _("添加试题"), "back": bank}
    )


@login_required
def bank_import(request, pk: int):
    """Upload a workbook: it is checked and shown; nothing is written yet."""
    bank = found(selectors.bank_get, user=request.user, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.bank_import_start(
                actor=request.user, bank=bank, upload=form.cleaned_data["upload"]
            )
        except DomainError as e:
            form_error(form, e)
        else:
            return redirect("learning:import", job.pk)
    return render(request, "learning/bank_import.html", {"form": form, "bank": bank})


@login_required
def import_detail(request, pk: int):
    job = found(selectors.import_get, user=request.user, pk=pk)
    return render(
        request,
        "learning/import_detail.html",
        {"job": job, "preview": job.rows[:20], "errors": job.errors[:500]},
    )


@login_required
@require_POST
def import_apply(request, pk: int):
    job = found(selectors.import_get, user=request.user, pk=pk)
    try:
        n = services.bank_import_confirm(actor=request.user, job=job)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("learning:import", pk)
    messages.success(request, _("已导入 %(n)d 道试题。") % {"n": n})
    return redirect("learning:bank", job.bank_id)


@login_required
def import_template(request):
    cadre_only(request.user)
    response = HttpResponse(template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="question-template.xlsx"'
    return response
