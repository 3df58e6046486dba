"""Project pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. The rules live in services.py and permissions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from apps.core.filters import sortable
from apps.core.forms import Step, action_step, bound, form_step, record_step, step_view
from apps.core.lists import (
    Ledger,
    export_url,
    options,
    sort_headers,
    status_links,
)
from apps.core.pagination import paginate
from apps.core.timeline import timeline_rows
from apps.orgs.models import OrgUnit

from . import selectors, services
from .charts import timeline_option
from .choices import EDITABLE_STATUSES, ProjectAction, ProjectStatus
from .exports import columns, with_overdue
from .filters import ProjectFilter
from .forms import (
    AcceptanceDecideForm,
    AcceptanceRequestForm,
    CommentForm,
    CooperationFormSet,
    EvaluateForm,
    IssueForm,
    MilestoneForm,
    MilestoneFormSet,
    MilestoneUpdateForm,
    NoteForm,
    ProjectForm,
    ReasonForm,
    ReportForm,
    ResolveForm,
    TargetFormSet,
)
from .permissions import can_approve, can_manage, can_propose, can_update_milestone
from .selectors import PICKER_KINDS

SORTABLE = sortable(ProjectFilter, "name", "status", "start_date", "end_date", "progress")
A = ProjectAction


def _project(request, pk: int):
    return selectors.project_get(user=request.user, pk=pk)


LEDGER = Ledger(ProjectFilter, selectors.project_list, ("-start_date", "-pk"), "projects:list")


# --- the portfolio ----------------------------------------------------------------------------


@login_required
def project_list(request):
    """The portfolio: projects in scope with status, type, lead unit, progress and overdue
    milestones; filters, sorting, export and the milestone timeline of the filtered set."""
    user = request.user
    ctx = LEDGER.context(request)
    overdue = selectors.overdue_counts([p.pk for p in ctx["page"].object_list])
    for p in ctx["page"].object_list:
        p.overdue = overdue.get(p.pk, 0)
    statuses = status_links(
        request,
        ProjectFilter,
        selectors.project_list(user=user),
        choices=ProjectStatus.choices,
        count=selectors.status_counts,
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("ordering", None)
    chart = selectors.milestone_timeline_cached(
        user=user, projects=ctx["filterset"].qs, params=query.urlencode()
    )
    year = timezone.localdate().year
    return render(
        request,
        "projects/list.html",
        {
            **ctx,
            **statuses,
            "sort_headers": sort_headers(request, SORTABLE),
            "unit_options": options(
                selectors.unit_choices(user=user), request.GET.get("lead_unit")
            ),
            "type_options": options(selectors.type_choices(), request.GET.get("type")),
            "years": list(range(year + 1, year - 5, -1)),
            "export_url": export_url(request, "projects:export", drop=("page", "ordering")),
            "can_propose": can_propose(user),
            "my_milestones": list(selectors.my_milestones(user=user)[:10]),
            "today": timezone.localdate(),
            "chart": chart,
            "timeline_option": timeline_option(chart),
        },
    )


@login_required
def project_export(request):
    """The portfolio as .xlsx with the page's filters, in the user's scope."""
    return LEDGER.export(request, columns=columns(), name=_("项目台账"), prepare=with_overdue)


@login_required
def my_milestones(request):
    """A milestone owner's list on a phone: what to report on, soonest first."""
    page = paginate(selectors.my_milestones(user=request.user), request.GET.get("page"))
    today = timezone.localdate()
    for m in page.object_list:
        m.overdue = m.is_overdue(today)
    return render(request, "projects/mine.html", {"page": page, "today": today})


# --- propose and edit -------------------------------------------------------------------------


def _all_units():
    """Companies and departments in use: a project's partners and milestone owners (a person in
    a team is named by 工号; thousands of teams would make every row's list unusable)."""
    return (
        OrgUnit.objects.alive()
        .filter(kind__in=PICKER_KINDS)
        .only("pk", "name", "path")
        .order_by("path")
    )


def _plan_forms(request, user, project=None):
    units = selectors.unit_choices(user=user)
    all_units = units
    if project is not None:  # units already in the plan stay selectable
        ids = {project.lead_unit_id}
        ids |= set(project.cooperations.values_list("unit_id", flat=True))
        ids |= set(project.milestones.values_list("owner_unit_id", flat=True))
        all_units = (
            OrgUnit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk__in=ids))
            .only("pk", "name", "path")
            .order_by("path")
        )
    # Co-operating units and milestone owners may lie outside the proposer's own reach.
    partners = _all_units()
    post = request.POST if request.method == "POST" else None
    initial = {}
    rows = {"targets": [{}] * 3, "cooperations": [{}] * 2, "milestones": [{}] * 6}
    if project is not None:
        initial = {
            "name": project.name,
            "type": project.type_id,
            "aim": project.aim,
            "lead_unit": project.lead_unit_id,
            "leader_no": project.leader.employee_no if project.leader else "",
            "team_name": project.team_name,
            "start_date": project.start_date,
            "end_date": project.end_date,
            "budget": project.budget,
            "member_lines": "\n".join(
                f"{m.person.employee_no} {m.role}".strip()
                for m in project.members.select_related("person")
            ),
        }
        rows["targets"] = [
            {
                "name": t.name,
                "measure": t.measure,
                "target_value": t.target_value,
                "direction": t.direction,
            }
            for t in project.targets.all()
        ] + [{}]
        rows["cooperations"] = [
            {"unit": c.unit_id, "contribution": c.contribution} for c in project.cooperations.all()
        ] + [{}]
        rows["milestones"] = [
            {
                "title": m.title,
                "owner_unit": m.owner_unit_id,
                "owner_person": m.owner_person.employee_no if m.owner_person else "",
                "due_date": m.due_date,
            }
            for m in project.milestones.select_related("owner_person")
        ] + [{}, {}]
    else:
        person = getattr(user, "person", None)
        if person is not None:
            initial["leader_no"] = person.employee_no
            own = person.department_id
            if own and units.filter(pk=own).exists():
                initial["lead_unit"] = own
    form = ProjectForm(post, units=all_units, types=selectors.type_choices(), initial=initial)
    sets = {
        "targets": TargetFormSet(post, prefix="t", initial=None if post else rows["targets"]),
        "cooperations": CooperationFormSet(
            post,
            prefix="c",
            initial=None if post else rows["cooperations"],
            form_kwargs={"units": partners},
        ),
        "milestones": MilestoneFormSet(
            post,
            prefix="m",
            initial=None if post else rows["milestones"],
            form_kwargs={"units": partners},
        ),
    }
    return form, sets


def _plan_kwargs(form, sets) -> dict:
    d = form.cleaned_data
    return {
        "name": d["name"],
        "type": d["type"],
        "aim": d["aim"],
        "lead_unit": d["lead_unit"],
        "leader": d["leader_no"],
        "start_date": d["start_date"],
        "end_date": d["end_date"],
        "budget": d["budget"],
        "team_name": d["team_name"],
        "members": d["member_lines"],
        "targets": [r for r in (f.row() for f in sets["targets"]) if r],
        "cooperations": [r for r in (f.row() for f in sets["cooperations"]) if r],
        "milestones": [r for r in (f.row() for f in sets["milestones"]) if r],
    }


PLAN_ALIASES = {"leader": "leader_no", "members": "member_lines"}


def _plan_step(request, *, form, sets, handler, project=None, success=None):
    """The plan page: the form and its row sets (targets, co-operating units, milestones) are
    checked together; the service runs only when all of them are valid."""
    context = {"sets": sets, "project": project}
    if request.method == "POST" and not all([s.is_valid() for s in sets.values()]):
        form.is_valid()  # its own errors show beside the rows'
        return render(request, "projects/form.html", {**context, "form": form}, status=400)
    return form_step(
        request,
        form,
        handler=handler,
        template="projects/form.html",
        context=context,
        success=success,
        aliases=PLAN_ALIASES,
    )


@login_required
def project_create(request):
    user = request.user
    if not can_propose(user):
        raise PermissionDenied
    form, sets = _plan_forms(request, user)
    submit = bool(request.POST.get("submit"))

    def create(_data):
        with transaction.atomic():  # a plan that cannot be submitted is not kept half-done
            project = services.project_create(actor=user, **_plan_kwargs(form, sets))
            if submit:
                services.project_submit(actor=user, project=project)
        return project.get_absolute_url()

    done = _("已提交党群工作部审批。") if submit else _("已保存草稿,可继续修改后提交审批。")
    return _plan_step(request, form=form, sets=sets, handler=create, success=done)


@login_required
def project_edit(request, pk: int):
    user = request.user
    project = _project(request, pk)
    if not can_manage(user, project):
        raise PermissionDenied
    if project.status not in EDITABLE_STATUSES:
        messages.error(request, _("项目已进入审批或实施,不能再修改立项内容。"))
        return redirect("projects:detail", pk=pk)
    form, sets = _plan_forms(request, user, project)

    def save(_data):
        with transaction.atomic():
            services.project_update(actor=user, project=project, **_plan_kwargs(form, sets))
            if request.POST.get("submit"):
                services.project_submit(actor=user, project=project)
        return reverse("projects:detail", args=[pk])

    return _plan_step(
        request, form=form, sets=sets, handler=save, project=project, success=_("已保存。")
    )


# --- a project --------------------------------------------------------------------------------


@login_required
def project_detail(request, pk: int):
    project = _project(request, pk)
    user = request.user
    manage, approve = can_manage(user, project), can_approve(user, project)
    allowed = services.allowed_actions(project.status)
    actions = []
    if manage and project.status in EDITABLE_STATUSES:
        actions.append(("edit", _("修改立项内容"), "btn-outline-primary"))
    if manage and A.SUBMIT in allowed:
        actions.append(("submit", _("提交审批"), "btn-primary"))
    if approve and A.APPROVE in allowed:
        actions += [
            ("approve", _("审批通过"), "btn-primary"),
            ("return", _("退回修改"), "btn-outline-danger"),
        ]
    if manage and project.status == ProjectStatus.ACTIVE:
        actions += [
            ("report", _("报告进展"), "btn-primary"),
            ("milestone_add", _("增加里程碑"), "btn-outline-primary"),
            ("acceptance_request", _("申请验收"), "btn-outline-primary"),
        ]
    if approve and project.status == ProjectStatus.ACCEPTANCE:
        actions.append(("acceptance_decide", _("验收"), "btn-primary"))
    if approve and A.EVALUATE in allowed:
        actions.append(("evaluate", _("评价"), "btn-primary"))
    if A.TERMINATE in allowed and (
        approve
        or (manage and project.status not in (ProjectStatus.ACTIVE, ProjectStatus.ACCEPTANCE))
    ):
        actions.append(("terminate", _("终止项目"), "btn-outline-secondary"))
    data = selectors.project_page(project=project)
    running = project.status in (ProjectStatus.ACTIVE, ProjectStatus.ACCEPTANCE)
    for m in data["milestones"]:
        m.can_update = (
            project.status == ProjectStatus.ACTIVE
            and m.status == "open"
            and can_update_milestone(user, m, project)
        )
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            **data,
            "actions": actions,
            "can_manage": manage,
            "can_raise": running,
            "timeline": timeline_rows(project, events=data["events"]),
            "cooperations": list(project.cooperations.select_related("unit")),
            "members": list(project.members.select_related("person")),
        },
    )


STEPS = {
    "approve": Step(
        NoteForm,
        allowed=can_approve,
        title=_l("审批通过"),
        intro=_l("批准后项目进入实施,各里程碑按责任单位和完成时限纳入督办。"),
        service=services.project_approve,
    ),
    "return": Step(
        CommentForm,
        allowed=can_approve,
        title=_l("退回修改"),
        intro=_l("写明需要修改的地方;申报单位修改后可再次提交。"),
        service=services.project_return,
    ),
    "terminate": Step(
        ReasonForm,
        allowed=lambda u, p: can_manage(u, p) or can_approve(u, p),
        title=_l("终止项目"),
        intro=_l("终止后未完成的里程碑退出督办,项目及其全部记录保留可查。"),
        service=services.project_terminate,
    ),
    "milestone_add": Step(
        MilestoneForm,
        form_kwargs=lambda u, p: {"units": _all_units()},
        allowed=can_manage,
        title=_l("增加里程碑"),
        intro=_l("完成时限须在项目起止日期之内;实施中的项目新增里程碑会立即纳入督办。"),
        service=services.milestone_add,
    ),
    "report": Step(
        ReportForm,
        form_kwargs=lambda u, p: {"targets": p.targets.all()},
        allowed=can_manage,
        title=_l("报告进展"),
        intro=_l("写明本期进展,并填写各项指标的最新完成值(不填的沿用上次数值)。"),
        call=lambda user, p, d: services.report_submit(
            actor=user,
            project=p,
            summary=d["summary"],
            figures=d["values"],
            reported_on=d["reported_on"],
        ),
    ),
    "issue": Step(
        IssueForm,
        allowed=lambda u, p: True,  # anyone who sees the project may raise a problem
        title=_l("提出问题"),
        intro=_l("项目推进中遇到的困难和需要协调的事项,牵头单位会收到通知。"),
        service=services.issue_raise,
    ),
    "acceptance_request": Step(
        AcceptanceRequestForm,
        form_kwargs=lambda u, p: {"targets": p.targets.all()},
        allowed=can_manage,
        title=_l("申请验收"),
        intro=_l("里程碑全部完成后,填写每项指标的实际完成值并附佐证材料,由党群工作部验收。"),
        call=lambda user, p, d: services.acceptance_request(
            actor=user, project=p, summary=d["summary"], results=d["values"], evidence=d["evidence"]
        ),
    ),
    "acceptance_decide": Step(
        AcceptanceDecideForm,
        allowed=can_approve,
        title=_l("验收"),
        intro=_l("对照各项指标的目标值和实际值给出结论;不通过的项目回到实施中继续整改。"),
        service=services.acceptance_decide,
    ),
    "evaluate": Step(
        EvaluateForm,
        allowed=can_approve,
        title=_l("项目评价"),
        intro=_l("得分(0–100)计入量化考核:90 分及以上为优秀,80 分及以上为良好,60 分及以上为合格。"),
        service=services.project_evaluate,
    ),
}


project_step = step_view(
    STEPS, get=selectors.project_get, record_kw="project", template="projects/action.html"
)


@login_required
@require_POST
def project_submit(request, pk: int):
    project = _project(request, pk)
    detail = reverse("projects:detail", args=[pk])

    def submit():
        services.project_submit(actor=request.user, project=project)
        return detail

    return action_step(request, handler=submit, success=_("已提交党群工作部审批。"), back=detail)


@login_required
def milestone_update(request, pk: int):
    """The owner reports on a milestone from a phone: progress, a note, evidence, done."""
    milestone = selectors.milestone_get(user=request.user, pk=pk)
    project = milestone.project
    if not can_update_milestone(request.user, milestone, project):
        raise PermissionDenied
    form = bound(request, MilestoneUpdateForm, initial={"progress": milestone.progress})

    def report(d):
        services.milestone_update(
            actor=request.user,
            milestone=milestone,
            progress=d["progress"],
            note=d["note"],
            done=d["done"],
            evidence=request.FILES.getlist("evidence"),
        )
        done = _("里程碑已完成,已退出督办。") if d["done"] else _("进展已报送。")
        messages.success(request, done)
        return project.get_absolute_url() + "#milestones"

    return form_step(
        request,
        form,
        handler=report,
        template="projects/milestone_update.html",
        context={"milestone": milestone, "project": project, "overdue": milestone.is_overdue()},
    )


@login_required
def issue_resolve(request, pk: int):
    issue = selectors.issue_get(user=request.user, pk=pk)
    resolve = Step(
        ResolveForm,
        allowed=can_manage,
        title=_("问题解决情况"),
        intro=issue.title,
        call=lambda user, p, d: services.issue_resolve(actor=user, issue=issue, **d),
    )
    project = _project(request, issue.project_id)
    return record_step(
        request,
        project,
        resolve,
        record_kw="project",
        back=project.get_absolute_url(),
        template="projects/action.html",
        context={"project": project},
        success=_("已保存。"),
    )
