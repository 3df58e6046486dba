"""发展党员 pages: the board of a branch's pipeline, a person's record with its steps (one short
form each, the Step table), the documents, the settings."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core.errors import NotFound
from apps.core.forms import Step, bound, service_step, step_buttons, step_view
from apps.core.lists import list_page_context, options
from apps.core.pages import Tab

from . import documents, forms, rules, selectors, services
from .choices import AdmissionStatus as S
from .filters import AdmissionFilter
from .models import AdmissionPolicy


def tabs(user) -> list[Tab]:
    items = [Tab("board", _l("发展党员"), reverse("admission:board"))]
    if services.can_set_policy(user):
        items.append(Tab("policy", _l("设置"), reverse("admission:policy")))
    return items


@login_required
def board(request):
    """Everyone in the pipeline of the branches the user's party roles reach, with the next
    step and its day; a user without such a role has nothing here."""
    user = request.user
    rows = selectors.board(user=user)
    ctx = list_page_context(
        request, AdmissionFilter, rows, order=("branch__path", "next_due", "pk")
    )
    for a in ctx["page"].object_list:
        a.next_label = rules.NEXT_LABELS.get(a.next_step, "")
        a.is_deadline = a.next_step in rules.DEADLINES
    branches = selectors.branches(user=user)
    return render(
        request,
        "admission/board.html",
        {
            **ctx,
            "stages": selectors.stage_counts(ctx["filterset"].qs),
            "branch_options": options(branches, request.GET.get("branch")),
            "can_apply": branches.exists(),
            "tabs": tabs(user),
            "tab": "board",
        },
    )


@login_required
def apply(request):
    branches = selectors.branches(user=request.user)
    form = bound(request, forms.ApplyForm, branches=branches)
    return service_step(
        request,
        form,
        service=services.admission_apply,
        template="admission/apply.html",
        context={"title": _("登记入党申请")},
        success=_("已登记入党申请。"),
    )


# Each stage's buttons: (step name, css), the first the usual next step.
BUTTONS = {
    S.APPLICANT: (("talk", "btn-primary"), ("activist", "btn-primary")),
    S.ACTIVIST: (("candidate", "btn-primary"), ("review", "btn-outline-primary")),
    S.CANDIDATE: (
        ("political", "btn-outline-primary"),
        ("training", "btn-outline-primary"),
        ("sponsors", "btn-outline-primary"),
        ("publicity", "btn-outline-primary"),
        ("vote", "btn-primary"),
    ),
    S.ADMIT_PENDING: (("approve", "btn-primary"), ("send_back", "btn-outline-danger")),
    S.PROBATIONARY: (("vote", "btn-primary"), ("review", "btn-outline-primary")),
    S.CONFIRM_PENDING: (("approve", "btn-primary"), ("send_back", "btn-outline-danger")),
    S.FULL: (),
}


def _open(name, admission) -> bool:
    """A step still to take at the person's stage (one already done is not offered again)."""
    done = {
        "talk": admission.talked_on,
        "activist": not admission.talked_on,
        "political": admission.political_on,
        "training": admission.training_end,
        "sponsors": admission.sponsored_on,
        "publicity": admission.publicity_start,
    }
    return not done.get(name)


@login_required
def detail(request, pk: int):
    admission = selectors.admission_get(user=request.user, pk=pk)
    buttons = [(n, css) for n, css in BUTTONS[admission.status] if _open(n, admission)]
    return render(
        request,
        "admission/detail.html",
        {
            "admission": admission,
            "actions": step_buttons(STEPS, request.user, admission, buttons),
            "next_label": rules.NEXT_LABELS.get(admission.next_step, ""),
            "is_deadline": admission.next_step in rules.DEADLINES,
            **selectors.detail(admission),
        },
    )


def _vote_kwargs(user, admission):
    return {"meetings": selectors.general_meetings(admission)}


def _branch(title, intro, form, service, **kw):
    return Step(form, allowed=services.can_run, title=title, intro=intro, service=service, **kw)


STEPS = {
    "talk": _branch(
        _l("谈话"),
        _l("收到入党申请后一个月内,党组织派人同申请人谈话(细则第七条)。"),
        forms.TalkForm,
        services.admission_talk,
    ),
    "activist": _branch(
        _l("确定为入党积极分子"),
        _l("支部委员会研究决定,并指定一至两名正式党员作培养联系人。"),
        forms.ActivistForm,
        services.admission_activist,
    ),
    "review": _branch(
        _l("半年考察"),
        _l("党支部每半年对入党积极分子、预备党员考察一次。"),
        forms.ReviewForm,
        services.admission_review,
    ),
    "candidate": _branch(
        _l("列为发展对象"),
        _l("经过一年以上培养教育和考察,支部委员会讨论同意后列为发展对象。"),
        forms.CandidateForm,
        services.admission_candidate,
    ),
    "political": _branch(
        _l("政治审查"),
        _l("未经政治审查或政治审查不合格的,不能发展入党。"),
        forms.PoliticalForm,
        services.admission_political,
    ),
    "training": _branch(
        _l("集中培训"),
        _l("培训时间一般不少于三天或二十四个学时;学习教育模块的学时自动计入。"),
        forms.TrainingForm,
        services.admission_training,
    ),
    "sponsors": _branch(
        _l("确定入党介绍人"),
        _l("两名正式党员作入党介绍人;预备党员不能担任。"),
        forms.SponsorsForm,
        services.admission_sponsors,
    ),
    "publicity": _branch(
        _l("公示"),
        _l("公示期满(工作日)后方可提交支部大会表决。"),
        forms.PublicityForm,
        services.admission_publicity,
    ),
    "vote": _branch(
        _l("支部大会表决"),
        _l(
            "到会有表决权的正式党员须超过应到会人数的半数;"
            "赞成票须超过应到会有表决权正式党员的半数(不是到会人数的半数)。"
        ),
        forms.VoteForm,
        services.admission_vote,
        form_kwargs=_vote_kwargs,
    ),
    "approve": Step(
        forms.ApproveForm,
        allowed=services.can_approve,
        title=_l("党委谈话并审批"),
        intro=_l("上级党委派人谈话后审批,应在支部大会表决后三个月内完成。"),
        service=services.admission_approve,
    ),
    "send_back": Step(
        forms.SendBackForm,
        allowed=services.can_approve,
        title=_l("退回支部"),
        intro=_l("写明退回理由;支部重新表决前,人员回到表决前的阶段。"),
        service=services.admission_send_back,
    ),
}


step = step_view(
    STEPS, get=selectors.admission_get, record_kw="admission", template="admission/step.html"
)


DOCS = {
    "publicity": documents.publicity,
    "application": documents.application,
    "vote": documents.vote_record,
}


@login_required
def document(request, pk: int, doc: str):
    """A document made from the record (nothing typed again), as Word."""
    admission = selectors.admission_get(user=request.user, pk=pk)
    if doc not in DOCS:
        raise NotFound()
    name, content = DOCS[doc](admission)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)


@login_required
def policy(request):
    if not services.can_set_policy(request.user):
        raise PermissionDenied
    return service_step(
        request,
        bound(request, forms.PolicyForm, instance=AdmissionPolicy.current()),
        service=services.policy_save,
        back=reverse("admission:policy"),
        template="admission/policy.html",
        context={"tabs": tabs(request.user), "tab": "policy"},
        success=_("发展党员设置已保存。"),
    )
