"""Issue 10 §3, projects: "lower is better" targets, a milestone at 100 % closes, and the change
log in Chinese words, plain text and people's names."""

from decimal import Decimal

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from apps.core.errors import DomainError
from apps.projects import services
from apps.projects.choices import MilestoneStatus, ProjectStatus, TargetDirection
from apps.projects.services import TargetIn
from apps.supervision.models import SupervisedItem

from .factories import make_project, plan

pytestmark = pytest.mark.django_db


def test_the_change_log_reads_as_words_names_and_plain_text(client, login, company):
    """The log showed "update", the aim's raw HTML and usernames: one timeline (steps and
    edits) in Chinese words, plain text and people's names."""
    project = make_project(company)
    with set_actor(company.users["bumen"]):
        services.project_update(
            actor=company.users["bumen"],
            project=project,
            **plan(company, aim="<p>优化燃烧,<strong>煤耗降低 3%</strong>。</p>"),
        )
    login("dangwei")
    body = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    timeline = body.split('data-testid="timeline"')[1].split("</ul>\n")[0]
    assert "创建立项申请" in timeline and "修改" in timeline
    assert ">update<" not in timeline and ">create<" not in timeline
    assert "&lt;p&gt;" not in timeline and "&lt;strong&gt;" not in timeline
    assert "煤耗降低 3%" in timeline
    assert "李明" in timeline and "bumen" not in timeline


# --- targets where lower is better -------------------------------------------------------------


def _report(company, project, **values):
    figures = {project.targets.get(name=name).pk: v for name, v in values.items()}
    return services.report_submit(
        actor=company.users["bumen"], project=project, summary="<p>本月进展</p>", figures=figures
    )


def test_a_lower_is_better_target_is_not_met_above_it(company):
    """废品率 ≤ 3 %: at 4.5 % it was shown 100 % done; it is two thirds done, and met at 3 %."""
    project = make_project(
        company,
        status=ProjectStatus.ACTIVE,
        targets=[TargetIn("废品率", "%", Decimal("3"), TargetDirection.LOWER)],
    )
    _report(company, project, 废品率="4.5")
    project.refresh_from_db()
    target = project.targets.get()
    assert target.direction == TargetDirection.LOWER
    # Half milestones (none done yet), half targets.
    assert round(target.achieved, 3) == 0.667 and project.progress == Decimal("33.3")
    _report(company, project, 废品率="2.8")
    project.refresh_from_db()
    assert project.targets.get().achieved == 1 and project.progress == Decimal("50.0")


def test_higher_is_better_stays_the_default(company):
    project = make_project(company, status=ProjectStatus.ACTIVE)
    _report(company, project, 降低成本="100", 完成技术攻关课题="4")
    project.refresh_from_db()
    assert {t.direction for t in project.targets.all()} == {TargetDirection.HIGHER}
    assert project.progress == Decimal("37.5")  # (0 milestones + (½ + 1) ÷ 2) ÷ 2


def test_zero_is_a_target_only_when_lower_is_better(company):
    with pytest.raises(DomainError) as err:
        make_project(company, targets=[TargetIn("安全事故", "起", Decimal("0"))])
    assert err.value.code == "zero_target"
    project = make_project(
        company, targets=[TargetIn("安全事故", "起", Decimal("0"), TargetDirection.LOWER)]
    )
    assert project.targets.get().target_value == 0


def test_the_proposal_page_takes_the_direction(client, login, company):
    project = make_project(company)
    login("bumen")
    page = client.get(reverse("projects:edit", args=[project.pk])).content.decode()
    assert "越低越好" in page


def test_the_api_takes_and_gives_the_direction(client, login, company):
    project = make_project(
        company, targets=[TargetIn("废品率", "%", Decimal("3"), TargetDirection.LOWER)]
    )
    login("bumen")
    body = client.get(f"/api/v1/projects/items/{project.pk}").json()
    assert body["targets"][0]["direction"] == "lower"


# --- a milestone at 100 % ----------------------------------------------------------------------


def test_a_milestone_reported_at_100_percent_is_done(company):
    project = make_project(company, status=ProjectStatus.ACTIVE)
    m = project.milestones.order_by("due_date").first()
    services.milestone_update(
        actor=company.users["admin"], milestone=m, progress=100, note="试验全部完成"
    )
    m.refresh_from_db()
    assert m.status == MilestoneStatus.DONE and m.done_at is not None
    item = SupervisedItem.objects.get(object_id=m.pk, kind="milestone")
    assert item.closed_at is not None
    project.refresh_from_db()
    assert project.progress > 0


def test_the_update_page_says_100_closes_the_milestone(client, login, company):
    project = make_project(company, status=ProjectStatus.ACTIVE)
    m = project.milestones.order_by("due_date").first()
    login("admin")
    url = reverse("projects:milestone_update", args=[m.pk])
    assert "填 100 即完成" in client.get(url).content.decode()
    r = client.post(url, {"progress": "100", "note": "试验完成"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == MilestoneStatus.DONE
