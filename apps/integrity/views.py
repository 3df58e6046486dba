"""党风廉政 pages. A report's pages exist only for the 纪委 that reaches its unit: anyone else,
the system administrator included, gets a 404 (selectors). Intake and the receipt pages keep
nothing that links a report to its sender: no session write, no idempotency record, no log
line (decision 0016)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from apps.accounts.choices import Role
from apps.appeals.receipts import client_key
from apps.core.forms import attempt, bound, form_call, form_step
from apps.core.lists import list_page_context
from apps.core.middleware import no_session_write
from apps.core.pages import Tab
from apps.core.timeline import timeline_rows
from apps.orgs.menu import CADRE_ROLES
from apps.orgs.models import OrgUnit
from apps.orgs.scope import has_role, role_prefixes, subtrees_q

from . import keyring, selectors, services
from .choices import ReportAction, ReportStatus
from .filters import KeyPostFilter, ReportFilter, RiskFilter, TalkFilter
from .forms import (
    AddForm,
    DisposeForm,
    HoldingForm,
    KeyPostForm,
    KeySetupForm,
    ReceiptForm,
    ReportForm,
    RiskForm,
    ShareForm,
    StepForm,
    TalkForm,
    UnlockForm,
)
from .models import IntegritySettings, PostHolding
from .uploads import memory_uploads

FORM = "integrity/form.html"


def tabs(user) -> list[Tab]:
    rows = [
        Tab("report", _("我要举报"), reverse("integrity:report_new"), "ti-mail-forward"),
        Tab("receipt", _("查询举报"), reverse("integrity:receipt"), "ti-search"),
    ]
    if getattr(user, "is_authenticated", False):
        rows.append(Tab("pledge", _("廉洁承诺"), reverse("integrity:pledge"), "ti-signature"))
    if has_role(user, *CADRE_ROLES):
        rows += [
            Tab("posts", _("关键岗位"), reverse("integrity:post_list"), "ti-briefcase"),
            Tab("risks", _("廉政风险点"), reverse("integrity:risk_list"), "ti-alert-triangle"),
            Tab("education", _("廉政教育"), reverse("integrity:education"), "ti-school"),
        ]
    if services.is_handler(user):
        rows += [
            Tab("reports", _("举报受理"), reverse("integrity:report_list"), "ti-lock"),
            Tab("talks", _("谈话记录"), reverse("integrity:talk_list"), "ti-messages"),
            Tab("access", _("查阅日志"), reverse("integrity:access_log"), "ti-list-check"),
        ]
    return rows


def _companies():
    return OrgUnit.objects.alive().filter(depth=1).order_by("path")


@login_required
def home(request):
    if services.is_handler(request.user):
        return redirect("integrity:report_list")
    if has_role(request.user, *CADRE_ROLES):
        return redirect("integrity:risk_list")
    return redirect("integrity:report_new")


# --- intake ----------------------------------------------------------------------------------


@memory_uploads
@never_cache
@login_required
@no_session_write(methods=("POST",))
@require_http_methods(["GET", "POST"])
def report_new(request):
    """Anyone reports, named or anonymous; the receipt code is shown on this answer only.
    Named and anonymous get the same answer (the same page, the same status)."""
    units = _companies()
    form = bound(request, ReportForm, units=units)
    if units.count() == 1 and not form.is_bound:
        form.initial["unit"] = units.first()

    def handler(data):
        _report, code = services.report_submit(
            unit=data["unit"],
            text=data["text"],
            named=data["named"],
            name=data.get("name", ""),
            contact=data.get("contact", ""),
            files=data.get("files") or [],
        )
        return render(
            request, "integrity/submitted.html", {"code": code, "tabs": tabs(request.user)}
        )

    return form_step(
        request,
        form,
        handler=handler,
        template="integrity/report_form.html",
        context=lambda: {"tabs": tabs(request.user), "tab": "report"},
    )


@memory_uploads
@never_cache
@no_session_write
@require_http_methods(["GET", "POST"])
def receipt(request):
    """Follow a report by its receipt code, logged in or not; the code travels in the form
    each time, never in a URL or the session. Wrong codes are counted per client."""
    form = ReceiptForm(request.POST if request.method == "POST" else None)
    ctx = {"form": form, "tabs": tabs(request.user), "tab": "receipt"}
    if request.method != "POST" or not form.is_valid():
        return render(request, "integrity/receipt.html", ctx, status=400 if form.errors else 200)
    code = form.cleaned_data["code"]
    report, error = form_call(
        form, lambda: services.report_by_code(code=code, client=client_key(request))
    )
    if error is not None:
        return render(request, "integrity/receipt.html", ctx, status=error.status)
    adding = request.POST.get("do") == "add"
    add = AddForm(
        request.POST if adding else None, request.FILES if adding else None, initial={"code": code}
    )
    notice = ""
    if add.is_bound and add.is_valid():
        _entry, error = form_call(
            add,
            lambda: services.report_add(
                report=report,
                text=add.cleaned_data["text"],
                files=add.cleaned_data.get("files") or [],
            ),
        )
        if error is None:
            notice = _("补充材料已加密送达纪委。")
            add = AddForm(initial={"code": code})
    return render(
        request,
        "integrity/receipt_detail.html",
        {
            **ctx,
            "report": report,
            "add": add,
            "code": code,
            "notice": notice,
            "can_add": report.status != ReportStatus.CLOSED,
        },
        status=400 if add.errors else 200,
    )


# --- the 纪委's desk -------------------------------------------------------------------------


def _handler_only(request):
    """Anyone but a 纪委 handler: as if the page did not exist."""
    if not services.is_handler(request.user):
        raise Http404


def _key_state(request):
    key = selectors.handler_key(request.user)
    private = keyring.unlocked(request, key.pk if key else None)
    return key, private


@login_required
def report_list(request):
    _handler_only(request)
    qs = selectors.report_list(user=request.user)
    key, private = _key_state(request)
    ctx = list_page_context(request, ReportFilter, qs, order=("-received_on", "ref"))
    today = timezone.localdate()
    for r in ctx["page"].object_list:
        r.overdue = r.is_overdue(today)
    return render(
        request,
        "integrity/report_list.html",
        {
            **ctx,
            "counts": selectors.report_counts(qs),
            "key": key,
            "unlocked": private is not None,
            "tabs": tabs(request.user),
            "tab": "reports",
        },
    )


STEP_FORMS = {
    ReportAction.REGISTER: (StepForm, _("登记")),
    ReportAction.ASSESS: (StepForm, _("研判")),
    ReportAction.DISPOSE: (DisposeForm, _("确定处置方式")),
    ReportAction.NOTE: (StepForm, _("办理记录")),
    ReportAction.CLOSE: (StepForm, _("办结")),
}


def _step_buttons(report) -> list[tuple[str, str]]:
    return [
        (action, str(STEP_FORMS[action][1]))
        for action, (sources, _target) in services.STEPS.items()
        if report.status in sources
    ]


def _sealed(request, opener) -> dict:
    """A sealed record's page parts: the handler's key, the unlock form, and the record opened
    with the unlocked key (`opener(actor=, key=, private=)`, logged by the service); a refusal
    (a wrong key, a broken chain) is the page's message."""
    key, private = _key_state(request)
    opened = None
    if private is not None:
        opened, _refusal = attempt(
            request, lambda: opener(actor=request.user, key=key, private=private)
        )
    return {"key": key, "opened": opened, "unlock": UnlockForm()}


@never_cache
@login_required
def report_detail(request, pk: int):
    _handler_only(request)
    report = selectors.report_get(user=request.user, pk=pk)
    return render(
        request,
        "integrity/report_detail.html",
        {
            "report": report,
            **_sealed(request, partial(services.report_open, report=report)),
            "events": selectors.report_events(report),
            "buttons": _step_buttons(report),
            "overdue": report.is_overdue(),
            "tabs": tabs(request.user),
            "tab": "reports",
        },
    )


def _download(name: str, content_type: str, data: bytes) -> HttpResponse:
    """A decrypted file as an attachment the browser neither caches nor sniffs."""
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
def report_file(request, pk: int, file_pk: int):
    """Download one of a report's files, decrypted for the unlocked handler (logged)."""
    _handler_only(request)
    report = selectors.report_get(user=request.user, pk=pk)
    row = selectors.report_file_get(user=request.user, report=report, pk=file_pk)
    key, private = _key_state(request)
    if private is None:
        return redirect(reverse("integrity:key") + "?next=" + report.get_absolute_url())
    opened, refusal = attempt(
        request,
        lambda: services.file_open(actor=request.user, file=row, key=key, private=private),
    )
    if refusal:
        return redirect(report.get_absolute_url())
    return _download(*opened)


@login_required
def report_step(request, pk: int, step: str):
    _handler_only(request)
    report = selectors.report_get(user=request.user, pk=pk)
    if step not in STEP_FORMS:
        raise Http404
    form_class, title = STEP_FORMS[step]
    form = bound(request, form_class)

    def handler(data):
        services.report_step(
            actor=request.user,
            report=report,
            action=step,
            note=data.get("note", ""),
            disposition=data.get("disposition", ""),
            due_on=data.get("due_on"),
        )
        return report.get_absolute_url()

    return form_step(
        request,
        form,
        handler=handler,
        template=FORM,
        context={"title": f"{title} · {report.ref}", "back": report.get_absolute_url()},
        success=_("已保存。"),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def key_page(request):
    """Set the key (first time), unlock it for this session, or lock it again."""
    _handler_only(request)
    key, private = _key_state(request)
    back = request.GET.get("next") or reverse("integrity:report_list")
    if not back.startswith("/integrity/"):
        back = reverse("integrity:report_list")
    if request.method == "POST" and request.POST.get("do") == "lock":
        response = redirect("integrity:report_list")
        keyring.forget(request, response)
        return response
    if key is None:
        form = bound(request, KeySetupForm)
        return form_step(
            request,
            form,
            handler=lambda d: (
                services.handler_key_create(
                    actor=request.user, passphrase=d["passphrase"], confirm=d["confirm"]
                )
                and back
            ),
            template="integrity/key.html",
            context={"setup": True, "tabs": tabs(request.user), "tab": "reports"},
            success=_("受理密钥已设置。请牢记口令:口令遗失无法找回,只能由其他纪委人员重新开通。"),
        )
    form = bound(request, UnlockForm)
    if form.is_bound and form.is_valid():
        unlocked, refusal = form_call(
            form,
            lambda: services.handler_unlock(
                actor=request.user, passphrase=form.cleaned_data["passphrase"]
            ),
        )
        if refusal is None:
            key, private = unlocked
            response = redirect(back)
            keyring.remember(request, response, key_id=key.pk, private=private)
            return response
    return render(
        request,
        "integrity/key.html",
        {
            "form": form,
            "key": key,
            "unlocked": private is not None,
            "expires": keyring.expires_in(request) // 60,
            "tabs": tabs(request.user),
            "tab": "reports",
        },
        status=400 if form.errors else 200,
    )


@login_required
def share_page(request):
    """Open every report this handler reads to another handler (a new member of the 纪委)."""
    _handler_only(request)
    key, private = _key_state(request)
    if private is None:
        return redirect(reverse("integrity:key") + "?next=" + request.path)
    form = bound(request, ShareForm, keys=selectors.other_handlers(user=request.user))
    return form_step(
        request,
        form,
        handler=lambda d: (
            services.report_share(actor=request.user, private=private, key=key, to=d["to"])
            is not None
            and reverse("integrity:report_list")
        ),
        template=FORM,
        context={
            "title": _("为其他纪委人员开通查阅"),
            "intro": _("将您能查阅的举报再加密一份给所选人员的密钥。"),
            "back": reverse("integrity:report_list"),
        },
        success=_("已开通。"),
    )


@login_required
def access_log(request):
    _handler_only(request)
    rows = selectors.access_list(user=request.user)
    result = selectors.access_verify() if request.GET.get("verify") else None
    return render(
        request,
        "integrity/access_log.html",
        {
            "rows": rows[:200],
            "result": result,
            "tabs": tabs(request.user),
            "tab": "access",
        },
    )


# --- key posts, risk points, pledges ---------------------------------------------------------


@login_required
def post_list(request):
    ctx = list_page_context(
        request,
        KeyPostFilter,
        selectors.key_post_list(user=request.user),
        order=("unit__path", "name"),
    )
    return render(
        request,
        "integrity/post_list.html",
        {
            **ctx,
            "can_edit": services.can_edit_posts(request.user),
            "tabs": tabs(request.user),
            "tab": "posts",
        },
    )


@login_required
def post_detail(request, pk: int):
    post = selectors.key_post_get(user=request.user, pk=pk)
    years = IntegritySettings.current().rotation_years
    today = timezone.localdate()
    holdings = list(selectors.holdings_of(post))
    for h in holdings:
        h.in_post = h.years(today)
        h.rotation_due = h.in_post >= years
    return render(
        request,
        "integrity/post_detail.html",
        {
            "post": post,
            "holdings": holdings,
            "risks": post.risks.filter(deleted_at=None).select_related("owner"),
            "rotation_years": years,
            "can_edit": services.can_edit_posts(request.user, post.unit),
            "timeline": timeline_rows(post),
            "tabs": tabs(request.user),
            "tab": "posts",
        },
    )


@login_required
def risk_list(request):
    ctx = list_page_context(
        request,
        RiskFilter,
        selectors.risk_list(user=request.user),
        order=("next_review_on", "pk"),
    )
    today = timezone.localdate()
    for r in ctx["page"].object_list:
        r.due = r.is_due(today)
    return render(
        request,
        "integrity/risk_list.html",
        {
            **ctx,
            "chart": selectors.risk_chart(ctx["filterset"].qs),
            "tabs": tabs(request.user),
            "tab": "risks",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_detail(request, pk: int):
    risk = selectors.risk_get(user=request.user, pk=pk)
    can_review = has_role(request.user, Role.DISCIPLINE, unit=risk.post.unit)
    if request.method == "POST" and can_review:
        services.risk_review(actor=request.user, risk=risk)
        return redirect(risk.get_absolute_url())
    return render(
        request,
        "integrity/risk_detail.html",
        {
            "risk": risk,
            "due": risk.is_due(),
            "can_review": can_review,
            "can_edit": services.can_edit_posts(request.user, risk.post.unit),
            "timeline": timeline_rows(risk),
            "tabs": tabs(request.user),
            "tab": "risks",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge(request):
    year = timezone.localdate().year
    conf = IntegritySettings.current()
    mine = selectors.my_pledge(user=request.user, year=year)
    if request.method == "POST":
        attempt(
            request,
            lambda: services.pledge_sign(actor=request.user),
            success=_("已签署 %(y)s 年度廉洁承诺。") % {"y": year},
        )
        return redirect("integrity:pledge")
    signed = None
    if has_role(request.user, *CADRE_ROLES):
        signed = selectors.pledge_list(user=request.user).filter(year=year).count()
    return render(
        request,
        "integrity/pledge.html",
        {
            "year": year,
            "text": conf.pledge_text if conf.pledge_year == year else "",
            "mine": mine,
            "signed": signed,
            "tabs": tabs(request.user),
            "tab": "pledge",
        },
    )


# --- 谈话提醒 and 诫勉谈话 (the 纪委 only) ------------------------------------------------------


@login_required
def talk_list(request):
    _handler_only(request)
    ctx = list_page_context(
        request, TalkFilter, selectors.talk_list(user=request.user), order=("-on", "pk")
    )
    return render(
        request,
        "integrity/talk_list.html",
        {**ctx, "tabs": tabs(request.user), "tab": "talks"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def talk_new(request):
    _handler_only(request)
    form = bound(request, TalkForm)
    if not form.is_bound:
        form.initial["on"] = timezone.localdate().isoformat()
    return form_step(
        request,
        form,
        handler=lambda d: services.talk_create(actor=request.user, **d).get_absolute_url(),
        template="integrity/talk_form.html",
        context=lambda: {
            "title": _("登记谈话"),
            "back": reverse("integrity:talk_list"),
            "tabs": tabs(request.user),
            "tab": "talks",
        },
        success=_("谈话记录已加密保存。"),
    )


@never_cache
@login_required
def talk_detail(request, pk: int):
    _handler_only(request)
    talk = selectors.talk_get(user=request.user, pk=pk)
    return render(
        request,
        "integrity/talk_detail.html",
        {
            "talk": talk,
            **_sealed(request, partial(services.talk_open, talk=talk)),
            "tabs": tabs(request.user),
            "tab": "talks",
        },
    )


# --- editing key posts, holders and risk points (纪委 cadres of the scope) --------------------


def _editor_only(request, unit=None):
    if not services.can_edit_posts(request.user, unit):
        raise Http404


def _reached_units(user):
    prefixes = role_prefixes(user, Role.DISCIPLINE)
    return OrgUnit.objects.alive().filter(subtrees_q(prefixes)).order_by("path")


def _edit_page(request, form, handler, *, title, back, tab="posts"):
    return form_step(
        request,
        form,
        handler=handler,
        template=FORM,
        context=lambda: {"title": title, "back": back, "tabs": tabs(request.user), "tab": tab},
        success=_("已保存。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_new(request):
    _editor_only(request)
    form = bound(request, KeyPostForm, units=_reached_units(request.user))
    return _edit_page(
        request,
        form,
        lambda d: services.key_post_create(actor=request.user, **d).get_absolute_url(),
        title=_("新增关键岗位"),
        back=reverse("integrity:post_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = selectors.key_post_get(user=request.user, pk=pk)
    _editor_only(request, post.unit)
    initial = {"name": post.name, "category": post.category, "unit": post.unit}
    initial["duties"] = post.duties
    form = bound(request, KeyPostForm, units=_reached_units(request.user), initial=initial)
    return _edit_page(
        request,
        form,
        lambda d: services.key_post_update(actor=request.user, post=post, **d).get_absolute_url(),
        title=_("编辑关键岗位"),
        back=post.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def holding_new(request, pk: int):
    post = selectors.key_post_get(user=request.user, pk=pk)
    _editor_only(request, post.unit)
    form = bound(request, HoldingForm)
    return _edit_page(
        request,
        form,
        lambda d: (
            services.holding_add(actor=request.user, post=post, **d) and post.get_absolute_url()
        ),
        title=_("添加在岗人员 · %(p)s") % {"p": post.name},
        back=post.get_absolute_url(),
    )


@login_required
@require_http_methods(["POST"])
def holding_end(request, pk: int, holding_pk: int):
    post = selectors.key_post_get(user=request.user, pk=pk)
    _editor_only(request, post.unit)
    holding = PostHolding.objects.filter(post=post, pk=holding_pk, until=None).first()
    if holding is None:
        raise Http404
    attempt(
        request,
        lambda: services.holding_end(actor=request.user, holding=holding),
        success=_("已登记离岗。"),
    )
    return redirect(post.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def risk_new(request, pk: int):
    post = selectors.key_post_get(user=request.user, pk=pk)
    _editor_only(request, post.unit)
    form = bound(request, RiskForm, initial={"review_months": 12})
    return _edit_page(
        request,
        form,
        lambda d: services.risk_create(actor=request.user, post=post, **d).get_absolute_url(),
        title=_("新增廉政风险点 · %(p)s") % {"p": post.name},
        back=post.get_absolute_url(),
        tab="risks",
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request, pk: int):
    risk = selectors.risk_get(user=request.user, pk=pk)
    _editor_only(request, risk.post.unit)
    initial = {
        "title": risk.title,
        "level": risk.level,
        "controls": risk.controls,
        "owner": risk.owner.employee_no,
        "review_months": risk.review_months,
        "next_review_on": risk.next_review_on.isoformat(),
    }
    form = bound(request, RiskForm, initial=initial)
    return _edit_page(
        request,
        form,
        lambda d: services.risk_update(actor=request.user, risk=risk, **d).get_absolute_url(),
        title=_("编辑廉政风险点"),
        back=risk.get_absolute_url(),
        tab="risks",
    )


# --- 廉政教育 coverage ------------------------------------------------------------------------


def _year(request) -> int:
    from django import forms

    field = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    try:
        return field.clean(request.GET.get("year")) or timezone.localdate().year
    except forms.ValidationError:
        return timezone.localdate().year


@login_required
def education(request):
    """Coverage of 廉政教育 by department and by key post; a figure's link lists who is
    missing."""
    from apps.core.params import query_id

    if not has_role(request.user, *CADRE_ROLES):
        raise Http404
    year = _year(request)
    coverage = selectors.education_coverage(user=request.user, year=year)
    unit_id, post_id = query_id(request.GET, "unit"), query_id(request.GET, "post")
    missing = None
    if unit_id is not None or post_id is not None or request.GET.get("missing"):
        missing = selectors.education_missing(coverage, unit_id=unit_id, post_id=post_id)
    return render(
        request,
        "integrity/education.html",
        {
            "coverage": coverage,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "missing": missing,
            "missing_unit": next((u for u in coverage["units"] if u["id"] == unit_id), None),
            "missing_post": next((p for p in coverage["posts"] if p["id"] == post_id), None),
            "chart": selectors.education_chart(coverage) if coverage["units"] else None,
            "tabs": tabs(request.user),
            "tab": "education",
        },
    )
