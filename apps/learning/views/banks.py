"""Question banks: list, create, questions with filters, add one, import from Excel (preview
with every row error, then confirm: all or nothing), the template workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.forms import action_step, bound, form_step, service_handler
from apps.core.lists import list_page_context, xlsx_attachment
from apps.core.pagination import paginate

from .. import selectors, services
from ..filters import QuestionFilter
from ..forms import BankForm, ImportForm, QuestionForm
from ..permissions import managed_units
from ..services.banks import template_xlsx
from .common import cadre_only, form_page, tabs


@login_required
def bank_list(request):
    cadre_only(request.user)
    page = paginate(
        selectors.bank_list(user=request.user).order_by("-created_at", "-pk"),
        request.GET.get("page"),
    )
    return render(request, "learning/bank_list.html", {"page": page, "tabs": tabs(request.user)})


@login_required
def bank_create(request):
    cadre_only(request.user)
    return form_page(
        request,
        bound(request, BankForm, units=managed_units(request.user)),
        handler=service_handler(request, services.bank_create),
        title=_("新建题库"),
    )


@login_required
def bank_detail(request, pk: int):
    bank = selectors.bank_get(user=request.user, pk=pk)
    questions = selectors.question_list(user=request.user, bank=bank)
    return render(
        request,
        "learning/bank_detail.html",
        {
            "bank": bank,
            **list_page_context(request, QuestionFilter, questions, order=("pk",)),
        },
    )


@login_required
def question_create(request, pk: int):
    bank = selectors.bank_get(user=request.user, pk=pk)

    def create(data):
        data = {**data, "options": data["options"].splitlines()}
        services.question_create(actor=request.user, bank=bank, **data)
        return reverse("learning:question_add", args=[pk])

    return form_page(
        request,
        bound(request, QuestionForm),
        handler=create,
        title=_("添加试题"),
        success=_("试题已添加。"),
        back=bank,
    )


@login_required
def bank_import(request, pk: int):
    """Upload a workbook: it is checked and shown; nothing is written yet."""
    bank = selectors.bank_get(user=request.user, pk=pk)

    def start(data):
        job = services.bank_import_start(actor=request.user, bank=bank, upload=data["upload"])
        return reverse("learning:import", args=[job.pk])

    return form_step(
        request,
        bound(request, ImportForm),
        handler=start,
        template="learning/bank_import.html",
        context={"bank": bank},
    )


@login_required
def import_detail(request, pk: int):
    job = selectors.import_get(user=request.user, pk=pk)
    return render(
        request,
        "learning/import_detail.html",
        {"job": job, "preview": job.rows[:20], "errors": job.errors[:500]},
    )


@login_required
@require_POST
def import_apply(request, pk: int):
    job = selectors.import_get(user=request.user, pk=pk)

    def apply():
        n = services.bank_import_confirm(actor=request.user, job=job)
        messages.success(request, _("已导入 %(n)d 道试题。") % {"n": n})
        return job.bank.get_absolute_url()

    return action_step(request, handler=apply, back=reverse("learning:import", args=[pk]))


@login_required
def import_template(request):
    cadre_only(request.user)
    return xlsx_attachment(
        template_xlsx(), filename=f"{_('导入模板')}.xlsx", ascii_name="question-template.xlsx"
    )
