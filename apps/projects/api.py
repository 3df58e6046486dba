"""Projects over the API: the pages' selectors, FilterSet and services."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.core.api import Steps, filtered, filtered_page, named, query_params
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import ErrorOut, FileOut, PageOut, PageQuery, Ref, errors, file_out, ref
from apps.orgs.models import OrgUnit, Person

from . import selectors, services
from .choices import TargetDirection
from .errors import ProjectError
from .filters import ProjectFilter
from .models import Project, ProjectType

router = Router(tags=["项目化管理"])


class ProjectQuery(PageQuery):
    q: str | None = Field(None, description="名称、团队包含,或编号")
    status: list[str] | None = Field(
        None,
        description="状态,可多选:draft / pending / returned / active / acceptance / accepted / "
        "evaluated / terminated",
    )
    type: Id | None = Field(None, description="项目类型")
    lead_unit: Id | None = Field(None, description="牵头单位(含下级)")
    year: int | None = Field(None, description="年度(该年内在实施的项目)")
    overdue: bool | None = Field(None, description="有逾期里程碑")
    ordering: str | None = Field(
        None, description="name、status、start_date、end_date、progress,前加 - 倒序"
    )


class ProjectOut(Schema):
    id: int
    number: str
    name: str
    type: Ref
    status: str
    status_label: str
    lead_unit: Ref
    leader: Ref | None
    team_name: str
    start_date: date
    end_date: date
    budget: Decimal | None
    progress: Decimal
    overdue_milestones: int
    score: Decimal | None
    grade: str


class TargetOut(Schema):
    id: int
    name: str
    measure: str
    target_value: Decimal
    direction: str = Field(description="higher 越高越好 / lower 越低越好")
    latest_value: Decimal | None
    actual_value: Decimal | None


class MilestoneOut(Schema):
    id: int
    title: str
    owner_unit: Ref
    owner_person: Ref | None
    due_date: date
    status: str
    progress: int
    overdue: bool
    done_at: datetime | None
    done_note: str


class CooperationOut(Schema):
    unit: Ref
    contribution: str


class ProjectMemberOut(Schema):
    person: Ref
    role: str


class ReportOut(Schema):
    id: int
    reported_on: date
    summary: str
    reporter_name: str
    progress: Decimal
    figures: dict[int, Decimal | None]


class IssueOut(Schema):
    id: int
    title: str
    description: str
    status: str
    raised_name: str
    raised_at: datetime
    resolution: str


class AcceptanceOut(Schema):
    id: int
    summary: str
    submitted_at: datetime
    verdict: str
    verdict_note: str
    acceptor_name: str
    decided_at: datetime | None
    results: dict[int, Decimal]
    files: list[FileOut]


class ProjectEventOut(Schema):
    at: datetime
    action: str
    what: str
    who: str
    note: str


class ProjectDetailOut(ProjectOut):
    aim: str
    return_comment: str
    terminate_reason: str
    evaluation_comment: str
    targets: list[TargetOut]
    cooperations: list[CooperationOut]
    members: list[ProjectMemberOut]
    milestones: list[MilestoneOut]
    reports: list[ReportOut]
    issues: list[IssueOut]
    acceptances: list[AcceptanceOut]
    events: list[ProjectEventOut]


class ProjectPage(PageOut):
    counts: dict[str, int]
    items: list[ProjectOut]


class TargetIn(Schema):
    name: str
    measure: str = Field(description="计量单位:万元、项、%、天 …")
    target_value: Decimal | None = Field(None, description="目标值")
    direction: TargetDirection = Field(
        TargetDirection.HIGHER, description="higher 越高越好(达到目标值)/ lower 越低越好(不超过)"
    )


class CooperationIn(Schema):
    unit_id: Id
    contribution: str = ""


class ProjectMemberIn(Schema):
    person_id: Id
    role: str = ""


class MilestoneIn(Schema):
    title: str
    owner_unit_id: Id
    owner_person_id: Id | None = None
    due_date: date | None = None


class ProjectIn(Schema):
    name: str
    type_id: Id
    aim: str = Field(description="项目目标与内容(富文本,保存时清洗)")
    lead_unit_id: Id | None = Field(None, description="牵头单位")
    leader_id: Id | None = None
    team_name: str = ""
    start_date: date
    end_date: date
    budget: Decimal | None = None
    targets: list[TargetIn] = []
    cooperations: list[CooperationIn] = []
    members: list[ProjectMemberIn] = []
    milestones: list[MilestoneIn] = []


class ProjectNoteIn(Schema):
    note: str = ""


class ProjectCommentIn(Schema):
    comment: str


class ProjectReasonIn(Schema):
    reason: str


class MilestoneProgressIn(Schema):
    progress: int | None = Field(None, ge=0, le=100)
    note: str
    done: bool = False


class ProjectReportIn(Schema):
    summary: str = Field(description="进展情况(富文本,保存时清洗)")
    reported_on: date | None = None
    figures: dict[int, Decimal | None] = Field({}, description="指标 id → 最新完成值")


class IssueIn(Schema):
    title: str
    description: str = ""


class ResolveIn(Schema):
    resolution: str


class AcceptanceIn(Schema):
    summary: str
    results: dict[int, Decimal | None] = Field(description="指标 id → 实际完成值")


class ProjectDecideIn(Schema):
    verdict: str = Field(description="pass / fail")
    note: str = ""


class EvaluateIn(Schema):
    score: Decimal = Field(description="0–100")
    comment: str = ""


def _out(p: Project, overdue: int) -> dict:
    return {
        "id": p.pk,
        "number": p.number,
        "name": p.name,
        "type": ref(p.type),
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "lead_unit": ref(p.lead_unit),
        "leader": ref(p.leader),
        "team_name": p.team_name,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "budget": p.budget,
        "progress": p.progress,
        "overdue_milestones": overdue,
        "score": p.score,
        "grade": p.grade,
    }


def _detail(user, pk: int) -> dict:
    p = selectors.project_get(user=user, pk=pk)
    data = selectors.project_page(project=p)
    return {
        **_out(p, data["overdue"]),
        "aim": p.aim,
        "return_comment": p.return_comment,
        "terminate_reason": p.terminate_reason,
        "evaluation_comment": p.evaluation_comment,
        "targets": data["targets"],
        "cooperations": [
            {"unit": ref(c.unit), "contribution": c.contribution}
            for c in p.cooperations.select_related("unit")
        ],
        "members": [
            {"person": ref(m.person), "role": m.role} for m in p.members.select_related("person")
        ],
        "milestones": [
            {
                "id": m.pk,
                "title": m.title,
                "owner_unit": ref(m.owner_unit),
                "owner_person": ref(m.owner_person),
                "due_date": m.due_date,
                "status": m.status,
                "progress": m.progress,
                "overdue": m.overdue,
                "done_at": m.done_at,
                "done_note": m.done_note,
            }
            for m in data["milestones"]
        ],
        "reports": [
            {
                "id": r.pk,
                "reported_on": r.reported_on,
                "summary": r.summary,
                "reporter_name": r.reporter_name,
                "progress": r.progress,
                "figures": {t.pk: v for t, v in r.values},
            }
            for r in data["reports"]
        ],
        "issues": data["issues"],
        "acceptances": [
            {
                "id": a.pk,
                "summary": a.summary,
                "submitted_at": a.submitted_at,
                "verdict": a.verdict,
                "verdict_note": a.verdict_note,
                "acceptor_name": a.acceptor_name,
                "decided_at": a.decided_at,
                "results": {t.pk: v for t, v in a.rows if t is not None},
                "files": [file_out(f) for f in a.files],
            }
            for a in data["acceptances"]
        ],
        "events": [
            {
                "at": e.at,
                "action": e.action,
                "what": str(e.get_action_display()),
                "who": e.actor_name,
                "note": e.note,
            }
            for e in data["events"]
        ],
    }


def _unit(pk: int | None, field: str):
    return named(OrgUnit.objects, pk, field=field, error=CoreError.UNIT_NOT_FOUND)


def _person(pk: int | None, field: str):
    people = Person.objects.select_related("department", "team")
    return named(people, pk, field=field, error=CoreError.PERSON_NOT_FOUND)


def _plan(data: ProjectIn) -> dict:
    project_type = ProjectType.objects.filter(pk=data.type_id, is_active=True).first()
    if project_type is None:
        raise ProjectError.TYPE_REQUIRED(field="type_id")
    return {
        "name": data.name,
        "type": project_type,
        "aim": data.aim,
        "lead_unit": _unit(data.lead_unit_id, "lead_unit_id"),
        "leader": _person(data.leader_id, "leader_id"),
        "team_name": data.team_name,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "budget": data.budget,
        "targets": [
            services.TargetIn(t.name, t.measure, t.target_value, t.direction) for t in data.targets
        ],
        "cooperations": [
            services.CooperationIn(_unit(c.unit_id, "cooperations"), c.contribution)
            for c in data.cooperations
        ],
        "members": [
            services.MemberIn(_person(m.person_id, "members"), m.role) for m in data.members
        ],
        "milestones": [
            services.MilestoneIn(
                m.title,
                _unit(m.owner_unit_id, "milestones"),
                m.due_date,
                _person(m.owner_person_id, "milestones"),
            )
            for m in data.milestones
        ],
    }


step = Steps(get=selectors.project_get, name="project", detail=_detail)
WRITE = {200: ProjectDetailOut, **errors(400, 403, 404, 409)}


@router.get("/items", response={200: ProjectPage, 422: ErrorOut}, summary="项目台账")
def items(request, query: Query[ProjectQuery]):
    return filtered_page(
        query,
        ProjectFilter,
        selectors.project_list(user=request.user),
        lambda p, overdue: _out(p, overdue.get(p.pk, 0)),
        lookup=lambda rows: selectors.overdue_counts([p.pk for p in rows]),
        order=("-start_date", "-pk"),
        counts=selectors.status_counts,
    )


@router.get("/timeline", response={200: dict, 422: ErrorOut}, summary="里程碑按月分布")
def timeline(request, query: Query[ProjectQuery]):
    """筛选后项目的里程碑按完成时限所在月份统计:已完成、未到期、已逾期。"""
    params = query_params(query)
    projects = filtered(ProjectFilter(params, queryset=selectors.project_list(user=request.user)))
    return selectors.milestone_timeline_cached(
        user=request.user, projects=projects, params=params.urlencode()
    )


@router.get(
    "/items/{int:project_id}", response={200: ProjectDetailOut, 404: ErrorOut}, summary="项目详情"
)
def item(request, project_id: int):
    return _detail(request.user, project_id)


@router.post(
    "/items",
    response={201: ProjectDetailOut, **errors(400, 403, 422)},
    summary="申报项目(草稿)",
)
def create(request, data: ProjectIn):
    project = services.project_create(actor=request.user, **_plan(data))
    return Status(201, _detail(request.user, project.pk))


@router.put("/items/{int:project_id}", response={**WRITE, 422: ErrorOut}, summary="修改立项内容")
def update(request, project_id: int, data: ProjectIn):
    return step(request, project_id, services.project_update, **_plan(data))


@router.post("/items/{int:project_id}/submit", response=WRITE, summary="提交审批")
def submit(request, project_id: int):
    return step(request, project_id, services.project_submit)


@router.post("/items/{int:project_id}/approve", response=WRITE, summary="审批通过")
def approve(request, project_id: int, data: ProjectNoteIn):
    return step(request, project_id, services.project_approve, data)


@router.post("/items/{int:project_id}/return", response=WRITE, summary="退回修改")
def send_back(request, project_id: int, data: ProjectCommentIn):
    return step(request, project_id, services.project_return, data)


@router.post("/items/{int:project_id}/terminate", response=WRITE, summary="终止项目")
def terminate(request, project_id: int, data: ProjectReasonIn):
    return step(request, project_id, services.project_terminate, data)


@router.post(
    "/items/{int:project_id}/milestones",
    response={**WRITE, 422: ErrorOut},
    summary="增加里程碑",
)
def milestone_add(request, project_id: int, data: MilestoneIn):
    return step(
        request,
        project_id,
        services.milestone_add,
        title=data.title,
        owner_unit=_unit(data.owner_unit_id, "owner_unit_id"),
        owner_person=_person(data.owner_person_id, "owner_person_id"),
        due_date=data.due_date,
    )


@router.post(
    "/milestones/{int:milestone_id}/progress",
    response=WRITE,
    summary="填报里程碑进展",
    description="multipart/form-data:progress、note、done,加上 evidence(佐证材料,可多个)。",
)
def milestone_progress(
    request,
    milestone_id: int,
    data: Form[MilestoneProgressIn],
    evidence: File[list[UploadedFile]] = None,
):
    milestone = selectors.milestone_get(user=request.user, pk=milestone_id)
    services.milestone_update(
        actor=request.user,
        milestone=milestone,
        progress=data.progress,
        note=data.note,
        done=data.done,
        evidence=evidence or [],
    )
    return _detail(request.user, milestone.project_id)


@router.post("/items/{int:project_id}/reports", response=WRITE, summary="报告进展")
def report(request, project_id: int, data: ProjectReportIn):
    return step(request, project_id, services.report_submit, data)


@router.post("/items/{int:project_id}/issues", response=WRITE, summary="提出问题")
def issue(request, project_id: int, data: IssueIn):
    return step(request, project_id, services.issue_raise, data)


@router.post("/issues/{int:issue_id}/resolve", response=WRITE, summary="问题已解决")
def resolve(request, issue_id: int, data: ResolveIn):
    issue_row = selectors.issue_get(user=request.user, pk=issue_id)
    services.issue_resolve(actor=request.user, issue=issue_row, resolution=data.resolution)
    return _detail(request.user, issue_row.project_id)


@router.post("/items/{int:project_id}/acceptance", response=WRITE, summary="申请验收")
def acceptance(request, project_id: int, data: AcceptanceIn):
    """总结和每项指标的实际完成值;佐证材料随后用 `acceptance/evidence` 上传。"""
    return step(request, project_id, services.acceptance_request, data)


@router.post(
    "/items/{int:project_id}/acceptance/evidence",
    response=WRITE,
    summary="补充验收佐证材料",
    description="multipart/form-data:evidence(可多个),补充到待验收的申请上。",
)
def acceptance_evidence(request, project_id: int, evidence: File[list[UploadedFile]] = None):
    return step(request, project_id, services.acceptance_evidence_add, evidence=evidence or [])


@router.post("/items/{int:project_id}/acceptance/decide", response=WRITE, summary="验收结论")
def decide(request, project_id: int, data: ProjectDecideIn):
    return step(request, project_id, services.acceptance_decide, data)


@router.post("/items/{int:project_id}/evaluate", response=WRITE, summary="项目评价")
def evaluate(request, project_id: int, data: EvaluateIn):
    return step(request, project_id, services.project_evaluate, data)
