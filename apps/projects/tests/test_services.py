"""The loop: proposal → approval (or return) → milestones under 督办 → progress → acceptance →
evaluation, and termination; every refused step says why."""

from datetime import timedelta
from decimal import Decimal

import pytest

from apps.core.errors import DomainError, Forbidden
from apps.projects import services
from apps.projects.choices import MilestoneStatus, ProjectStatus, Verdict
from apps.projects.models import Milestone, Project, ProjectEvent
from apps.projects.services import MilestoneIn, TargetIn
from apps.supervision.models import SupervisedItem

from .factories import END, M1, START, make_project, plan

S = ProjectStatus


def test_proposal_is_a_draft_with_its_plan(company):
    project = services.project_create(actor=company.users["bumen"], **plan(company))
    assert project.status == S.DRAFT and project.number.startswith("XM")
    assert [t.measure for t in project.targets.all()] == ["万元", "项"]
    assert project.cooperations.get().contribution == "提供燃烧调整技术方案"
    assert project.members.get().person == company.people["shuji"]
    assert project.milestones.count() == 2
    assert not SupervisedItem.objects.exists()  # a plan is not supervised until approved


def test_whole_loop(company):
    users = company.users
    project = services.project_create(actor=users["bumen"], **plan(company))
    services.project_submit(actor=users["bumen"], project=project)
    services.project_return(actor=users["dangwei"], project=project, comment="请补充配合单位分工")
    project.refresh_from_db()
    assert project.status == S.RETURNED and project.return_comment == "请补充配合单位分工"
    services.project_submit(actor=users["bumen"], project=project)
    services.project_approve(actor=users["dangwei"], project=project, note="同意")
    project.refresh_from_db()
    assert project.status == S.ACTIVE and project.approved_at
    items = SupervisedItem.objects.filter(kind="milestone")
    assert items.count() == 2 and all(i.closed_at is None for i in items)
    mine = items.get(owner_person=company.people["zhigong"])
    assert mine.due_at.date() == M1 and mine.url == f"/projects/{project.pk}/"

    m1, m2 = project.milestones.order_by("due_date")
    services.milestone_update(actor=users["zhigong"], milestone=m1, progress=60, note="试验进行中")
    m1.refresh_from_db()
    assert m1.progress == 60 and m1.status == MilestoneStatus.OPEN
    services.milestone_update(
        actor=users["zhigong"], milestone=m1, progress=None, note="完成", done=True
    )
    m1.refresh_from_db()
    assert m1.status == MilestoneStatus.DONE and m1.progress == 100
    # each report is a step on the milestone's timeline, the last one open → done
    steps = list(m1.updates.order_by("at", "pk").values_list("action", "to_status", "progress"))
    assert steps == [("progress", "", 60), ("done", "done", 100)]
    assert m1.updates.filter(done=True).get().actor_name == users["zhigong"].display_name
    assert SupervisedItem.objects.get(object_id=m1.pk, kind="milestone").closed_at is not None
    project.refresh_from_db()
    assert project.progress == Decimal("25.0")  # milestones 1/2; targets with no figure yet: 0

    with pytest.raises(DomainError, match="还有 1 个里程碑未完成"):
        services.acceptance_request(actor=users["bumen"], project=project, summary="x", results={})
    services.milestone_update(
        actor=users["bumen"], milestone=m2, progress=100, note="完成", done=True
    )
    t1, t2 = project.targets.all()
    results = {t1.pk: Decimal("210"), t2.pk: Decimal("3")}
    services.acceptance_request(
        actor=users["bumen"], project=project, summary="完成", results=results
    )
    project.refresh_from_db()
    assert project.status == S.ACCEPTANCE
    services.acceptance_decide(
        actor=users["dangwei"], project=project, verdict=Verdict.FAIL, note="课题数不足"
    )
    project.refresh_from_db()
    assert project.status == S.ACTIVE
    services.acceptance_request(
        actor=users["bumen"], project=project, summary="补齐", results=results
    )
    services.acceptance_decide(actor=users["dangwei"], project=project, verdict=Verdict.PASS)
    services.project_evaluate(actor=users["dangwei"], project=project, score="88.5", comment="良好")
    project.refresh_from_db()
    assert project.status == S.EVALUATED and project.score == Decimal("88.5")
    assert project.grade == "good" and project.closed_at
    assert project.acceptances.count() == 2
    actions = list(ProjectEvent.objects.filter(project=project).values_list("action", flat=True))
    assert actions == [
        "create", "submit", "return", "submit", "approve", "request", "reject", "request",
        "accept", "evaluate",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "status,call",
    [
        (S.DRAFT, "approve"),
        (S.ACTIVE, "submit"),
        (S.PENDING, "request"),
        (S.ACTIVE, "decide"),
        (S.ACCEPTANCE, "evaluate"),
        (S.EVALUATED, "terminate"),
        (S.ACCEPTED, "approve"),
    ],
)
def test_refused_transitions(company, status, call):
    project = make_project(company, status=status)
    users = company.users
    calls = {
        "approve": lambda: services.project_approve(actor=users["dangwei"], project=project),
        "submit": lambda: services.project_submit(actor=users["bumen"], project=project),
        "request": lambda: services.acceptance_request(
            actor=users["bumen"], project=project, summary="x", results={}
        ),
        "decide": lambda: services.acceptance_decide(
            actor=users["dangwei"], project=project, verdict=Verdict.PASS
        ),
        "evaluate": lambda: services.project_evaluate(
            actor=users["dangwei"], project=project, score=90
        ),
        "terminate": lambda: services.project_terminate(
            actor=users["dangwei"], project=project, reason="x"
        ),
    }
    with pytest.raises(DomainError) as e:
        calls[call]()
    assert e.value.code == "bad_transition" and e.value.status == 409
    assert project.get_status_display() in str(e.value.message)


def test_only_the_party_office_approves(company):
    project = make_project(company, status=S.PENDING)
    for name in ("bumen", "shuji", "tech_shuji"):
        with pytest.raises(Forbidden):
            services.project_approve(actor=company.users[name], project=project)
    services.project_approve(actor=company.users["admin"], project=project)


def test_only_the_lead_side_submits(company):
    project = make_project(company)
    with pytest.raises(Forbidden):
        services.project_submit(actor=company.users["tech_shuji"], project=project)


def test_employee_cannot_propose(company):
    with pytest.raises(Forbidden):
        services.project_create(actor=company.users["zhigong"], **plan(company))


def test_lead_unit_out_of_reach(company):
    with pytest.raises(DomainError) as e:
        services.project_create(
            actor=company.users["bumen"],
            **plan(company, lead_unit=company.units["tech"], cooperations=[]),
        )
    assert e.value.field == "lead_unit"


def test_terminate_running_needs_the_party_office(company, active):
    with pytest.raises(Forbidden):
        services.project_terminate(actor=company.users["bumen"], project=active, reason="调整")
    services.project_terminate(actor=company.users["dangwei"], project=active, reason="计划调整")
    active.refresh_from_db()
    assert active.status == S.TERMINATED and active.terminate_reason == "计划调整"
    assert not SupervisedItem.objects.filter(kind="milestone", closed_at=None).exists()
    assert set(active.milestones.values_list("status", flat=True)) == {MilestoneStatus.CANCELLED}
    with pytest.raises(DomainError, match="已终止"):
        services.milestone_update(
            actor=company.users["zhigong"],
            milestone=active.milestones.first(),
            progress=10,
            note="x",
        )


def test_lead_side_withdraws_a_draft(company):
    project = make_project(company)
    services.project_terminate(actor=company.users["bumen"], project=project, reason="不再需要")
    project.refresh_from_db()
    assert project.status == S.TERMINATED


def test_milestone_owner_rules(company, active):
    m_tech = active.milestones.get(owner_unit=company.units["tech"])
    # zhigong owns the other milestone, not this one; tech_shuji is no head of 技术部.
    for name in ("zhigong", "tech_shuji", "norole"):
        with pytest.raises(Forbidden):
            services.milestone_update(
                actor=company.users[name], milestone=m_tech, progress=10, note="x"
            )
    with pytest.raises(DomainError) as e:
        services.milestone_update(
            actor=company.users["bumen"], milestone=m_tech, progress=120, note="x"
        )
    assert e.value.field == "progress"


def test_added_milestone_joins_supervision_at_once(company, active):
    m = services.milestone_add(
        actor=company.users["bumen"],
        project=active,
        title="中期检查",
        owner_unit=company.units["prod"],
        due_date=START + timedelta(days=100),
    )
    item = SupervisedItem.objects.get(object_id=m.pk, kind="milestone")
    assert item.owner_unit == company.units["prod"] and item.closed_at is None


def test_progress_rule(company, active):
    """Half milestones, half targets: 1 of 2 milestones done; targets at 100/200 and 4/4."""
    users = company.users
    m1 = active.milestones.order_by("due_date").first()
    services.milestone_update(
        actor=users["zhigong"], milestone=m1, progress=100, note="ok", done=True
    )
    t1, t2 = active.targets.all()
    report = services.report_submit(
        actor=users["bumen"],
        project=active,
        summary="<p>进展顺利</p>",
        figures={t1.pk: "100", t2.pk: "5"},
    )
    active.refresh_from_db()
    # milestones 0.5; targets (0.5 + 1.0 capped) / 2 = 0.75; (0.5 + 0.75) / 2 = 62.5 %
    assert active.progress == Decimal("62.5") and report.progress == Decimal("62.5")
    t1.refresh_from_db()
    assert t1.latest_value == Decimal("100")
    # A blank figure keeps the last one.
    services.report_submit(
        actor=users["bumen"], project=active, summary="<p>继续</p>", figures={t1.pk: ""}
    )
    t1.refresh_from_db()
    assert t1.latest_value == Decimal("100")


def test_issues(company, active):
    issue = services.issue_raise(
        actor=company.users["tech_shuji"], project=active, title="备件到货延迟"
    )
    with pytest.raises(Forbidden):
        services.issue_resolve(actor=company.users["tech_shuji"], issue=issue, resolution="x")
    services.issue_resolve(actor=company.users["bumen"], issue=issue, resolution="已协调")
    issue.refresh_from_db()
    assert issue.status == "resolved"
    with pytest.raises(DomainError):
        services.issue_resolve(actor=company.users["bumen"], issue=issue, resolution="再次")
    with pytest.raises(Forbidden):
        services.issue_raise(actor=company.users["norole"], project=active, title="x")


def test_evaluation_score_bounds(company):
    project = make_project(company, status=S.ACCEPTED)
    for bad in ("101", "-1", "abc"):
        with pytest.raises(DomainError) as e:
            services.project_evaluate(actor=company.users["dangwei"], project=project, score=bad)
        assert e.value.field == "score"


def test_failed_acceptance_needs_a_reason(company):
    project = make_project(company, status=S.ACCEPTANCE)
    with pytest.raises(DomainError) as e:
        services.acceptance_decide(
            actor=company.users["dangwei"], project=project, verdict=Verdict.FAIL
        )
    assert e.value.field == "note"


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "over,field,message",
    [
        ({"lead_unit": None}, "lead_unit", "请选择牵头单位"),
        ({"end_date": START - timedelta(days=1)}, "end_date", "完成时限不能早于开始日期"),
        ({"targets": [TargetIn("降低成本", "万元", None)]}, "targets", "目标值"),
        ({"targets": [TargetIn("降低成本", "", 10)]}, "targets", "计量单位"),
        ({"targets": [TargetIn("降低成本", "万元", "abc")]}, "targets", "须为数字"),
        ({"name": " "}, "name", "项目名称"),
        ({"aim": "<script>alert(1)</script>"}, "aim", "项目目标与内容"),
        ({"budget": "-5"}, "budget", "预算"),
    ],
)
def test_bad_proposal_refused_and_nothing_stored(company, over, field, message):
    with pytest.raises(DomainError) as e:
        services.project_create(actor=company.users["bumen"], **plan(company, **over))
    assert e.value.field == field and message in str(e.value.message)
    assert not Project.all_objects.exists() and not Milestone.all_objects.exists()


def test_milestone_outside_project_dates(company):
    late = MilestoneIn("收尾", company.units["prod"], END + timedelta(days=1))
    with pytest.raises(DomainError) as e:
        services.project_create(actor=company.users["bumen"], **plan(company, milestones=[late]))
    assert e.value.code == "milestone_outside" and str(END + timedelta(days=1)) in str(
        e.value.message
    )


def test_milestone_owner_person_outside_unit(company):
    wrong = MilestoneIn("试验", company.units["tech"], M1, company.people["zhigong"])
    with pytest.raises(DomainError, match="不在“技术部”"):
        services.project_create(actor=company.users["bumen"], **plan(company, milestones=[wrong]))


def test_submit_needs_targets_and_milestones(company):
    project = services.project_create(
        actor=company.users["bumen"], **plan(company, targets=[], milestones=[])
    )
    with pytest.raises(DomainError, match="指标"):
        services.project_submit(actor=company.users["bumen"], project=project)


def test_rich_text_is_stored_sanitized(company):
    project = services.project_create(
        actor=company.users["bumen"],
        **plan(
            company,
            aim='<p onclick="x()">目标<script>alert(1)</script></p><a href="javascript:x">l</a>',
        ),
    )
    assert "<script" not in project.aim and "onclick" not in project.aim
    assert "javascript:" not in project.aim and "目标" in project.aim


def test_update_replaces_the_plan_only_while_editable(company):
    project = make_project(company, status=S.RETURNED)
    services.project_update(
        actor=company.users["bumen"],
        project=project,
        **plan(company, targets=[TargetIn("节约用电", "万千瓦时", 50)]),
    )
    assert list(project.targets.values_list("name", flat=True)) == ["节约用电"]
    active = make_project(company, status=S.ACTIVE)
    with pytest.raises(DomainError) as e:
        services.project_update(actor=company.users["bumen"], project=active, **plan(company))
    assert e.value.code == "not_editable"
