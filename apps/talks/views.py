"""谈心谈话 pages: record a talk, the talk lists and a talk with its concerns (content: the
talker and the political line), coverage and counts (numbers: every cadre of the unit), and the
quarterly 思想动态调研报告."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import charts
from apps.core.errors import NotFound
from apps.core.exports import ledger_response
from apps.core.figures import percent
from apps.core.forms import action_step, bound, form_step, settings_step
from apps.core.lists import Ledger, export_url, list_page_context, options
from apps.core.pages import Tab
from apps.core.pagination import paginate
from apps.core.params import parse_day, query_row
from apps.core.selectors import get_or_not_found
from apps.core.timeline import timeline_rows
from apps.orgs.scope import has_role, units_reached

from . import selectors, services
from .exports import missing_columns, talk_columns
from .filters import ReportFilter, TalkFilter
from .forms import PolicyForm, ReportForm, ScoreForm, TalkForm
from .indicators import coverage_sums
from .models import RUBRIC, ConcernTag, TalkPolicy
from .reports import report_figures


def talk_tabs(user) -> list[Tab]:
    tabs = []
    if selectors.is_recorder(user):
        tabs += [
            Tab("new", _("记录谈话"), reverse("talks:new"), "plus", primary=True),
            Tab("mine", _("我的谈话"), reverse("talks:list") + "?mine=true", "message-circle"),
            Tab("list", _("谈话台账"), reverse("talks:list"), "list"),
        ]
    if has_role(user, *services.SETTINGS_ROLES):
        extra = [Tab("policy", _("设置"), reverse("talks:policy"), "settings")]
    else:
        extra = []
    return [
        *tabs,
        Tab("coverage", _("覆盖情况"), reverse("talks:coverage"), "chart-pie"),
        Tab("counts", _("谈话统计"), reverse("talks:counts"), "chart-bar"),
        Tab("reports", _("思想动态报告"), reverse("talks:reports"), "report"),
        *extra,
    ]


def _period(request) -> tuple[date, date]:
    """The period a figures page shows: the dates asked for, or the current coverage cycle."""
    start, end = selectors.current_cycle(timezone.localdate())
    return parse_day(request.GET.get("start")) or start, parse_day(request.GET.get("end")) or end


def _unit(request, user):
    """The unit a figures page narrows to, among those the user reaches (else none)."""
    return query_row(units_reached(user), request.GET, "unit")


def _unit_options(user, selected):
    return options(units_reached(user).order_by("path")[:500], selected)


@login_required
def talk_new(request):
    if not selectors.is_recorder(request.user):
        raise PermissionDenied
    people = selectors.people_to_talk(user=request.user)
    form = bound(request, TalkForm, people=people)

    def record(data):
        talk = services.talk_record(
            actor=request.user,
            person=data["person"],
            day=data["day"],
            place=data["place"],
            kind=data["kind"],
            state=data["state"],
            summary=data["summary"],
            follow_up=data["follow_up"],
            concerns=[(tag, data["concern_note"]) for tag in data["tags"]],
        )
        return reverse("talks:detail", args=[talk.pk])

    return form_step(
        request,
        form,
        handler=record,
        template="talks/new.html",
        context=lambda: {
            "title": _("记录谈话"),
            "tabs": talk_tabs(request.user),
            "people": people.select_related("department", "team").order_by("employee_no")[:500],
        },
        success=_("谈话已记录。"),
    )


LEDGER = Ledger(TalkFilter, selectors.talk_list, ("-day", "-pk"), "talks:list")


@login_required
def talk_list(request):
    if not selectors.is_recorder(request.user):
        return redirect("talks:counts")  # a line manager reads the numbers, never the talks
    ctx = LEDGER.context(request)
    _with_tags(ctx["page"].object_list)
    mine = request.GET.get("mine") in ("true", "1", "on")
    return render(
        request,
        "talks/list.html",
        {
            **ctx,
            "tabs": talk_tabs(request.user),
            "tab": "mine" if mine else "list",
            "unit_options": _unit_options(request.user, request.GET.get("unit")),
            "tag_options": options(ConcernTag.objects.all(), request.GET.get("tag")),
            "export_url": export_url(request, "talks:export"),
        },
    )


def _with_tags(talks):
    tags = selectors.tags_of(talks)
    for talk in talks:
        talk.tag_names = tags.get(talk.pk, [])


@login_required
def talk_export(request):
    """The talks the user reads (the talker's and the political line's), as .xlsx with the
    page's filters; a line manager has no content to export."""
    if not selectors.is_recorder(request.user):
        raise PermissionDenied
    return LEDGER.export(
        request, columns=talk_columns(), name=_("谈心谈话台账"), prepare=_with_tags
    )


@login_required
def talk_detail(request, pk: int):
    talk = selectors.talk_get(user=request.user, pk=pk)
    return render(
        request,
        "talks/detail.html",
        {
            "talk": talk,
            "concerns": selectors.talk_concerns(talk),
            "timeline": timeline_rows(talk, events=talk.events.all()),
            "tabs": talk_tabs(request.user),
        },
    )


def _concern_step(request, pk: int, concern_pk: int, service, success):
    talk = selectors.talk_get(user=request.user, pk=pk)
    concern = get_or_not_found(talk.concerns.all(), concern_pk)
    back = reverse("talks:detail", args=[talk.pk])

    def handler():
        service(actor=request.user, concern=concern)
        return back

    return action_step(request, handler=handler, success=success, back=back)


@login_required
@require_POST
def concern_appeal(request, pk: int, concern_pk: int):
    return _concern_step(
        request, pk, concern_pk, services.concern_to_appeal, _("已转为急难愁盼诉求。")
    )


@login_required
@require_POST
def concern_follow(request, pk: int, concern_pk: int):
    return _concern_step(
        request, pk, concern_pk, services.concern_follow_up, _("已列入督办,请按期跟进。")
    )


@login_required
@require_POST
def concern_close(request, pk: int, concern_pk: int):
    return _concern_step(
        request, pk, concern_pk, services.concern_follow_up_close, _("跟进已办结。")
    )


# --- numbers: coverage and counts ------------------------------------------------------------


def _figures_context(request, tab: str) -> dict:
    """A figures page's tabs, period and unit (a line manager's pages as much as a cadre's)."""
    start, end = _period(request)
    return {
        "tabs": talk_tabs(request.user),
        "tab": tab,
        "start": start,
        "end": end,
        "unit": _unit(request, request.user),
        "unit_options": _unit_options(request.user, request.GET.get("unit")),
    }


@login_required
def coverage(request):
    ctx = _figures_context(request, "coverage")
    start, end, unit = ctx["start"], ctx["end"], ctx["unit"]
    units = selectors.coverage_units(user=request.user, unit=unit)
    sums = coverage_sums(units=units, start=start, end=end)
    rows = [
        {
            "unit": u,
            "people": sums[u.pk]["people"],
            "reached": sums[u.pk]["reached"],
            "rate": percent(sums[u.pk]["reached"], sums[u.pk]["people"]),
        }
        for u in units
        if sums[u.pk]["people"]
    ]
    link = reverse("talks:coverage")
    option = charts.bars(
        [r["unit"].name for r in rows],
        [
            {
                "name": _("覆盖率(%)"),
                "data": [r["rate"] for r in rows],
                "links": [f"{link}?unit={r['unit'].pk}&start={start}&end={end}" for r in rows],
                "colour": charts.BLUE,
            }
        ],
        horizontal=True,
    )
    missing = selectors.not_reached(user=request.user, start=start, end=end, unit=unit)
    return render(
        request,
        "talks/coverage.html",
        {
            **ctx,
            "rows": rows,
            "option": option,
            "page": paginate(missing, request.GET.get("page")),
            "filtered": unit is not None,
            "export_url": export_url(request, "talks:coverage_export"),
        },
    )


@login_required
def coverage_export(request):
    """The people not yet talked with in the period (names only, no content: every cadre of
    the unit reads them on the coverage page), as .xlsx."""
    start, end = _period(request)
    missing = selectors.not_reached(
        user=request.user, start=start, end=end, unit=_unit(request, request.user)
    )
    return ledger_response(
        request,
        missing,
        columns=missing_columns(),
        name=_("本期未谈话人员"),
        back=reverse("talks:coverage") + "?" + request.GET.urlencode(),
    )


@login_required
def counts(request):
    ctx = _figures_context(request, "counts")
    figures = selectors.talk_counts(
        user=request.user, start=ctx["start"], end=ctx["end"], unit=ctx["unit"]
    )
    return render(
        request,
        "talks/counts.html",
        {
            **ctx,
            "figures": figures,
            "kind_chart": charts.bars(
                [label for label, _n in figures.by_kind],
                [{"name": _("谈话次数"), "data": [n for _l, n in figures.by_kind]}],
            ),
            "tag_chart": charts.bars(
                [label for label, _n in figures.by_tag],
                [{"name": _("反映次数"), "data": [n for _l, n in figures.by_tag]}],
                horizontal=True,
            ),
        },
    )


# --- 思想动态调研报告 ----------------------------------------------------------------------------


def _due_quarters(today: date) -> list[tuple[int, int]]:
    """The quarters a unit may report now: the current one and the one before."""
    q = (today.month - 1) // 3 + 1
    previous = (today.year, q - 1) if q > 1 else (today.year - 1, 4)
    return [(today.year, q), previous]


@login_required
def reports(request):
    user = request.user
    base = selectors.report_list(user=user)
    ctx = list_page_context(request, ReportFilter, base, order=("-year", "-quarter", "unit__path"))
    done = set(base.values_list("unit_id", "year", "quarter"))
    due = [
        {"unit": unit, "year": y, "quarter": q}
        for unit in selectors.reporting_units(user=user).order_by("path")[:20]
        for y, q in _due_quarters(timezone.localdate())
        if (unit.pk, y, q) not in done
    ]
    return render(
        request,
        "talks/reports.html",
        {
            **ctx,
            "tabs": talk_tabs(user),
            "tab": "reports",
            "due": due,
            "unit_options": _unit_options(user, request.GET.get("unit")),
        },
    )


@login_required
def report_new(request, unit_pk: int, year: int, quarter: int):
    user = request.user
    unit = get_or_not_found(selectors.reporting_units(user=user), unit_pk)
    if not selectors.quarter_begun(year, quarter):
        raise NotFound()
    form = bound(request, ReportForm)

    def submit(data):
        report = services.report_submit(actor=user, unit=unit, year=year, quarter=quarter, **data)
        return reverse("talks:report", args=[report.pk])

    return form_step(
        request,
        form,
        handler=submit,
        template="talks/report_new.html",
        context=lambda: {
            "title": _("思想动态调研报告"),
            "unit": unit,
            "year": year,
            "quarter": quarter,
            "figures": report_figures(user=user, unit=unit, year=year, quarter=quarter),
        },
        success=_("调研报告已报送。"),
    )


def _report_context(user, report) -> dict:
    return {
        "report": report,
        "rubric": [(label, getattr(report, field)) for field, label in RUBRIC],
        "may_score": report.score is None
        and has_role(user, *services.ASSESSOR_ROLES, unit=report.unit),
        "tabs": talk_tabs(user),
        "tab": "reports",
    }


@login_required
def report_detail(request, pk: int):
    report = selectors.report_get(user=request.user, pk=pk)
    return render(request, "talks/report.html", _report_context(request.user, report))


@login_required
def report_score(request, pk: int):
    user = request.user
    report = selectors.report_get(user=user, pk=pk)
    form = bound(request, ScoreForm)

    def score(data):
        note = data.pop("note")
        services.report_score(actor=user, report=report, scores=data, note=note)
        return reverse("talks:report", args=[report.pk])

    return form_step(
        request,
        form,
        handler=score,
        template="talks/report_score.html",
        context=lambda: {"title": _("调研报告评分"), **_report_context(user, report)},
        success=_("评分已保存。"),
    )


@login_required
def policy(request):
    """谈心谈话设置: the coverage cycle."""
    if not has_role(request.user, *services.SETTINGS_ROLES):
        raise PermissionDenied
    return settings_step(
        request,
        TalkPolicy.current(),
        PolicyForm,
        service=services.policy_save,
        template="talks/policy.html",
        context={"tabs": talk_tabs(request.user), "tab": "policy"},
        success=_("谈心谈话设置已保存。"),
    )
