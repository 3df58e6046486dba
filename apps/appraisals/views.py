"""民主评议 and 换届 pages: parse, authorise through selectors (out of scope is a 404), call a
service, render."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.forms import action_step, bound, form_step, service_step, settings_step
from apps.core.lists import Ledger, options
from apps.core.pages import Tab

from . import selectors, services
from .choices import AppraisalStatus, Grade
from .filters import AppraisalFilter, CommitteeFilter
from .forms import (
    DecideForm,
    ElectionForm,
    OpenForm,
    RegisterForm,
    SelfForm,
    TermSettingsForm,
    VoteForm,
)
from .models import TermSettings
from .permissions import can_record_election, can_run

FORM = "appraisals/form.html"


def tabs(user) -> list[Tab]:
    rows = [Tab("list", _("民主评议"), reverse("appraisals:list"))]
    if can_run(user):
        rows.append(Tab("committees", _("换届"), reverse("appraisals:committees")))
    if can_record_election(user):
        rows.append(Tab("settings", _("换届设置"), reverse("appraisals:settings")))
    return rows


APPRAISALS = Ledger(
    AppraisalFilter, selectors.appraisal_list, ("-year", "branch__path"), "appraisals:list"
)
COMMITTEES = Ledger(
    CommitteeFilter, selectors.committee_list, ("ends_on", "pk"), "appraisals:committees"
)


@login_required
def appraisal_list(request):
    user = request.user
    return render(
        request,
        "appraisals/list.html",
        {
            **APPRAISALS.context(request),
            "unit_options": options(
                selectors.party_unit_choices(user=user), request.GET.get("unit")
            ),
            "can_open": can_run(user),
            "tabs": tabs(user),
            "tab": "list",
        },
    )


@login_required
def appraisal_open(request):
    if not can_run(request.user):
        raise PermissionDenied
    return service_step(
        request,
        bound(request, OpenForm, branches=selectors.branch_choices(user=request.user)),
        service=services.appraisal_open,
        template=FORM,
        context={
            "title": _("开展民主评议"),
            "intro": _("每年一次:支部党员名单自动列入,党员自评、互评投票后,支部研究确定等次。"),
            "back": reverse("appraisals:list"),
        },
        success=_("已开展评议,已通知党员自评和投票。"),
    )


@login_required
def appraisal_detail(request, pk: int):
    user = request.user
    a = selectors.appraisal_get(user=user, pk=pk)
    entries = selectors.entries_of(a)
    person_id = user.person_id
    mine = next((e for e in entries if e.person_id == person_id), None)
    is_open = a.status == AppraisalStatus.OPEN
    runs = can_run(user, a.branch)
    return render(
        request,
        "appraisals/detail.html",
        {
            "a": a,
            "entries": entries if runs else [],
            "grades": Grade.choices,
            "mine": mine,
            "is_open": is_open,
            "runs": runs,
            "can_vote": is_open and mine is not None and not selectors.has_voted(a, person_id),
        },
    )


@login_required
def self_appraisal(request, pk: int):
    a = selectors.appraisal_get(user=request.user, pk=pk)
    entry = a.entries.filter(person_id=request.user.person_id).first()
    if entry is None:
        raise PermissionDenied
    return service_step(
        request,
        bound(request, SelfForm, initial={"self_text": entry.self_text}),
        service=partial(services.self_appraisal_save, entry=entry),
        back=a.get_absolute_url(),
        template=FORM,
        context={"title": _("自我评价"), "back": a.get_absolute_url()},
        success=_("自评已保存。"),
    )


@login_required
def vote(request, pk: int):
    a = selectors.appraisal_get(user=request.user, pk=pk)
    entries = list(a.entries.select_related("person").order_by("person__employee_no"))
    form = bound(request, VoteForm, entries=entries)

    def cast(data):
        services.vote_cast(actor=request.user, appraisal=a, grades=form.grades())
        return a.get_absolute_url()

    return form_step(
        request,
        form,
        handler=cast,
        template=FORM,
        context={
            "title": _("评议投票"),
            "intro": _("为每名党员选择等次(可以不评);每人只能投一次,提交后不能修改,票面不记名。"),
            "back": a.get_absolute_url(),
        },
        success=_("已投票。"),
    )


@login_required
def decide(request, pk: int, entry_id: int):
    a = selectors.appraisal_get(user=request.user, pk=pk)
    entry = selectors.entry_get(user=request.user, appraisal=a, pk=entry_id)
    if not can_run(request.user, a.branch):
        raise PermissionDenied
    return service_step(
        request,
        bound(request, DecideForm, initial={"grade": entry.grade, "reason": entry.reason}),
        service=partial(services.grade_decide, entry=entry),
        back=a.get_absolute_url(),
        template=FORM,
        context={
            "title": _("确定等次:%(name)s") % {"name": entry.person.name},
            "intro": _("参考党员自评和互评票数,由支部研究确定;评为基本合格、不合格须写明理由。"),
            "back": a.get_absolute_url(),
        },
        success=_("已确定等次。"),
    )


@login_required
def close(request, pk: int):
    a = selectors.appraisal_get(user=request.user, pk=pk)
    if request.method != "POST":
        raise PermissionDenied
    return action_step(
        request,
        handler=lambda: services.appraisal_close(
            actor=request.user, appraisal=a
        ).get_absolute_url(),
        success=_("评议已结束,结果已计入党员档案。"),
        back=a.get_absolute_url(),
    )


# --- 换届 ----------------------------------------------------------------------------------------


@login_required
def committee_list(request):
    user = request.user
    ctx = COMMITTEES.context(request)
    today = timezone.localdate()
    for c in ctx["page"].object_list:
        c.days_left = (c.ends_on - today).days
    return render(
        request,
        "appraisals/committees.html",
        {
            **ctx,
            "unit_options": options(
                selectors.party_unit_choices(user=user), request.GET.get("unit")
            ),
            "can_record": can_record_election(user),
            "tabs": tabs(user),
            "tab": "committees",
        },
    )


@login_required
def committee_detail(request, pk: int):
    c = selectors.committee_get(user=request.user, pk=pk)
    return render(
        request,
        "appraisals/committee.html",
        {
            "c": c,
            "candidates": selectors.candidates_of(c),
            "overdue": c.status == "current" and c.ends_on < timezone.localdate(),
            "can_record": can_record_election(request.user, c.unit),
        },
    )


def _units(request):
    if not can_record_election(request.user):
        raise PermissionDenied
    return selectors.party_unit_choices(user=request.user)


@login_required
def election(request):
    units = _units(request)
    initial = {"held_on": timezone.localdate(), "unit": request.GET.get("unit")}
    return service_step(
        request,
        bound(request, ElectionForm, units=units, initial=initial),
        service=services.election_record,
        template=FORM,
        context={
            "title": _("登记换届选举"),
            "intro": _(
                "按《中国共产党基层组织选举工作条例》:实到会超过应到会的五分之四选举有效,"
                "得票超过实到会人数半数当选。登记后当选人自动获得书记、委员角色。"
            ),
            "back": reverse("appraisals:committees"),
        },
        success=_("已登记选举,新一届委员会任期开始。"),
    )


@login_required
def committee_register(request):
    units = _units(request)
    return service_step(
        request,
        bound(request, RegisterForm, units=units),
        service=services.committee_register,
        template=FORM,
        context={
            "title": _("登记现任委员会"),
            "intro": _("平台启用前选出的委员会:填写上次选举日期,任期按组织类型计算。"),
            "back": reverse("appraisals:committees"),
        },
        success=_("已登记。"),
    )


@login_required
def term_settings(request):
    if not can_record_election(request.user):
        raise PermissionDenied
    return settings_step(
        request,
        TermSettings.current(),
        TermSettingsForm,
        service=services.term_settings_save,
        template=FORM,
        context={
            "title": _("换届设置"),
            "intro": _(
                "默认:基层党委每届 5 年,党总支、党支部每届 3 年;任期届满前 6 个月和 1 个月提醒。"
            ),
            "back": reverse("appraisals:committees"),
            "tabs": tabs(request.user),
            "tab": "settings",
        },
    )
