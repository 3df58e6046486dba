"""人才队伍 pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. The rules live in services.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from apps.core import charts, talentpool
from apps.core.forms import (
    Step,
    action_step,
    bound,
    form_step,
    record_step,
    service_step,
    step_buttons,
)
from apps.core.lists import Ledger, export_url, options
from apps.core.pages import Tab
from apps.core.pagination import paginate
from apps.core.params import query_id

from . import selectors, services
from .choices import AwardStatus, HonourKind, Purpose, RoundKind
from .filters import (
    BrandFilter,
    ContestFilter,
    EntryFilter,
    HonourFilter,
    MentorshipFilter,
    PriorityFilter,
)
from .forms import (
    AwardForm,
    BrandForm,
    ContestForm,
    DecideForm,
    EntrantForm,
    EntryEndForm,
    EntryForm,
    HonourForm,
    MentorshipForm,
    MentorshipResultForm,
    PayForm,
    QuizBindForm,
    ResultForm,
    RoundForm,
    ScoreForm,
    TeamForm,
)
from .permissions import can_approve, can_honour, can_manage

FORM = "talent/form.html"


def tabs(user) -> list[Tab]:
    rows = [
        Tab("pool", _("人才库"), reverse("talent:home")),
        Tab("mentorships", _("师带徒"), reverse("talent:mentorships")),
        Tab("contests", _("技能竞赛"), reverse("talent:contests")),
    ]
    if selectors.my_rounds(user=user).exists():
        rows.append(Tab("judging", _("我的评分"), reverse("talent:judging")))
    rows += [
        Tab("brands", _("岗区队和品牌"), reverse("talent:brands")),
        Tab("honours", _("荣誉"), reverse("talent:honours")),
    ]
    if can_manage(user):
        rows.append(Tab("priority", _("优先考虑名单"), reverse("talent:priority")))
    return rows


def _ctx(user, tab, **extra) -> dict:
    return {"tabs": tabs(user), "tab": tab, **extra}


def _step(request, record, step: Step, record_kw: str, *, back=None, success=None, **context):
    """A record's step on the area's form page, back to the record (or `back`)."""
    back = back or record.get_absolute_url()
    return record_step(
        request,
        record,
        step,
        record_kw=record_kw,
        back=back,
        template=FORM,
        context={"back": back, **context},
        success=success or _("已保存。"),
    )


# --- 高技能人才库 ------------------------------------------------------------------------------

POOL = Ledger(
    EntryFilter, selectors.entry_list, ("level__rank", "-valid_from", "-pk"), "talent:home"
)


@login_required
def pool(request):
    user = request.user
    ctx = POOL.context(request)
    today = timezone.localdate()
    counts = selectors.level_counts(selectors.entry_list(user=user))
    chart = charts.bars(
        [c["level__name"] for c in counts],
        [{"name": _("当前有效"), "data": [c["n"] for c in counts], "colour": charts.RED}],
    )
    for e in ctx["page"].object_list:
        e.valid_now = e.valid_on(today)
    return render(
        request,
        "talent/pool.html",
        {
            **ctx,
            **_ctx(user, "pool"),
            "chart": chart if counts else None,
            "levels": selectors.levels(),
            "unit_options": options(
                selectors.department_choices(user=user), request.GET.get("unit")
            ),
            "can_manage": can_manage(user),
            "export_url": export_url(request, "talent:pool_export"),
        },
    )


ENTRY_COLUMNS = [
    (_l("工号"), lambda e, now: e.person.employee_no),
    (_l("姓名"), lambda e, now: e.person.name),
    (_l("单位"), lambda e, now: e.unit.name),
    (_l("人才等级"), lambda e, now: e.level.name),
    (_l("入库来源"), lambda e, now: str(e.get_source_display())),
    (_l("入库依据"), lambda e, now: e.source_text),
    (_l("有效期起"), lambda e, now: e.valid_from.isoformat()),
    (_l("有效期止"), lambda e, now: e.valid_to.isoformat() if e.valid_to else ""),
]


@login_required
def pool_export(request):
    return POOL.export(request, columns=ENTRY_COLUMNS, name=_("高技能人才库"))


@login_required
def entry_new(request):
    if not can_manage(request.user):
        raise PermissionDenied
    return service_step(
        request,
        bound(request, EntryForm, initial={"valid_from": timezone.localdate()}),
        service=services.entry_create,
        template=FORM,
        context={
            "title": _("登记人才库成员"),
            "intro": _("凭资格证书或聘任文件入库;竞赛获奖者由竞赛结果自动入库。"),
            "back": reverse("talent:home"),
        },
        success=_("已入库。"),
    )


ENTRY_STEPS = {
    "end": Step(
        EntryEndForm,
        allowed=lambda user, e: can_manage(user, e.unit),
        title=_l("结束有效期"),
        intro=_l("证书失效或聘任期满时登记有效期止,此后不再享受优先。"),
        service=services.entry_end,
        form_kwargs=lambda user, e: {"initial": {"valid_to": timezone.localdate()}},
    ),
}


@login_required
def entry_detail(request, pk: int):
    e = selectors.entry_get(user=request.user, pk=pk)
    return render(
        request,
        "talent/entry.html",
        {
            "e": e,
            "valid_now": e.valid_on(timezone.localdate()),
            "actions": step_buttons(ENTRY_STEPS, request.user, e, [("end", "btn-outline-danger")]),
        },
    )


@login_required
def entry_step(request, pk: int, step: str):
    e = selectors.entry_get(user=request.user, pk=pk)
    return _step(request, e, ENTRY_STEPS[step], "entry")


PRIORITY = Ledger(
    PriorityFilter,
    selectors.priority_people,
    ("department__path", "employee_no"),
    "talent:priority",
)


def _purpose(request) -> str:
    purpose = request.GET.get("purpose")
    return purpose if purpose in Purpose.values else Purpose.PROMOTION


def _marked(rows):
    marks = talentpool.marks([p.pk for p in rows], on=timezone.localdate())
    for p in rows:
        p.mark = marks.get(p.pk)


@login_required
def priority(request):
    """The lists for 职务晋升, 薪酬等级评定 and 技术职务聘任: the people of a department, the
    pool's members marked with their level and why (the priority the speech promises)."""
    if not can_manage(request.user):
        raise PermissionDenied
    purpose = _purpose(request)
    ctx = PRIORITY.context(request)
    _marked(ctx["page"].object_list)
    return render(
        request,
        "talent/priority.html",
        {
            **ctx,
            **_ctx(request.user, "priority"),
            "purpose": purpose,
            "purposes": Purpose.choices,
            "unit_options": options(
                selectors.department_choices(user=request.user), request.GET.get("department")
            ),
            "export_url": export_url(request, "talent:priority_export"),
        },
    )


@login_required
def priority_export(request):
    if not can_manage(request.user):
        raise PermissionDenied
    from apps.core.exports import yes_no

    purpose = _purpose(request)
    name = _("%(purpose)s参考名单") % {"purpose": Purpose(purpose).label}
    columns = [
        (_("工号"), lambda p, now: p.employee_no),
        (_("姓名"), lambda p, now: p.name),
        (_("部门"), lambda p, now: p.department.name),
        (_("班组"), lambda p, now: p.team.name if p.team else ""),
        (_("岗位"), lambda p, now: p.position),
        (_("技能等级"), lambda p, now: str(p.get_skill_level_display())),
        (_("高技能人才库"), lambda p, now: yes_no(p.mark is not None)),
        (_("人才等级"), lambda p, now: p.mark.level if p.mark else ""),
        (_("优先考虑依据"), lambda p, now: p.mark.source if p.mark else ""),
    ]
    return PRIORITY.export(request, columns=columns, name=name, prepare=_marked)


# --- 师带徒 -----------------------------------------------------------------------------------


MENTORSHIPS = Ledger(
    MentorshipFilter, selectors.mentorship_list, ("-start_on", "-pk"), "talent:mentorships"
)


@login_required
def mentorships(request):
    user = request.user
    ctx = MENTORSHIPS.context(request)
    return render(
        request,
        "talent/mentorships.html",
        {
            **ctx,
            **_ctx(user, "mentorships"),
            "unit_options": options(
                selectors.department_choices(user=user), request.GET.get("unit")
            ),
            "can_manage": can_manage(user),
        },
    )


@login_required
def mentorship_new(request):
    if not can_manage(request.user):
        raise PermissionDenied
    return service_step(
        request,
        bound(request, MentorshipForm, initial={"start_on": timezone.localdate()}),
        service=services.mentorship_create,
        back=reverse("talent:mentorships"),
        template=FORM,
        context={
            "title": _("登记师带徒"),
            "intro": _("师傅带徒弟学一个工种,写明培养目标;期满登记结果。"),
            "back": reverse("talent:mentorships"),
        },
        success=_("已登记。"),
    )


@login_required
def mentorship_result(request, pk: int):
    m = selectors.mentorship_get(user=request.user, pk=pk)
    step = Step(
        MentorshipResultForm,
        allowed=lambda user, m: can_manage(user, m.unit),
        title=_l("登记师带徒结果"),
        intro=_l("培养期满,按培养目标评定结果。"),
        service=services.mentorship_result,
        form_kwargs=lambda user, m: {"initial": {"end_on": timezone.localdate()}},
    )
    back = reverse("talent:mentorships")
    return _step(request, m, step, "mentorship", back=back)


# --- 职业技能竞赛 ------------------------------------------------------------------------------


CONTESTS = Ledger(ContestFilter, selectors.contest_list, ("-start_on", "-pk"), "talent:contests")


@login_required
def contests(request):
    user = request.user
    ctx = CONTESTS.context(request)
    return render(
        request,
        "talent/contests.html",
        {**ctx, **_ctx(user, "contests"), "can_manage": can_manage(user)},
    )


@login_required
def contest_new(request):
    if not can_manage(request.user):
        raise PermissionDenied
    units = selectors.department_choices(user=request.user)
    today = timezone.localdate()
    return service_step(
        request,
        bound(
            request,
            ContestForm,
            units=units,
            initial={"year": today.year, "award_cap": "10000.00", "pool_years": 3},
        ),
        service=services.contest_create,
        template=FORM,
        context={
            "title": _("新建技能竞赛"),
            "intro": _(
                "公司级竞赛内部选拔,集团级竞赛登记参赛队和成绩。个人奖励上限默认 1 万元,可调整。"
            ),
            "back": reverse("talent:contests"),
        },
        success=_("竞赛已建立。"),
    )


def _manages(user, contest) -> bool:
    return can_manage(user, contest.unit)


CONTEST_STEPS = {
    "entrant": Step(
        EntrantForm,
        allowed=_manages,
        title=_l("报名选手"),
        intro=_l("按工号报名,每人每个竞赛一次。"),
        service=services.entrant_add,
        form_kwargs=lambda user, c: {"contest": c},
    ),
    "round": Step(
        RoundForm,
        allowed=_manages,
        title=_l("增加选拔轮次"),
        intro=_l(
            "理论考试绑定学习教育的测验,成绩取自选手的答题;实操考核由评委各自评分"
            "(5 名以上去掉最高最低分);权重之和须为 100。"
        ),
        service=services.round_add,
        form_kwargs=lambda user, c: {"user": user, "initial": {"held_on": timezone.localdate()}},
    ),
    "team": Step(
        TeamForm,
        allowed=_manages,
        title=_l("选定参赛队"),
        intro=_l("勾选选派参加集团竞赛的选手。"),
        service=services.team_select,
        form_kwargs=lambda user, c: {
            "contest": c,
            "initial": {"entrants": list(c.entrants.filter(sent=True))},
        },
    ),
}


@login_required
def contest_detail(request, pk: int):
    user = request.user
    c = selectors.contest_get(user=user, pk=pk)
    entrants = paginate(
        selectors.entrants_of(c).order_by("trade_id", "rank", "-total", "pk"),
        request.GET.get("page"),
    )
    rounds = selectors.rounds_of(c)
    return render(
        request,
        "talent/contest.html",
        {
            "c": c,
            "page": entrants,
            "entrants": entrants.object_list,
            "rounds": rounds,
            "weights": sum(r.weight for r in rounds),
            "trades": list(c.trades.all()),
            "manage": _manages(user, c),
            "approve": can_approve(user, c.unit),
            "actions": step_buttons(
                CONTEST_STEPS,
                user,
                c,
                [
                    ("entrant", "btn-primary"),
                    ("round", "btn-outline-primary"),
                    ("team", "btn-outline-secondary"),
                ],
            ),
        },
    )


@login_required
def contest_step(request, pk: int, step: str):
    c = selectors.contest_get(user=request.user, pk=pk)
    return _step(request, c, CONTEST_STEPS[step], "contest")


@login_required
@require_POST
def contest_totals(request, pk: int):
    c = selectors.contest_get(user=request.user, pk=pk)
    return action_step(
        request,
        handler=lambda: services.totals_compute(actor=request.user, contest=c).get_absolute_url(),
        success=_("选拔总分已计算。"),
        back=c.get_absolute_url(),
    )


def _entrant_steps():
    return {
        "result": Step(
            ResultForm,
            allowed=lambda user, e: can_manage(user, e.contest.unit),
            title=_l("登记成绩"),
            intro=_l("名次、等级和证书;获一、二、三等奖者自动进入高技能人才库。"),
            service=services.result_record,
            form_kwargs=lambda user, e: {
                "initial": {"rank": e.rank, "grade": e.grade, "certificate": e.certificate}
            },
        ),
        "award": Step(
            AwardForm,
            allowed=lambda user, e: can_manage(user, e.contest.unit),
            title=_l("登记奖励"),
            intro=_l(
                "奖励金额以元计;同一竞赛个人奖励合计不超过竞赛设定的上限。批准后获奖者自动进入高技能人才库。"
            ),
            service=services.award_record,
        ),
    }


@login_required
def entrant_step(request, pk: int, step: str):
    e = selectors.entrant_get(user=request.user, pk=pk)
    back = e.contest.get_absolute_url()
    return _step(request, e, _entrant_steps()[step], "entrant", back=back, subject=e)


def _award_steps():
    return {
        "decide": Step(
            DecideForm,
            allowed=lambda user, a: (
                a.status == AwardStatus.PENDING and can_approve(user, a.entrant.contest.unit)
            ),
            title=_l("审批奖励"),
            intro=_l("批准后获奖者自动进入高技能人才库。"),
            service=services.award_decide,
        ),
        "pay": Step(
            PayForm,
            allowed=lambda user, a: (
                a.status == AwardStatus.APPROVED
                and a.paid_on is None
                and can_manage(user, a.entrant.contest.unit)
            ),
            title=_l("登记发放"),
            service=services.award_pay,
            form_kwargs=lambda user, a: {"initial": {"paid_on": timezone.localdate()}},
        ),
    }


@login_required
def award_step(request, pk: int, step: str):
    a = selectors.award_get(user=request.user, pk=pk)
    back = a.entrant.contest.get_absolute_url()
    return _step(request, a, _award_steps()[step], "award", back=back, subject=a)


@login_required
def judging(request):
    """The practical rounds the user judges, newest first (the judge's phone list)."""
    return render(
        request,
        "talent/judging.html",
        {**_ctx(request.user, "judging"), "rounds": selectors.my_rounds(user=request.user)[:50]},
    )


ROUND_STEPS = {
    "quiz": Step(
        QuizBindForm,
        allowed=lambda user, r: r.kind == RoundKind.THEORY and can_manage(user, r.contest.unit),
        title=_l("绑定测验"),
        intro=_l(
            "理论考试在学习教育的测验中进行,服务器计时;测验截止后计算总分时取每名选手最好一次的成绩。"
            "多个工种可各绑一场测验,选手按本工种的测验计分。"
        ),
        service=services.round_quiz_bind,
        form_kwargs=lambda user, r: {"user": user, "round": r, "initial": {"quiz": r.quiz_id}},
    ),
}


@login_required
def round_detail(request, pk: int):
    """A round's score sheet. A judge scores each entrant once here; a theory exam's scores
    come from its quiz when the totals are computed. The panel's score shows once every judge
    has scored."""
    user = request.user
    r = selectors.round_get(user=user, pk=pk)
    person_id = getattr(user, "person_id", None)
    is_judge = r.kind == RoundKind.PRACTICAL and r.judges.filter(pk=person_id).exists()
    form, failed = ScoreForm(), None
    if request.method == "POST":
        if not is_judge:
            raise PermissionDenied
        entrant_id = query_id(request.POST, "entrant")
        entrant = r.contest.entrants.filter(pk=entrant_id).select_related("person").first()
        form = ScoreForm(request.POST)
        failed = entrant_id

        def handler(data):
            services.score_give(actor=user, round=r, entrant=entrant, score=data["score"])
            return r.get_absolute_url()

        return form_step(
            request,
            form,
            handler=handler,
            template="talent/round.html",
            context=lambda: _round_ctx(user, r, person_id, is_judge, failed),
            success=_("已评分。"),
            form_name="score_form",
        )
    return render(
        request,
        "talent/round.html",
        {**_round_ctx(user, r, person_id, is_judge, failed), "score_form": form},
    )


def _round_ctx(user, r, person_id, is_judge, failed) -> dict:
    return {
        "r": r,
        "rows": selectors.round_sheet(r=r, person_id=person_id),
        "is_judge": is_judge,
        "failed": failed,
        "quiz_closed": r.quiz.window_closed() if r.quiz_id else False,
        "trade_quizzes": selectors.round_trade_quizzes(r) if r.kind == RoundKind.THEORY else [],
        "actions": step_buttons(ROUND_STEPS, user, r, [("quiz", "btn-outline-primary")]),
    }


@login_required
def round_step(request, pk: int, step: str):
    r = selectors.round_get(user=request.user, pk=pk)
    return _step(request, r, ROUND_STEPS[step], "round", success=_("已绑定测验。"))


# --- 荣誉和品牌 --------------------------------------------------------------------------------


BRANDS = Ledger(BrandFilter, selectors.brand_list, ("kind", "-start_on", "-pk"), "talent:brands")


@login_required
def brands(request):
    user = request.user
    ctx = BRANDS.context(request)
    return render(
        request,
        "talent/brands.html",
        {
            **ctx,
            **_ctx(user, "brands"),
            "unit_options": options(
                selectors.department_choices(user=user), request.GET.get("unit")
            ),
            "can_honour": can_honour(user),
        },
    )


@login_required
def brand_new(request):
    if not can_honour(request.user):
        raise PermissionDenied
    from apps.hazards.selectors import inspection_list
    from apps.projects.selectors import project_list

    # The pickers show the newest 200; a POST accepts any the user sees.
    posted = request.method == "POST"
    projects = project_list(user=request.user).order_by("-pk")
    inspections = inspection_list(user=request.user).order_by("-date", "-pk")
    return service_step(
        request,
        bound(
            request,
            BrandForm,
            units=selectors.unit_choices(user=request.user),
            projects=projects if posted else projects[:200],
            inspections=inspections if posted else inspections[:200],
            initial={"start_on": timezone.localdate()},
        ),
        service=services.brand_create,
        template=FORM,
        context={
            "title": _("登记党建品牌和岗区队"),
            "intro": _(
                "党员先锋岗、党员责任区、党员突击队须有成员;突击队须关联所服务的项目或隐患排查活动,"
                "其成效从项目里程碑和隐患整改记录统计。"
            ),
            "back": reverse("talent:brands"),
        },
        success=_("已登记。"),
    )


@login_required
def brand_detail(request, pk: int):
    b = selectors.brand_get(user=request.user, pk=pk)
    results = selectors.commando_results(user=request.user, brand=b)
    chart = None
    if results and results["bars"]:
        labels, values = zip(*results["bars"], strict=True)
        chart = charts.bars(
            list(labels), [{"name": _("数量"), "data": list(values), "colour": charts.RED}]
        )
    return render(
        request,
        "talent/brand.html",
        {
            "b": b,
            "members": list(b.members.select_related("department").order_by("employee_no")),
            "results": results,
            "chart": chart,
        },
    )


HONOURS = Ledger(HonourFilter, selectors.honour_list, ("-year", "kind", "pk"), "talent:honours")


@login_required
def honours(request):
    user = request.user
    ctx = HONOURS.context(request)
    return render(
        request,
        "talent/honours.html",
        {
            **ctx,
            **_ctx(user, "honours"),
            "unit_options": options(selectors.unit_choices(user=user), request.GET.get("unit")),
            "can_honour": can_honour(user),
        },
    )


def _honour_pick(request) -> tuple[str, int]:
    """The kind and year whose candidates the form lists (from the form sent, else the link)."""
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind")
    kind = kind if kind in HonourKind.values else HonourKind.BRANCH
    low, high = services.year_bounds()
    year = str(data.get("year") or "").strip()
    year = int(year) if year.isdigit() and low <= int(year) <= high else timezone.localdate().year
    return kind, year


@login_required
def honour_new(request):
    """评先评优: the cadre chooses a kind and a year, then picks the unit or person from the
    candidates the platform's records give (量化考核 results, 民主评议, contest prizes)."""
    if not can_honour(request.user):
        raise PermissionDenied
    kind, year = _honour_pick(request)
    data = request.POST if request.method == "POST" else request.GET
    q = str(data.get("q") or "").strip()[:50]
    found = selectors.honour_candidate_page(
        user=request.user, kind=kind, year=year, q=q, page=request.GET.get("page")
    )
    candidates = list(found.object_list)
    picked = request.POST.get("source") if request.method == "POST" else None
    if picked and all(c.key != picked for c in candidates):  # chosen on another page
        one = selectors.honour_candidate(user=request.user, kind=kind, year=year, key=picked)
        candidates += [one] if one else []
    return service_step(
        request,
        bound(
            request,
            HonourForm,
            candidates=candidates,
            initial={"kind": kind, "year": year, "awarded_on": timezone.localdate()},
        ),
        service=services.honour_create,
        back=reverse("talent:honours"),
        template="talent/honour_form.html",
        context={
            "title": _("登记荣誉"),
            "intro": _(
                "先进党支部、先进集体从量化考核评为优秀的单位中选,优秀共产党员从民主评议党员评为优秀的党员中选,"
                "技术能手从技能竞赛获奖者中选;荣誉记下所依据的记录。"
            ),
            "back": reverse("talent:honours"),
            "kinds": HonourKind.choices,
            "kind": kind,
            "year": year,
            "q": q,
            "page_obj": found,
            "candidates": candidates,
        },
        success=_("已登记。"),
    )


@login_required
def board(request, pk: int):
    """A unit's 荣誉榜."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    return render(request, "talent/board.html", {"unit": unit, **selectors.honour_board(unit=unit)})


@login_required
def board_mine(request):
    """The 荣誉榜 of the user's own unit (their department), else of the first unit they reach."""
    person = getattr(request.user, "person", None)
    unit_id = person.department_id if person else None
    if unit_id is None:
        first = selectors.unit_choices(user=request.user).order_by("path").first()
        unit_id = first.pk if first else None
    if unit_id is None:
        raise PermissionDenied
    return redirect("talent:board", pk=unit_id)
