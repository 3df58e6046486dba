"""Hazard pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. The rules live in services.py and permissions.py."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core.charts import GREEN, ORANGE, RED, bars, pie
from apps.core.filters import sortable
from apps.core.forms import (
    Step,
    bound,
    form_step,
    service_step,
    settings_step,
    step_buttons,
    step_view,
)
from apps.core.lists import (
    Ledger,
    export_url,
    options,
    sort_headers,
    status_links,
)
from apps.core.pages import Tab
from apps.core.pagination import paginate
from apps.core.params import parse_day, query_id, query_row
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit
from apps.orgs.scope import units_reached

from . import selectors, services
from .choices import HazardAction, HazardLevel, HazardStatus
from .exports import columns
from .filters import HazardFilter
from .forms import (
    ConfirmForm,
    InspectionForm,
    PolicyForm,
    RectifyForm,
    RejectForm,
    ReportForm,
    ReturnForm,
    VerifyForm,
)
from .models import HazardPolicy
from .permissions import can_manage_hazards, can_rectify, can_set_policy, is_cadre

SORTABLE = sortable(HazardFilter, "reported_at", "level", "status", "due_at")


def hazard_tabs(user, tab: str) -> list[Tab]:
    """The area's tab bar: 随手拍 first, the ledger and figures for cadres."""
    rows = [
        Tab("report", _("随手拍"), reverse("hazards:report"), icon="camera", primary=True),
        Tab("mine", _("我上报的"), reverse("hazards:mine")),
    ]
    if is_cadre(user):
        rows += [
            Tab("ledger", _("隐患台账"), reverse("hazards:list")),
            Tab("figures", _("统计"), reverse("hazards:figures")),
        ]
    rows.append(Tab("inspections", _("检查活动"), reverse("hazards:inspection_list")))
    if can_set_policy(user):
        rows.append(Tab("policy", _("设置"), reverse("hazards:policy")))
    return rows


LEDGER = Ledger(HazardFilter, selectors.hazard_list, ("-reported_at", "-pk"), "hazards:list")


# --- ledger and my reports --------------------------------------------------------------------


@login_required
def hazard_list(request):
    """The ledger for cadres and the safety unit; an employee goes to their own reports."""
    user = request.user
    if not is_cadre(user):
        return redirect("hazards:mine")
    ctx = LEDGER.context(request)
    now = timezone.now()
    for h in ctx["page"].object_list:
        h.overdue = h.is_overdue(now)
    statuses = status_links(
        request,
        HazardFilter,
        selectors.hazard_list(user=user),
        choices=HazardStatus.choices,
        count=lambda qs: selectors.status_counts(qs, now=now),
    )
    inspections = (
        selectors.inspection_list(user=user).select_related(None).only("pk", "title")[:100]
    )
    return render(
        request,
        "hazards/list.html",
        {
            **ctx,
            **statuses,
            "sort_headers": sort_headers(request, SORTABLE),
            "unit_options": options(selectors.unit_choices(user=user), request.GET.get("unit")),
            "inspection_options": options(
                inspections, request.GET.get("inspection"), label=lambda r: r.title
            ),
            "export_url": export_url(request, "hazards:export"),
            "can_manage": can_manage_hazards(user),
            "tabs": hazard_tabs(user, "ledger"),
            "tab": "ledger",
        },
    )


@login_required
def hazard_export(request):
    """The ledger as .xlsx with the page's filters, in the user's scope."""
    return LEDGER.export(
        request,
        columns=columns(),
        name=_("隐患台账"),
        shape=lambda qs: qs.select_related(
            "unit", "inspection", "reporter", "owner_unit", "owner_person"
        ),
    )


@login_required
def mine(request):
    """What an employee needs on a phone: the report button, hazards to rectify, own reports."""
    user = request.user
    page = paginate(
        selectors.my_reports(user=user).order_by("-reported_at", "-pk"), request.GET.get("page")
    )
    return render(
        request,
        "hazards/mine.html",
        {
            "page": page,
            "assigned": list(selectors.my_assignments(user=user).order_by("due_at")[:20]),
            "is_cadre": is_cadre(user),
            "now": timezone.now(),
            "tabs": hazard_tabs(user, "mine"),
            "tab": "mine",
        },
    )


# --- report -----------------------------------------------------------------------------------


@login_required
def hazard_report(request):
    """随手拍: a short phone form; the hazard belongs to the reporter's team by default."""
    user = request.user
    person = user.person
    own = [u for u in (person.team, person.department) if u] if person else []
    units = selectors.unit_choices(user=user)
    if own:
        units = OrgUnit.objects.alive().filter(
            Q(pk__in=units.values("pk")) | Q(pk__in=[u.pk for u in own])
        )
    units = units.order_by("path").only("pk", "name", "path")
    initial = {"level": HazardLevel.GENERAL, "unit": own[0].pk if own else None}
    asked = query_id(request.GET, "inspection")
    recent = Q(date__gte=timezone.localdate() - timedelta(days=90))
    if asked:
        initial["inspection"] = asked
        recent |= Q(pk=asked)
    # Recent inspections the user takes part in (or that cover their reach), for a short list.
    inspections = selectors.inspection_list(user=user).filter(recent).order_by("-date")
    form = bound(request, ReportForm, units=units, inspections=inspections, initial=initial)

    def report(data):
        hazard = services.hazard_report(
            actor=user,
            place=data["place"],
            description=data["description"],
            level=data["level"],
            unit=data["unit"],
            inspection=data.get("inspection"),
            photos=request.FILES.getlist("photos"),
        )
        messages.success(
            request,
            _("已上报,编号 %(no)s。安全管理部门确认后会通知您。") % {"no": hazard.number},
        )
        return hazard.get_absolute_url()

    return form_step(request, form, handler=report, template="hazards/report.html")


# --- a hazard ---------------------------------------------------------------------------------


@login_required
def hazard_detail(request, pk: int):
    hazard = selectors.hazard_get(user=request.user, pk=pk)
    allowed = services.allowed_actions(hazard.status)
    buttons = [(name, css) for name, action, css in BUTTONS if action in allowed]
    actions = step_buttons(STEPS, request.user, hazard, buttons)
    return render(
        request,
        "hazards/detail.html",
        {
            "hazard": hazard,
            "photos": selectors.photos_of(hazard),
            "timeline": selectors.timeline(hazard=hazard),
            "actions": actions,
            "overdue": hazard.is_overdue(),
        },
    )


def _confirm_kwargs(user, hazard):
    options = selectors.unit_choices(user=user, teams_under=hazard.unit)
    options = OrgUnit.objects.alive().filter(Q(pk__in=options.values("pk")) | Q(pk=hazard.unit_id))
    return {
        "units": options.order_by("path"),
        "initial": {"level": hazard.level, "owner_unit": hazard.unit_id},
    }


STEPS = {
    "confirm": Step(
        ConfirmForm,
        form_kwargs=_confirm_kwargs,
        allowed=can_manage_hazards,
        title=_l("确认并交办"),
        intro=_l("确认这是隐患,指定整改责任单位和期限;交办后纳入督办。"),
        service=services.hazard_confirm,
    ),
    "reject": Step(
        RejectForm,
        allowed=can_manage_hazards,
        title=_l("不予确认"),
        intro=_l("经核查不属于隐患时使用;上报人会看到理由。"),
        service=services.hazard_reject,
    ),
    "rectify": Step(
        RectifyForm,
        allowed=can_rectify,
        title=_l("提交整改"),
        intro=_l("写明整改措施并拍下整改后的现场,提交后由安全管理部门验收。"),
        service=services.hazard_rectify,
    ),
    "verify": Step(
        VerifyForm,
        allowed=can_manage_hazards,
        title=_l("验收通过"),
        intro=_l("现场整改到位,验收后隐患闭环、退出督办。"),
        service=services.hazard_verify,
    ),
    "return": Step(
        ReturnForm,
        allowed=can_manage_hazards,
        title=_l("退回重改"),
        intro=_l("整改不到位时退回;责任人重新整改,督办继续。"),
        service=services.hazard_return,
    ),
}


# Each step's button on a hazard's page, and the action of the state machine that admits it.
BUTTONS = (
    ("confirm", HazardAction.CONFIRM, "btn-primary"),
    ("reject", HazardAction.CONFIRM, "btn-outline-secondary"),
    ("rectify", HazardAction.RECTIFY, "btn-primary"),
    ("verify", HazardAction.VERIFY, "btn-primary"),
    ("return", HazardAction.VERIFY, "btn-outline-danger"),
)


hazard_step = step_view(
    STEPS, get=selectors.hazard_get, record_kw="hazard", template="hazards/action.html"
)


# --- figures ----------------------------------------------------------------------------------


MAX_PERIOD_DAYS = 3 * 366


def figure_params(user, params) -> tuple[selectors.Period, OrgUnit | None]:
    """The period (default: twelve months up to today) and the unit from a query string;
    bad values fall back to the defaults instead of failing."""
    period = selectors.default_period()
    start, end = parse_day(params.get("start")), parse_day(params.get("end"))
    if start:
        period.start = start
    if end:
        period.end = end
    if period.start > period.end:
        period.start, period.end = period.end, period.start
    if (period.end - period.start).days > MAX_PERIOD_DAYS:  # at most three years of months
        period.start = (period.end - timedelta(days=MAX_PERIOD_DAYS)).replace(day=1)
    return period, query_row(selectors.unit_choices(user=user), params, "unit")


@login_required
def hazard_figures(request):
    user = request.user
    if not is_cadre(user):
        raise Http404
    period, unit = figure_params(user, request.GET)
    data = selectors.figures_cached(user=user, period=period, unit=unit)
    months = [m["month"] for m in data["by_month"]]
    charts = {
        "months": bars(
            months,
            [
                {
                    "name": _("发现"),
                    "data": [m["found"] for m in data["by_month"]],
                    "links": [m["links"]["found"] for m in data["by_month"]],
                    "colour": RED,
                },
                {
                    "name": _("整改验收"),
                    "data": [m["rectified"] for m in data["by_month"]],
                    "links": [m["links"]["rectified"] for m in data["by_month"]],
                    "colour": GREEN,
                },
            ],
        ),
        "levels": pie(
            _("未闭环"),
            [
                {"name": r["label"], "value": r["count"], "link": r["link"]}
                for r in data["open_by_level"]
            ],
            colours=("#f59f00", ORANGE, "#d63939"),
        ),
    }
    return render(
        request,
        "hazards/figures.html",
        {
            "data": data,
            "charts": charts,
            "tabs": hazard_tabs(user, "figures"),
            "tab": "figures",
            "period": period,
            "unit": unit,
            "unit_options": options(selectors.unit_choices(user=user), unit.pk if unit else None),
        },
    )


# --- inspections ------------------------------------------------------------------------------


@login_required
def inspection_list(request):
    user = request.user
    qs = selectors.inspection_list(user=user).order_by("-date", "-pk")
    page = paginate(qs, request.GET.get("page"))
    counts = selectors.inspection_finding_counts(user=user, ids=[i.pk for i in page.object_list])
    for i in page.object_list:
        i.finding_counts = counts.get(i.pk, {"total": 0, "open": 0, "rectified": 0})
    return render(
        request,
        "hazards/inspection_list.html",
        {
            "page": page,
            "can_create": can_manage_hazards(user),
            "tabs": hazard_tabs(user, "inspections"),
            "tab": "inspections",
        },
    )


@login_required
def inspection_detail(request, pk: int):
    user = request.user
    inspection = selectors.inspection_get(user=user, pk=pk)
    findings = selectors.hazard_list(user=user).filter(inspection=inspection)
    page = paginate(findings.order_by("-reported_at", "-pk"), request.GET.get("page"))
    now = timezone.now()
    for h in page.object_list:
        h.overdue = h.is_overdue(now)
    return render(
        request,
        "hazards/inspection_detail.html",
        {
            "inspection": inspection,
            "units": list(inspection.units.all().only("pk", "name")),
            "inspectors": list(inspection.inspectors.all().only("pk", "name", "employee_no")),
            "page": page,
            "counts": selectors.status_counts(findings, now=now),
            "ledger_url": reverse("hazards:list") + f"?inspection={inspection.pk}",
        },
    )


@login_required
def inspection_create(request):
    user = request.user
    if not can_manage_hazards(user):
        raise PermissionDenied
    form = bound(
        request,
        InspectionForm,
        organizers=selectors.organizer_choices(user=user),
        units=selectors.unit_choices(user=user).order_by("path"),
        initial={"date": timezone.localdate()},
    )
    return service_step(
        request,
        form,
        service=services.inspection_create,
        template="hazards/inspection_form.html",
        success=_("已创建检查活动。"),
    )


# --- settings ---------------------------------------------------------------------------------


@login_required
def hazard_policy(request):
    """隐患管理设置: which departments are the safety units, and the rectification days."""
    user = request.user
    if not can_set_policy(user):
        raise PermissionDenied
    units = (
        units_reached(user, kinds=[UnitKind.COMPANY, UnitKind.DEPARTMENT])
        .order_by("path")
        .only("pk", "name", "path")
    )
    return settings_step(
        request,
        HazardPolicy.current(),
        PolicyForm,
        form_kwargs={"units": units},
        service=services.hazard_policy_save,
        template="hazards/policy.html",
        context={"tabs": hazard_tabs(user, "policy"), "tab": "policy"},
        success=_("隐患管理设置已保存。"),
    )
