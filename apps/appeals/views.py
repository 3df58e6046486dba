"""Appeal pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. Business rules live in services.py."""

import copy
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from apps.core import charts
from apps.core.exports import ledger_response
from apps.core.filters import sortable
from apps.core.forms import bound, forbidden_page, form_call, form_step
from apps.core.lists import is_filtered, options, sort_headers
from apps.core.middleware import no_session_write
from apps.core.pagination import paginate
from apps.orgs.selectors import department_choices

from . import selectors, services
from .choices import Status
from .errors import AppealError
from .exports import PRINT_LIMIT, WIDTHS, columns, ledger_rows
from .filters import AppealFilter
from .forms import (
    AcceptForm,
    AppealForm,
    InfoForm,
    MergeForm,
    RateForm,
    ReasonForm,
    ReassignForm,
    ReceiptForm,
    TextForm,
)
from .permissions import can_intake, is_owner, sees_ledger
from .receipts import client_key

SORTABLE = sortable(AppealFilter, "created_at", "due_at", "resolved_at")
TOP_UNITS = 30  # the figures page lists the units with the most appeals; the API lists all


def _appeal(request, pk: int):
    return selectors.appeal_get(user=request.user, pk=pk)


def _ledger_params(request) -> QueryDict:
    params = request.GET.copy()
    # A search is sorted best match first (decision 0011) unless a sort is chosen.
    if not params.get("ordering") and not params.get("q", "").strip():
        params["ordering"] = "-created_at"
    return params


def _ledger(request):
    params = _ledger_params(request)
    base = selectors.appeal_list(user=request.user)
    filterset = AppealFilter(params, queryset=base, request=request)
    return filterset, filterset.qs


# --- the ledger and "my appeals" --------------------------------------------------------------


@login_required
def appeal_list(request):
    """Cadres get the ledger (台账) of their scope; everyone else their own appeals."""
    user = request.user
    if not sees_ledger(user) or request.GET.get("mine"):
        return _my_appeals(request)
    filterset, qs = _ledger(request)
    without_status = _ledger_params(request)
    without_status.pop("status", None)
    counts = selectors.status_counts_for(
        user=user,
        params=without_status,
        qs=AppealFilter(
            without_status, queryset=selectors.appeal_list(user=user), request=request
        ).qs,
    )
    # The counts query already scanned the rows: the page count reuses it (no second scan).
    status = filterset.form.cleaned_data.get("status") if filterset.is_valid() else None
    page = paginate(qs, request.GET.get("page"), count=counts[status or "total"])
    query = request.GET.copy()
    query.pop("page", None)
    status_query = query.copy()
    status_query.pop("status", None)
    now = timezone.now()
    for a in page.object_list:
        a.overdue = a.status == Status.HANDLING and a.due_at is not None and a.due_at < now
    return render(
        request,
        "appeals/list.html",
        {
            "filterset": filterset,
            "page": page,
            "counts": counts,
            "statuses": [(s, label, counts.get(s, 0)) for s, label in Status.choices],
            "sort": {h["field"]: h for h in sort_headers(request, SORTABLE, default="-created_at")},
            "query": query.urlencode(),
            "status_query": status_query.urlencode(),
            "unit_options": options(department_choices(user=user), request.GET.get("unit")),
            "filtered": is_filtered(request),
            "my_person_id": user.person_id,
        },
    )


def _my_appeals(request):
    user = request.user
    qs = selectors.appeal_list(user=user).filter(submitter_id=user.person_id or -1, anonymous=False)
    page = paginate(qs.order_by("-created_at", "-pk"), request.GET.get("page"))
    return render(
        request,
        "appeals/mine.html",
        {"page": page, "ledger": sees_ledger(user)},
    )


@login_required
def appeal_export(request):
    """The ledger as .xlsx, in the ledger's columns, with the page's filters and scope."""
    if not sees_ledger(request.user):
        raise Http404
    _filterset, qs = _ledger(request)
    return ledger_response(
        request,
        qs,
        columns=columns(),
        name=_("急难愁盼诉求台账"),
        back=reverse("appeals:list") + "?" + request.GET.urlencode(),
        widths=WIDTHS,
    )


def _filter_labels(filterset, params) -> list[tuple[str, str]]:
    """The filters in force, in words (状态:办理中), for the printed ledger's heading."""
    shown = []
    for key, value in params.items():
        field = filterset.form.fields.get(key)
        # A value the form refused (?unit=abc) filters nothing, so it is not printed either.
        if not value or field is None or key == "ordering" or key in filterset.form.errors:
            continue
        if key == "unit":
            from apps.orgs.models import OrgUnit

            value = OrgUnit.objects.filter(pk=value).values_list("name", flat=True).first() or value
        elif getattr(field, "choices", None):
            value = dict((str(k), v) for k, v in field.choices).get(value, value)
        shown.append((str(field.label), str(value)))
    return shown


@login_required
def appeal_print(request):
    """A clean printable ledger table (the first PRINT_LIMIT rows of the filtered ledger)."""
    if not sees_ledger(request.user):
        raise Http404
    filterset, qs = _ledger(request)
    total = qs.count()
    rows = ledger_rows(qs[:PRINT_LIMIT])
    return render(
        request,
        "appeals/print.html",
        {
            "rows": rows,
            "total": total,
            "limit": PRINT_LIMIT,
            "truncated": total > PRINT_LIMIT,
            "printed_at": timezone.localtime(),
            "filters": _filter_labels(filterset, request.GET),
        },
    )


# --- submit ----------------------------------------------------------------------------------


@login_required
@never_cache
@no_session_write(methods=("POST",))
def appeal_create(request):
    """我要反映: one short form. Named and anonymous submits get the same answer (302 to the
    same page), and neither rewrites the session (docs/decisions/0007): an access log or the
    session table cannot tell which was which. The receipt code travels in the redirect's
    fragment, which the browser never sends back: the page shows it once from there."""

    def submit(data):
        _appeal, code = services.appeal_submit(
            actor=request.user,
            category=data["category"],
            title=data["title"],
            description=data["description"],
            urgency=data["urgency"],
            anonymous=data["anonymous"],
            files=data["files"],
        )
        return _submitted_url(code)

    return form_step(
        request, bound(request, AppealForm), handler=submit, template="appeals/form.html"
    )


SUBMITTED_FRAGMENT = 48  # characters after '#', named or anonymous


def _submitted_url(code: str | None) -> str:
    """Where a submit lands: one page, its fragment padded to one length, so that not even a
    log of the Location header tells a named submit from an anonymous one. The fragment is
    never sent back to the server; an anonymous one carries the receipt code and the batch."""
    fragment = ""
    if code:
        ready = timezone.localtime(services.batch_time(timezone.now()))
        fragment = urlencode({"receipt": code, "ready": f"{ready:%H:%M}"}) + "&"
    fragment += "_=" + "0" * max(0, SUBMITTED_FRAGMENT - len(fragment) - 2)
    return f"{reverse('appeals:submitted')}#{fragment}"


@login_required
@never_cache
@no_session_write
def appeal_submitted(request):
    """The one page every submit lands on; for an anonymous one its script shows the receipt
    code from the fragment, then drops the fragment so a reload or Back shows it no more."""
    return render(request, "appeals/submitted.html")


# --- one appeal ------------------------------------------------------------------------------


def _actions_for(user, appeal) -> list[dict]:
    return [{"name": name, **ACTIONS[name]} for name in services.actions_for(user, appeal)]


@login_required
def appeal_detail(request, pk: int):
    appeal = _appeal(request, pk)
    user = request.user
    staff = sees_ledger(user) or is_owner(user, appeal) or can_intake(user, appeal)
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "timeline": selectors.appeal_timeline(appeal, public_only=not staff),
            "attachments": list(selectors.appeal_attachments(appeal)),
            "actions": _actions_for(user, appeal),
            "staff": staff,
            "now": timezone.now(),
            # the original of a merged appeal is named (with its title and a link) only to
            # those who may open it: to its submitter it is another employee's appeal
            "sees_original": appeal.merged_into_id is not None
            and selectors.appeal_list(user=user).filter(pk=appeal.merged_into_id).exists(),
        },
    )


ACTIONS = {
    "accept": {"label": _l("受理交办"), "icon": "ti-check", "style": "primary"},
    "reassign": {"label": _l("改派"), "icon": "ti-arrows-exchange", "style": "outline-secondary"},
    "merge": {"label": _l("合并到重复诉求"), "icon": "ti-copy", "style": "outline-secondary"},
    "decline": {"label": _l("不予受理"), "icon": "ti-x", "style": "outline-danger"},
    "reply": {"label": _l("答复提交人"), "icon": "ti-message", "style": "outline-primary"},
    "note": {"label": _l("记录办理进展"), "icon": "ti-notes", "style": "outline-secondary"},
    "resolve": {"label": _l("办结答复"), "icon": "ti-circle-check", "style": "primary"},
    "rate": {"label": _l("评价满意度"), "icon": "ti-star", "style": "primary"},
    "reopen": {"label": _l("不满意,申请重办"), "icon": "ti-refresh", "style": "outline-danger"},
    "add_info": {"label": _l("补充情况"), "icon": "ti-plus", "style": "outline-secondary"},
}
ACTION_FORMS = {
    "accept": AcceptForm,
    "reassign": ReassignForm,
    "merge": MergeForm,
    "decline": ReasonForm,
    "reply": TextForm,
    "note": TextForm,
    "resolve": TextForm,
    "rate": RateForm,
    "reopen": ReasonForm,
    "add_info": InfoForm,
}
INTROS = {
    "accept": _l("指定责任单位和责任人。办结时限不填时按紧急程度自动计算(工作日)。"),
    "reassign": _l("改派后督办重新计时;办结时限不填则保持不变。"),
    "merge": _l("本诉求将关闭,并指向原诉求,由原诉求一并办理。"),
    "decline": _l("理由将告知提交人。"),
    "reply": _l("答复将告知提交人(匿名提交人凭回执码查看)。"),
    "note": _l("办理进展仅办理人员可见。"),
    "resolve": _l("办结答复将告知提交人,并请其评价满意度。"),
    "reopen": _l("每件诉求只能申请重办一次。"),
}


# Each step's service and the form fields it takes; a field named otherwise than the service's
# argument is in ARGUMENTS. Merge names the original by its number.
STEP_SERVICES = {
    "accept": (services.appeal_accept, ("owner_unit", "owner_no", "due_at", "note")),
    "reassign": (services.appeal_reassign, ("owner_unit", "owner_no", "due_at", "reason")),
    "merge": (services.appeal_merge, ()),
    "decline": (services.appeal_decline, ("reason",)),
    "reply": (services.appeal_reply, ("text",)),
    "note": (services.appeal_note, ("text",)),
    "resolve": (services.appeal_resolve, ("text",)),
    "rate": (services.appeal_rate, ("rating", "comment")),
    "reopen": (services.appeal_reopen, ("reason",)),
    "add_info": (services.appeal_add_info, ("text", "files")),
}
ARGUMENTS = {"owner_no": "owner_person"}


def _run(action: str, *, user, appeal, data):
    """Call the action's service with the parsed form data."""
    service, fields = STEP_SERVICES[action]
    kwargs = {ARGUMENTS.get(f, f): data.get(f) for f in fields}
    if action == "merge":
        kwargs["original"] = services.appeal_get_for_merge(user=user, number=data["original"])
    return service(actor=user, appeal=appeal, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_action(request, pk: int, action: str):
    """One workflow step on its own short page (one action per screen on a phone)."""
    if action not in ACTIONS:
        raise Http404
    appeal = _appeal(request, pk)
    user = request.user
    offered = {a["name"] for a in _actions_for(user, appeal)}
    if action not in offered and request.method == "GET":
        if action in services.allowed_actions(appeal):
            raise PermissionDenied
        messages.info(request, _("该诉求当前状态下不能进行此操作。"))
        return redirect("appeals:detail", pk=appeal.pk)
    kwargs = {"user": user} if action in ("accept", "reassign") else {}

    def step(data):
        _run(action, user=user, appeal=appeal, data=data)
        return reverse("appeals:detail", args=[appeal.pk])

    return form_step(
        request,
        bound(request, ACTION_FORMS[action], **kwargs),
        handler=forbidden_page(step),
        template="appeals/action.html",
        context={
            "appeal": appeal,
            "action": action,
            "meta": ACTIONS[action],
            "intro": INTROS.get(action, ""),
            "multipart": action == "add_info",
        },
        success=_("已%(action)s。") % {"action": ACTIONS[action]["label"]},
        aliases={"owner_person": "owner_no"},
    )


# --- receipt code (anonymous follow-up) ------------------------------------------------------

RECEIPT_ACTIONS = {
    "add_info": InfoForm,
    "rate": RateForm,
    "reopen": ReasonForm,
}


@never_cache
@no_session_write
@require_http_methods(["GET", "POST"])
def receipt(request):
    """Follow an anonymous appeal by its receipt code, logged in or not. Nothing is kept between
    requests (no session write, no cookie, no URL): the code travels in the form each time. A
    step is checked now and written by the next anonymous batch (services/anonymous.py)."""
    form = ReceiptForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "appeals/receipt.html", {"form": form})
    code = form.cleaned_data["code"]
    appeal, error = form_call(
        form, lambda: selectors.appeal_by_receipt(code=code, client=client_key(request))
    )
    if error is not None:
        # A code whose appeal waits for its batch answers 200 like any found code: a 202 in an
        # access log would say "this address submitted anonymously within the hour".
        status = 200 if error.code == AppealError.RECEIPT_PENDING else error.status
        return render(request, "appeals/receipt.html", {"form": form}, status=status)
    do = request.POST.get("do", "")
    notice = ""
    if do and do not in services.queued_actions_allowed(appeal, services.allowed_actions(appeal)):
        notice = _("该诉求当前状态下不能进行此操作。")
        do = ""
    forms = {}
    for name, form_class in RECEIPT_ACTIONS.items():
        bound = name == do
        forms[name] = form_class(
            request.POST if bound else None, request.FILES if bound else None, prefix=name
        )
    if do in RECEIPT_ACTIONS and forms[do].is_valid():
        data = forms[do].cleaned_data
        at, error = form_call(
            forms[do],
            lambda: services.appeal_queue_step(
                appeal=appeal, action=do, data=data, files=data.get("files") or ()
            ),
        )
        if error is None:
            notice = _("已收到,将于 %(at)s 随下一批匿名诉求写入。") % {
                "at": timezone.localtime(at).strftime("%H:%M")
            }
            forms = {name: cls(prefix=name) for name, cls in RECEIPT_ACTIONS.items()}
    allowed = services.queued_actions_allowed(appeal, services.allowed_actions(appeal))
    errors = any(f.errors for f in forms.values())
    return render(
        request,
        "appeals/receipt_detail.html",
        {
            "appeal": appeal,
            "code": code,
            "notice": notice,
            "pending": services.pending_for(appeal.receipt_digest),
            "timeline": selectors.appeal_timeline(appeal, public_only=True),
            # A merged appeal shows only how the original stands: its text, replies and
            # people belong to another employee.
            "original_status": appeal.merged_into.get_status_display()
            if appeal.merged_into_id
            else "",
            "forms": {k: f for k, f in forms.items() if k in allowed},
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- figures ---------------------------------------------------------------------------------


def _period(request):
    start, end = selectors.default_period()
    params = request.GET.copy()
    params.setdefault("received_from", start.isoformat())
    params.setdefault("received_to", end.isoformat())
    return params


def _link(base: dict, **extra) -> str:
    query = {k: v for k, v in {**base, **extra}.items() if v not in (None, "")}
    return reverse("appeals:list") + "?" + urlencode(query)


def figures_context(user, params) -> dict:
    filterset = AppealFilter(params, queryset=selectors.appeal_list(user=user))
    data = copy.deepcopy(selectors.figures_for(user=user, filterset=filterset))
    base = {
        k: params.get(k)
        for k in ("received_from", "received_to", "unit", "category", "urgency")
        if params.get(k)
    }
    t = data["totals"]
    t["links"] = {
        "received": _link(base),
        "closed": _link(base, done="true"),
        "on_time": _link(base, on_time="true"),
        "satisfied": _link(base, satisfied="true"),
    }
    for row in data["by_unit"]:
        row["link"] = _link(base, unit=row["owner_unit_id"]) if row["owner_unit_id"] else None
    for row in data["by_category"]:
        row["link"] = _link(base, category=row["category_id"])
    for row in data["by_month"]:
        month = row["month"]
        last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        row["link"] = _link(
            base,
            received_from=max(month.isoformat(), base.get("received_from", "")),
            received_to=min(last.isoformat(), base.get("received_to", "9999")),
        )
    months, categories = data["by_month"], data["by_category"]
    month_links = [r["link"] for r in months]
    charts_ = {
        "month": charts.bars(
            [r["month"].strftime("%Y-%m") for r in months],
            [
                {
                    "name": _("受理"),
                    "data": [r["received"] for r in months],
                    "links": month_links,
                    "colour": charts.RED,
                },
                {
                    "name": _("办结"),
                    "data": [r["closed"] for r in months],
                    "links": month_links,
                    "colour": charts.GREEN,
                },
            ],
        ),
        "category": charts.bars(
            [r["category__name"] for r in categories],
            [
                {
                    "name": _("受理"),
                    "data": [r["received"] for r in categories],
                    "links": [r["link"] for r in categories],
                    "colour": charts.RED,
                }
            ],
            horizontal=True,
        ),
    }
    charts_["category"]["yAxis"]["inverse"] = True  # the largest category on top
    return {"filterset": filterset, "data": data, "charts": charts_}


@login_required
def figures(request):
    if not sees_ledger(request.user):
        raise Http404
    params = _period(request)
    ctx = figures_context(request.user, params)
    ctx["unit_options"] = options(department_choices(user=request.user), request.GET.get("unit"))
    ctx["params"] = params
    units = ctx["data"]["by_unit"]
    ctx["top_units"], ctx["more_units"] = units[:TOP_UNITS], max(0, len(units) - TOP_UNITS)
    return render(request, "appeals/figures.html", ctx)
