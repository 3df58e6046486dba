"""Selection pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. The rules live in services.py; each workflow step is a row of STEPS."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core.forms import Step, bound, form_step, record_step, step_buttons, step_view
from apps.core.lists import Ledger, options
from apps.orgs.choices import UnitKind
from apps.orgs.models import Person
from apps.orgs.scope import units_reached

from . import eligibility, exports, selectors, services
from .choices import IN_ROUNDS, ApplicantStatus, SelectionAction, SelectionStatus
from .filters import SelectionFilter
from .forms import (
    AnswerForm,
    ApplyForm,
    CancelForm,
    ConfirmForm,
    ExceptionForm,
    NoteForm,
    ObjectionForm,
    ScoreForm,
    SelectionForm,
    TermReviewForm,
    VoteForm,
)
from .permissions import can_manage, is_judge, is_organiser, may

A = SelectionAction
LEDGER = Ledger(
    SelectionFilter, selectors.selection_list, ("-apply_from", "-pk"), "selections:list"
)


@login_required
def selection_list(request):
    user = request.user
    return render(
        request,
        "selections/list.html",
        {
            **LEDGER.context(request),
            "unit_options": options(
                units_reached(user, [UnitKind.COMPANY, UnitKind.DEPARTMENT]).order_by("path"),
                request.GET.get("unit"),
            ),
            "can_create": is_organiser(user),
        },
    )


@login_required
def selection_create(request):
    user = request.user
    if not is_organiser(user):
        raise PermissionDenied
    form = bound(request, SelectionForm, user=user)

    def handler(data):
        judges = data.pop("judge_numbers")
        return services.selection_create(actor=user, judges=judges, **data).get_absolute_url()

    return form_step(
        request,
        form,
        handler=handler,
        template="selections/form.html",
        context={
            "title": _("发布竞聘公告"),
            "intro": _(
                "设定岗位、职数、报名条件、各环节权重(合计 100)和时间安排;先存为草稿,核对后发布。"
            ),
        },
        success=_("竞聘公告已保存为草稿。"),
    )


def _buttons(selection) -> list[tuple]:
    """The steps the state machine admits now, with their button style."""
    rows = [
        ("publish", A.PUBLISH, "btn-primary"),
        ("close_apply", A.CLOSE_APPLY, "btn-primary"),
        ("start_rounds", A.START_ROUNDS, "btn-primary"),
        ("publicize", A.PUBLICIZE, "btn-primary"),
        ("appoint", A.APPOINT, "btn-primary"),
        ("term_review", A.TERM_REVIEW, "btn-primary"),
        ("cancel", A.CANCEL, "btn-outline-danger"),
    ]
    return [(name, css) for name, action, css in rows if may(action, selection)]


@login_required
def selection_detail(request, pk: int):
    user = request.user
    selection = selectors.selection_get(user=user, pk=pk)
    manager = can_manage(user, selection)
    applicants = list(selectors.applicants_of(selection))
    publicity = selection.status in (
        SelectionStatus.PUBLICITY,
        SelectionStatus.APPOINTED,
        SelectionStatus.CLOSED,
    )
    # Outside the organisers, 公示 names the proposed appointees only: no public ranking.
    shown = applicants if manager else []
    proposed = [a for a in applicants if publicity and a.rank and a.rank <= selection.places]
    judge = is_judge(user, selection)
    context = {
        "selection": selection,
        "manager": manager,
        "applicants": shown,
        "proposed": proposed,
        "mine": selectors.my_application(user=user, selection=selection),
        "vote": selectors.vote_state(user=user, selection=selection),
        "panel": selectors.panel(user=user, selection=selection, applicants=applicants)
        if (judge or manager) and selection.status != SelectionStatus.DRAFT
        else None,
        "judge": judge,
        "objections": list(selection.objections.select_related("answered_by"))
        if manager or publicity
        else [],
        "can_object": selection.status == SelectionStatus.PUBLICITY
        and timezone.now() <= selection.publicity_until,
        "can_apply": selection.status == SelectionStatus.OPEN and user.person_id is not None,
        "timeline": selectors.timeline(selection),
        "actions": step_buttons(STEPS, user, selection, _buttons(selection)),
        "ApplicantStatus": ApplicantStatus,
    }
    if manager and selection.status == SelectionStatus.APPOINTED:
        context["term"] = services.term_results(selection, on=timezone.localdate())
    return render(request, "selections/detail.html", context)


@login_required
def selection_apply(request, pk: int):
    """The phone form: the conditions checked against the roster at once, then the statement."""
    user = request.user
    selection = selectors.selection_get(user=user, pk=pk)
    person = Person.objects.filter(pk=user.person_id).first()
    checks = eligibility.check(selection, person, on=timezone.localdate()) if person else []
    form = bound(request, ApplyForm)

    def handler(data):
        services.selection_apply(actor=user, selection=selection, **data)
        return selection.get_absolute_url()

    return form_step(
        request,
        form,
        handler=handler,
        template="selections/apply.html",
        context={
            "title": _("报名竞聘"),
            "selection": selection,
            "checks": checks,
            "mine": selectors.my_application(user=user, selection=selection),
        },
        success=_("报名已提交。"),
    )


@login_required
def selection_vote(request, pk: int):
    """民主测评 on a phone: one grade per candidate, one ballot per team member, anonymous."""
    user = request.user
    selection = selectors.selection_get(user=user, pk=pk)
    state = selectors.vote_state(user=user, selection=selection)
    form = bound(request, VoteForm, candidates=state.get("candidates", []))

    def handler(data):
        services.vote_cast(actor=user, selection=selection, grades=form.grades())
        return selection.get_absolute_url()

    return form_step(
        request,
        form,
        handler=handler,
        template="selections/vote.html",
        context={"title": _("民主测评"), "selection": selection, "vote": state},
        success=_("投票已提交,感谢参与。您的选择不会与您的姓名关联。"),
    )


@login_required
def selection_object(request, pk: int):
    user = request.user
    selection = selectors.selection_get(user=user, pk=pk)
    form = bound(request, ObjectionForm)

    def handler(data):
        services.objection_raise(actor=user, selection=selection, **data)
        return selection.get_absolute_url()

    return form_step(
        request,
        form,
        handler=handler,
        template="selections/action.html",
        context={
            "title": _("提出异议"),
            "intro": _("公示期内可提出异议,可匿名;组织方将在本页公开答复。"),
            "selection": selection,
        },
        success=_("异议已提交。"),
    )


def _manage(user, selection) -> bool:
    return can_manage(user, selection)


STEPS = {
    "publish": Step(
        ConfirmForm,
        allowed=_manage,
        title=_l("发布公告"),
        intro=_l("发布后,发布范围内的职工即可在报名时间内报名。"),
        service=services.selection_publish,
    ),
    "close_apply": Step(
        ConfirmForm,
        allowed=_manage,
        title=_l("截止报名"),
        intro=_l("截止后不再受理报名,进入资格审查;不符合条件的报名须逐一破格审查。"),
        service=services.selection_close_apply,
    ),
    "start_rounds": Step(
        ConfirmForm,
        allowed=_manage,
        title=_l("开始考试考核"),
        intro=_l("资格审查结束后开始笔试、演讲答辩和民主测评;人才库成员的加分此时确定。"),
        service=services.selection_start_rounds,
    ),
    "publicize": Step(
        ConfirmForm,
        allowed=_manage,
        title=_l("排名并公示"),
        intro=_l("所有评委评分、笔试成绩齐全后,按权重计算综合得分并排名,拟任人选进入公示。"),
        service=services.selection_publicize,
    ),
    "appoint": Step(
        ConfirmForm,
        allowed=_manage,
        title=_l("任命"),
        intro=_l("公示期满、异议均已答复后,排名靠前的人选被授予本班组的班组长角色,任期开始。"),
        service=services.selection_appoint,
    ),
    "term_review": Step(
        TermReviewForm,
        allowed=_manage,
        title=_l("任期考核"),
        intro=_l(
            "班组在任期内的隐患整改、诉求办理、量化考核等次和任期民主测评将记入考核;续聘开始新任期,重新竞聘则收回班组长角色。"
        ),
        service=services.selection_term_review,
    ),
    "cancel": Step(
        CancelForm,
        allowed=_manage,
        title=_l("终止竞聘"),
        intro=_l("终止后本次竞聘不再继续,理由记入处理记录。"),
        service=services.selection_cancel,
    ),
}


selection_step = step_view(
    STEPS, get=selectors.selection_get, record_kw="selection", template="selections/action.html"
)


APPLICANT_STEPS = {
    "exception": Step(
        ExceptionForm,
        allowed=lambda user, a: (
            can_manage(user, a.selection) and a.status == ApplicantStatus.PENDING
        ),
        title=_l("破格审查"),
        intro=_l("该报名人有条件未满足。准予或不予破格都须写明理由,理由记入审计记录。"),
        service=services.applicant_exception,
    ),
    "note": Step(
        NoteForm,
        allowed=lambda user, a: can_manage(user, a.selection) and a.status in IN_ROUNDS,
        title=_l("考察意见"),
        service=services.note_save,
    ),
    "score": Step(
        ScoreForm,
        allowed=lambda user, a: is_judge(user, a.selection),
        title=_l("评委评分"),
        intro=_l("请独立评分,提交后不能修改;全部评委评完后才能看到其他评委的分数。"),
        service=services.score_give,
    ),
}


applicant_step = step_view(
    APPLICANT_STEPS,
    get=selectors.applicant_get,
    record_kw="applicant",
    template="selections/action.html",
    context=lambda applicant: {"selection": applicant.selection},
    back=lambda applicant: applicant.selection.get_absolute_url(),
)


@login_required
def objection_answer(request, pk: int):
    objection = selectors.objection_get(user=request.user, pk=pk)
    step = Step(
        AnswerForm,
        allowed=lambda user, o: can_manage(user, o.selection) and not o.answered_at,
        title=_l("答复异议"),
        intro=objection.text,
        service=services.objection_answer,
    )
    return record_step(
        request,
        objection,
        step,
        record_kw="objection",
        back=objection.selection.get_absolute_url(),
        template="selections/action.html",
        context={"selection": objection.selection},
        success=_("已答复。"),
    )


@login_required
def selection_export(request, pk: int):
    """The whole file of a selection as one .docx, for the organisers (it names every score)."""
    selection = selectors.selection_get(user=request.user, pk=pk)
    if not can_manage(request.user, selection):
        raise PermissionDenied
    content = exports.selection_docx(selection)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="selection-{selection.pk}.docx"'
    return response
