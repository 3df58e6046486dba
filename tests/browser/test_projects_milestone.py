"""A department head on a phone reports progress on a milestone of a cross-department project:
from the portfolio's "我负责的里程碑", a short form with a photo as evidence, then marks it done;
the milestone leaves 督办 and the project's progress moves."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser

NOTE = "燃烧调整试验已完成两轮,煤耗下降约 3%。"


def fits(page):
    """Nothing sticks out sideways on a 375-px screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"project-{name}.png"), full_page=True)


def test_department_head_reports_a_milestone_on_a_phone(open_page, company_live, tmp_path):
    from apps.hazards.tests.factories import png_bytes
    from apps.projects.choices import MilestoneStatus, ProjectStatus
    from apps.projects.models import Milestone, MilestoneUpdate, Project, ProjectType
    from apps.projects.services import MilestoneIn
    from apps.projects.tests.factories import M1, make_project
    from apps.supervision.models import SupervisedItem

    company = company_live
    ProjectType.objects.get_or_create(name="降本增效青年突击项目")
    project = make_project(
        company,
        status=ProjectStatus.ACTIVE,
        milestones=[MilestoneIn("完成燃烧调整试验", company.units["prod"], M1)],
    )
    milestone = Milestone.objects.get(project=project)
    evidence = tmp_path / "现场照片.png"
    evidence.write_bytes(png_bytes())

    # 李明 (bumen), head of 生产部, opens 项目化管理 from his workbench on his phone.
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "bumen")
    page.goto("/")
    page.get_by_test_id("shortcuts").get_by_role("link", name="项目化管理").click()
    page.wait_for_url("**/projects/")
    expect(page).to_have_title("项目化管理 · 同心 · 智慧党群")
    mine = page.get_by_test_id("my-milestones")
    expect(mine).to_contain_text("完成燃烧调整试验")
    fits(page)
    shot(page, "portfolio")
    mine.get_by_role("link", name="完成燃烧调整试验").click()
    page.wait_for_url(f"**/projects/milestones/{milestone.pk}/update/")

    # First a progress report with a photo.
    form = page.get_by_test_id("milestone-form")
    form.get_by_label("完成进度(%)").fill("60")
    form.get_by_label("进展说明").fill(NOTE)
    form.get_by_label("佐证材料(可选)").set_input_files(str(evidence))
    fits(page)
    shot(page, "milestone-form")
    page.get_by_test_id("submit").click()
    page.wait_for_url(f"**/projects/{project.pk}/**")
    expect(page.locator("body")).to_contain_text("进展已报送")
    expect(page.get_by_test_id("milestones")).to_contain_text(NOTE)
    expect(
        page.get_by_test_id("milestones").get_by_role("link", name="现场照片.png")
    ).to_be_visible()
    fits(page)
    shot(page, "project")
    update = MilestoneUpdate.objects.get()
    assert update.progress == 60 and update.actor == company.users["bumen"]

    # Then it is done: the milestone closes and leaves 督办.
    page.get_by_test_id(f"update-{milestone.pk}").click()
    form = page.get_by_test_id("milestone-form")
    form.get_by_label("进展说明").fill("试验完成,形成燃烧调整规程。")
    form.get_by_text("已完成,关闭这个里程碑").click()
    page.get_by_test_id("submit").click()
    page.wait_for_url(f"**/projects/{project.pk}/**")
    expect(page.locator("body")).to_contain_text("里程碑已完成,已退出督办")
    expect(page.get_by_test_id("milestones")).to_contain_text("已完成")
    expect(page.get_by_test_id(f"update-{milestone.pk}")).to_have_count(0)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DONE
    assert SupervisedItem.objects.get(kind="milestone", object_id=milestone.pk).closed_at
    assert Project.objects.get(pk=project.pk).progress > 0
    fits(page)
    assert not console.errors, console.errors
