"""Test helpers for projects: a proposal in the named company and the steps of its loop."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.projects import services
from apps.projects.choices import ProjectStatus, Verdict
from apps.projects.models import ProjectType
from apps.projects.services import CooperationIn, MemberIn, MilestoneIn, TargetIn

# Dates around today: the project is under way, its milestones still ahead.
TODAY = timezone.localdate()
START, END = TODAY - timedelta(days=30), TODAY + timedelta(days=240)
M1, M2 = START + timedelta(days=90), START + timedelta(days=150)


def project_type() -> ProjectType:
    return ProjectType.objects.get_or_create(name="降本增效青年突击项目")[0]


def plan(company, **over) -> dict:
    """A complete proposal led by 生产部 with 技术部 co-operating."""
    u, p = company.units, company.people
    data = {
        "name": "锅炉燃烧优化降本增效青年突击项目",
        "type": project_type(),
        "aim": "<p>优化锅炉燃烧,<strong>降低煤耗</strong>。</p>",
        "lead_unit": u["prod"],
        "leader": p["bumen"],
        "start_date": START,
        "end_date": END,
        "budget": Decimal("150000"),
        "team_name": "生产部青年突击队",
        "targets": [
            TargetIn("降低成本", "万元", Decimal("200")),
            TargetIn("完成技术攻关课题", "项", Decimal("4")),
        ],
        "cooperations": [CooperationIn(u["tech"], "提供燃烧调整技术方案")],
        "members": [MemberIn(p["shuji"], "现场实施")],
        "milestones": [
            MilestoneIn("完成燃烧调整试验", u["prod"], M1, p["zhigong"]),
            MilestoneIn("技术方案评审", u["tech"], M2),
        ],
    }
    data.update(over)
    return data


def make_project(company, *, status=ProjectStatus.DRAFT, actor="bumen", **over):
    """A project driven through the services to the given state."""
    users = company.users
    project = services.project_create(actor=users[actor], **plan(company, **over))
    if status == ProjectStatus.DRAFT:
        return project
    services.project_submit(actor=users[actor], project=project)
    if status == ProjectStatus.PENDING:
        return _fresh(project)
    if status == ProjectStatus.RETURNED:
        services.project_return(actor=users["dangwei"], project=project, comment="补充分工")
        return _fresh(project)
    services.project_approve(actor=users["dangwei"], project=project)
    if status == ProjectStatus.ACTIVE:
        return _fresh(project)
    for m in project.milestones.all():
        services.milestone_update(
            actor=users["admin"], milestone=m, progress=100, note="完成", done=True
        )
    targets = {t.pk: t.target_value for t in project.targets.all()}
    services.acceptance_request(
        actor=users[actor], project=_fresh(project), summary="全部完成", results=targets
    )
    if status == ProjectStatus.ACCEPTANCE:
        return _fresh(project)
    services.acceptance_decide(actor=users["dangwei"], project=project, verdict=Verdict.PASS)
    if status == ProjectStatus.ACCEPTED:
        return _fresh(project)
    services.project_evaluate(actor=users["dangwei"], project=project, score=Decimal("92"))
    return _fresh(project)


def _fresh(project):
    project.refresh_from_db()
    return project
