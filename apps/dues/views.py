"""党费 pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. The rules live in services.py, the standard in standard.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from apps.core import charts
from apps.core.forms import (
    Step,
    action_step,
    bound,
    form_step,
    service_step,
    step_buttons,
    step_view,
)
from apps.core.lists import filtered, list_context, options, status_links, xlsx_attachment
from apps.core.pages import Tab
from apps.core.params import query_id
from apps.core.progress import progress_context, progress_response

from . import imports, selectors, services
from .choices import ImportStatus, IncomeKind, ReliefStatus, RemittanceStatus
from .filters import ArrearsFilter, ReliefFilter, RemittanceFilter
from .forms import (
    ApproveForm,
    BaseForm,
    DecideForm,
    ImportForm,
    PaymentForm,
    RefuseForm,
    ReliefForm,
    RemittanceForm,
    SettingsForm,
    StandardForm,
)
from .models import DuesSettings
from .permissions import can_record, is_committee
from .standard import standard_on

FORM = "dues/form.html"


def year_of(request) -> int:
    """The year the page shows: ?year=, bounded; this year otherwise."""
    this = timezone.localdate().year
    year = query_id(request.GET, "year")
    return year if year is not None and 2000 <= year <= this + 1 else this


def tabs(user) -> list[Tab]:
    committee = is_committee(user)
    rows = [
        Tab("ledger", _("党费台账"), reverse("dues:ledger")),
        Tab("arrears", _("欠交与预警"), reverse("dues:arrears")),
        # the 党委 lands on what waits for its decision
        Tab(
            "reliefs",
            _("减免审批") if committee else _("减免"),
            reverse("dues:reliefs") + ("?status=pending" if committee else ""),
        ),
        Tab("remittances", _("上缴"), reverse("dues:remittances")),
        Tab("import", _("导入基数"), reverse("dues:import")),
        Tab("rates", _("党费标准"), reverse("dues:rates")),
    ]
    if committee:
        rows.append(Tab("settings", _("设置"), reverse("dues:settings")))
    return rows


def _recorder_only(request):
    if not can_record(request.user):
        raise PermissionDenied


def _years(year: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({this - 2, this - 1, this, year}, reverse=True)


@login_required
def ledger(request):
    """The committee's ledger (a row per branch); a secretary of one branch goes to it."""
    user = request.user
    if not can_record(user):
        return redirect("dues:mine")
    year = year_of(request)
    branches = list(selectors.branch_choices(user=user)[:2])
    if len(branches) == 1 and not is_committee(user):
        return redirect(reverse("dues:branch", args=[branches[0].pk]) + f"?year={year}")
    data = selectors.committee_ledger(user=user, year=year)
    rows = data["rows"]
    top = sorted(rows, key=lambda r: r["paid"], reverse=True)[:15]
    chart = charts.bars(
        [r["branch"].name for r in top],
        [
            {"name": _("全年应交"), "data": [float(r["due"]) for r in top], "colour": charts.GREY},
            {"name": _("已交"), "data": [float(r["paid"]) for r in top], "colour": charts.RED},
        ],
    )
    return render(
        request,
        "dues/ledger.html",
        {
            **data,
            "chart": chart if top else None,
            "years": _years(year),
            "tabs": tabs(user),
            "tab": "ledger",
        },
    )


class CellMarkup:
    """A ledger's month cells as HTML, built in plain Python: a branch of a few hundred members
    is thousands of cells, too many for the template engine, or for `format_html` on each. The
    texts are escaped once here; per cell only numbers (amounts, months) and the escaped 工号
    go in."""

    def __init__(self, pay_url: str | None):
        self.pay_url = escape(pay_url) if pay_url else None
        self.paid = escape(_("已交 %(a)s 元"))
        self.owed = escape(_("应交 %(a)s 元,点击登记"))
        self.due = escape(_("应交 %(a)s 元"))
        self.exempt = format_html(
            '<td class="text-center"><span class="text-secondary small" title="{}">{}</span></td>',
            _("批准免交"),
            _("免"),
        )
        self.open = '<td class="text-center"><span class="text-secondary">·</span></td>'

    def row(self, row) -> str:
        cells = []
        no = escape(row.person.employee_no)
        for c in row.cells:
            if c.state == "paid":
                title = self.paid % {"a": c.amount}
                cells.append(
                    f'<td class="text-center"><i class="ti ti-check text-green" '
                    f'title="{title}"></i></td>'
                )
            elif c.state == "exempt":
                cells.append(self.exempt)
            elif c.state == "owed" and self.pay_url:
                title = self.owed % {"a": c.due}
                cells.append(
                    f'<td class="text-center"><a class="text-danger" '
                    f'href="{self.pay_url}&amp;person={no}&amp;month={c.month}" '
                    f'title="{title}">✗</a></td>'
                )
            elif c.state == "owed":
                title = self.due % {"a": c.due}
                cells.append(
                    f'<td class="text-center"><span class="text-danger" title="{title}">✗</span>'
                    "</td>"
                )
            else:
                cells.append(self.open)
        return mark_safe("".join(cells))  # texts escaped above; the rest numbers


@login_required
def branch_ledger(request, pk: int):
    user = request.user
    branch = selectors.branch_get(user=user, pk=pk)
    year = year_of(request)
    data = selectors.branch_ledger(user=user, branch=branch, year=year)
    months = [_("%(m)d月") % {"m": m} for m in range(1, 13)]
    settled = [0] * 12
    for row in data["rows"]:
        for c in row.cells:
            if c.state in ("paid", "exempt"):
                settled[c.month - 1] += 1
    chart = charts.bars(months, [{"name": _("已交人数"), "data": settled, "colour": charts.RED}])
    pay_url = reverse("dues:pay") + f"?branch={branch.pk}&year={year}"
    recorder = can_record(user, branch)
    markup = CellMarkup(pay_url if recorder else None)
    for row in data["rows"]:
        row.cells_html = markup.row(row)
    return render(
        request,
        "dues/branch.html",
        {
            **data,
            "branch": branch,
            "chart": chart if data["rows"] else None,
            "years": _years(year),
            "can_record": recorder,
            "tabs": tabs(user),
            "tab": "ledger",
        },
    )


@login_required
def notice(request, pk: int):
    """The printable yearly 党费收缴公示 of a branch."""
    branch = selectors.branch_get(user=request.user, pk=pk)
    year = year_of(request)
    return render(
        request,
        "dues/notice.html",
        {
            **selectors.notice(user=request.user, branch=branch, year=year),
            "branch": branch,
            "today": timezone.localdate(),
        },
    )


@login_required
def pay(request):
    """Record a month's dues of a member: the branch, the 工号, the month (the amount due by
    default)."""
    _recorder_only(request)
    user = request.user
    branches = selectors.branch_choices(user=user)
    today = timezone.localdate()
    initial = {
        "year": today.year,
        "month": today.month,
        "paid_on": today,
        "method": "cash",
        "branch": query_id(request.GET, "branch"),
        "person": (request.GET.get("person") or "")[:32],
    }
    if request.GET.get("month", "").isdigit():
        initial["month"] = int(request.GET["month"])
    if request.GET.get("year", "").isdigit():
        initial["year"] = int(request.GET["year"][:4])

    def handler(data):
        payment = services.payment_record(actor=user, **data)
        return reverse("dues:branch", args=[payment.branch_id]) + f"?year={payment.year}"

    return form_step(
        request,
        bound(request, PaymentForm, branches=branches, initial=initial),
        handler=handler,
        template=FORM,
        context={
            "title": _("登记党费"),
            "intro": _("按月登记党员交纳的党费;同一党员同一月份只能登记一次。"),
            "back": reverse("dues:ledger"),
            "submit": _("登记"),
        },
        success=_("党费已登记。"),
    )


@login_required
def base_new(request):
    _recorder_only(request)
    return service_step(
        request,
        bound(request, BaseForm, initial={"year": timezone.localdate().year}),
        service=services.base_save,
        back=lambda base: reverse("dues:branch", args=[base.branch_id]) + f"?year={base.year}",
        template=FORM,
        context={
            "title": _("录入党费基数"),
            "intro": _("按年核定党员的月收入基数,每月应交党费按党费标准自动计算。"),
            "back": reverse("dues:import"),
            "tabs": tabs(request.user),
            "tab": "import",
        },
        success=_("基数已保存。"),
    )


@login_required
def arrears(request):
    user = request.user
    _recorder_only(request)
    settings = DuesSettings.current()
    lapsed = request.GET.get("lapsed") == "1"
    rows = selectors.arrears_list(user=user, lapsed=lapsed, months=settings.lapse_months)
    filterset, qs = filtered(request, ArrearsFilter, rows, order=("-owed", "branch", "person"))
    ctx = list_context(request, filterset, qs)
    ctx["page"].object_list = selectors.with_owed_amounts(ctx["page"].object_list)
    return render(
        request,
        "dues/arrears.html",
        {
            **ctx,
            "lapsed": lapsed,
            "lapse_months": settings.lapse_months,
            "branch_options": options(
                selectors.branch_choices(user=user), request.GET.get("branch")
            ),
            "tabs": tabs(user),
            "tab": "arrears",
        },
    )


RELIEF_REVIEW = reverse_lazy("dues:reliefs")


@login_required
def reliefs(request):
    """Every reduction and exemption of the user's scope: the 党委 decides the pending ones
    here (批准, or 不批准 with the reason) on a PC or a phone; a branch follows its own."""
    user = request.user
    _recorder_only(request)
    committee = is_committee(user)
    scoped = selectors.relief_list(user=user)
    filterset, qs = filtered(request, ReliefFilter, scoped, order=("-created_at", "-pk"))
    ctx = list_context(request, filterset, qs)
    ctx["page"].object_list = selectors.with_relief_effect(ctx["page"].object_list)
    for r in ctx["page"].object_list:
        r.decidable = committee and r.status == ReliefStatus.PENDING
    statuses = status_links(
        request, ReliefFilter, scoped, choices=ReliefStatus.choices, count=selectors.relief_counts
    )
    return render(
        request,
        "dues/reliefs.html",
        {
            **ctx,
            **statuses,
            "is_committee": committee,
            "refuse_form": RefuseForm(auto_id="refuse_%s"),
            "back_here": request.get_full_path(),
            "branch_options": options(
                selectors.branch_choices(user=user), request.GET.get("branch")
            ),
            "tabs": tabs(user),
            "tab": "reliefs",
        },
    )


@login_required
def relief_detail(request, pk: int):
    """One request: the member, the months, what it changes, the branch's reason and the
    committee's decision, the steps taken."""
    user = request.user
    relief = selectors.relief_reviewed(user=user, pk=pk)
    return render(
        request,
        "dues/relief_detail.html",
        {
            "relief": relief,
            "history": selectors.relief_history(relief),
            "actions": step_buttons(
                RELIEF_STEPS,
                user,
                relief,
                [("approve", "btn-success"), ("refuse", "btn-outline-danger")],
            ),
            "tabs": tabs(user) if can_record(user) else None,
            "tab": "reliefs",
        },
    )


@login_required
def relief_new(request):
    _recorder_only(request)
    return service_step(
        request,
        bound(request, ReliefForm, initial={"year": timezone.localdate().year}),
        service=services.relief_request,
        back=reverse("dues:reliefs"),
        template=FORM,
        context={
            "title": _("申请少交或免交党费"),
            "intro": _(
                "对经济确有困难的党员,经党支部研究,报党委批准后可以少交或免交党费"
                "(《关于中国共产党党费收缴、使用和管理的规定》第七条)。"
            ),
            "back": reverse("dues:reliefs"),
        },
        success=_("申请已提交,待党委审批。"),
    )


def _may_decide(user, relief) -> bool:
    return relief.status == ReliefStatus.PENDING and is_committee(user)


def _decide(approve: bool):
    def call(user, relief, data):
        services.relief_decide(actor=user, relief=relief, approve=approve, note=data["note"])

    return call


RELIEF_STEPS = {
    "decide": Step(
        DecideForm,
        allowed=_may_decide,
        title=_l("审批减免申请"),
        intro=_l("批准免交后,该党员相应月份记为“批准免交”;不批准时请填写意见。"),
        call=lambda user, r, data: services.relief_decide(actor=user, relief=r, **data),
    ),
    "approve": Step(
        ApproveForm,
        allowed=_may_decide,
        title=_l("批准"),
        intro=_l("批准后,少交的月份按申请金额计应交;免交的月份记为“批准免交”,不再计入欠交。"),
        call=_decide(True),
        success=_l("已批准。"),
    ),
    "refuse": Step(
        RefuseForm,
        allowed=_may_decide,
        title=_l("不批准"),
        intro=_l("请写明不批准的理由,支部会收到通知。"),
        call=_decide(False),
        success=_l("已退回,不批准。"),
    ),
}

relief_step = step_view(
    RELIEF_STEPS,
    get=selectors.relief_reviewed,
    record_kw="relief",
    template="dues/relief_step.html",
    back=lambda relief: str(RELIEF_REVIEW) + "?status=pending",
)


@login_required
def remittances(request):
    user = request.user
    _recorder_only(request)
    filterset, qs = filtered(
        request,
        RemittanceFilter,
        selectors.remittance_list(user=user),
        order=("-remitted_on", "-pk"),
    )
    ctx = list_context(request, filterset, qs)
    committee = is_committee(user)
    for r in ctx["page"].object_list:
        r.can_confirm = committee and r.status == RemittanceStatus.SUBMITTED
    return render(
        request,
        "dues/remittances.html",
        {
            **ctx,
            "branch_options": options(
                selectors.branch_choices(user=user), request.GET.get("branch")
            ),
            "tabs": tabs(user),
            "tab": "remittances",
        },
    )


@login_required
def remittance_new(request):
    _recorder_only(request)
    user = request.user
    branches = selectors.branch_choices(user=user)
    pending = selectors.unremitted_by_branch(user=user)
    return service_step(
        request,
        bound(
            request,
            RemittanceForm,
            branches=branches,
            initial={
                "remitted_on": timezone.localdate(),
                "branch": query_id(request.GET, "branch"),
            },
        ),
        service=services.remittance_submit,
        back=reverse("dues:remittances"),
        template="dues/remit_form.html",
        context={
            "title": _("上缴党费"),
            "intro": _("本支部尚未上缴的党费一并上缴党委;上缴金额须与合计相符,否则不予登记。"),
            "back": reverse("dues:remittances"),
            "pending": pending,
        },
        success=_("已上缴,待党委确认。"),
    )


@login_required
@require_POST
def remittance_confirm(request, pk: int):
    remittance = selectors.remittance_get(user=request.user, pk=pk)
    back = reverse("dues:remittances")
    return action_step(
        request,
        handler=lambda: (
            services.remittance_confirm(actor=request.user, remittance=remittance) and back
        ),
        success=_("已确认收到。"),
        back=back,
    )


@login_required
def import_start(request):
    _recorder_only(request)

    def start(data):
        job = imports.import_start(actor=request.user, upload=data["file"], year=data["year"])
        return job.get_absolute_url()

    return form_step(
        request,
        bound(request, ImportForm),
        handler=start,
        template="dues/import_start.html",
        aliases={None: "file", "upload": "file"},
        context=lambda: {
            "title": _("导入党费基数"),
            "jobs": selectors.import_list(user=request.user)[:10],
            "tabs": tabs(request.user),
            "tab": "import",
        },
    )


@login_required
def import_template(request):
    _recorder_only(request)
    return xlsx_attachment(
        imports.template_xlsx(), filename=_("党费基数导入模板") + ".xlsx", ascii_name="dues.xlsx"
    )


def _progress(job) -> dict:
    live = imports.apply_progress(job) or {}
    return progress_context(live.get("processed", 0), live.get("total", len(job.rows)))


@login_required
def import_detail(request, pk: int):
    job = selectors.import_get(user=request.user, pk=pk)
    return render(
        request,
        "dues/import_detail.html",
        {
            "job": job,
            "errors": job.errors[:500],
            "valid": len(job.rows),
            "progress": _progress(job),
            "tabs": tabs(request.user),
            "tab": "import",
        },
    )


@login_required
def import_progress(request, pk: int):
    job = selectors.import_get(user=request.user, pk=pk)
    return progress_response(
        request,
        running=job.status == ImportStatus.APPLYING,
        template="dues/import_progress.html",
        context={"job": job, "progress": _progress(job)},
    )


@login_required
@require_POST
def import_confirm(request, pk: int):
    job = selectors.import_get(user=request.user, pk=pk)
    back = job.get_absolute_url()
    return action_step(
        request,
        handler=lambda: imports.import_confirm(actor=request.user, job=job) and back,
        success=_("已开始导入。"),
        back=back,
    )


@login_required
def rates(request):
    today = timezone.localdate()
    return render(
        request,
        "dues/rates.html",
        {
            "standard": standard_on(today),
            "today": today,
            "history": selectors.standard_history(),
            "can_edit": is_committee(request.user),
            "tabs": tabs(request.user) if can_record(request.user) else None,
            "tab": "rates",
        },
    )


@login_required
def standard_new(request):
    """The committee adds a version of the standard for one kind of member, from a start
    date; the form starts from the brackets in force today."""
    if not is_committee(request.user):
        raise PermissionDenied
    kind = request.GET.get("kind")
    kind = kind if kind in IncomeKind.values else IncomeKind.SALARY
    initial = {"kind": kind}
    in_force = [b for b in standard_on(timezone.localdate()) if b.kind == kind]
    in_force.sort(key=lambda b: (b.upper is None, b.upper or 0))
    for n, b in enumerate(in_force[: services.RATE_ROWS], start=1):
        initial[f"upper_{n}"] = "" if b.upper is None else f"{b.upper:.2f}"
        initial[f"percent_{n}"] = "" if b.percent is None else f"{b.percent.normalize():f}"
        initial[f"amount_{n}"] = "" if b.amount is None else f"{b.amount:.2f}"
    form = bound(request, StandardForm, initial=initial)

    def handler(data):
        services.standard_add(
            actor=request.user, kind=data["kind"], start_on=data["start_on"], rows=form.rows()
        )
        return reverse("dues:rates")

    return form_step(
        request,
        form,
        handler=handler,
        template="dues/standard_form.html",
        context={
            "title": _("调整党费标准"),
            "intro": _(
                "按党员类别填写新标准的各档:月收入上限含本数,上一档之上至本档上限按本档计算,"
                "最高一档上限留空;每档填交纳比例或每月固定金额。新标准自施行日期起用于"
                "此后各年度的基数;已计算党费的年度不能改动。"
            ),
            "back": reverse("dues:rates"),
            "tabs": tabs(request.user),
            "tab": "rates",
        },
        success=_("新的党费标准已保存。"),
    )


@login_required
def mine(request):
    year = year_of(request)
    return render(
        request,
        "dues/mine.html",
        {**selectors.my_dues(user=request.user, year=year), "years": _years(year)},
    )


@login_required
def settings_page(request):
    if not is_committee(request.user):
        raise PermissionDenied
    row = DuesSettings.current()
    return service_step(
        request,
        bound(
            request,
            SettingsForm,
            initial={"lapse_months": row.lapse_months, "remind_day": row.remind_day},
        ),
        service=services.settings_save,
        back=reverse("dues:settings"),
        template=FORM,
        context={
            "title": _("党费设置"),
            "intro": _(
                "党员连续未交党费达到预警月数时提醒支部书记(党章第九条);"
                "每月提醒日起提醒欠交的党员。"
            ),
            "back": reverse("dues:ledger"),
            "tabs": tabs(request.user),
            "tab": "settings",
        },
        success=_("设置已保存。"),
    )
