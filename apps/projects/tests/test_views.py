"""Pages: the portfolio with filters, counts, sorting, export and the timeline chart; proposing
with rows; one action per screen; a milestone owner's phone form; bad input keeps what was typed
and never 500s; rich text shown inert."""

import io
from datetime import date, timedelta

import openpyxl
import pytest

from apps.projects import services
from apps.projects.choices import MilestoneStatus, ProjectStatus
from apps.projects.models import Milestone, Project, ProjectType
from apps.supervision.models import SupervisedItem

from .factories import END, M1, START, make_project, project_type

S = ProjectStatus


def _proposal(company, **over):
    u = company.units
    data = {
        "name": "锅炉燃烧优化降本增效青年突击项目",
        "type": project_type().pk,
        "aim": "<p>降低煤耗<script>alert(1)</script></p>",
        "lead_unit": u["prod"].pk,
        "leader_no": "10002",
        "team_name": "青年突击队",
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
        "budget": "150000",
        "member_lines": "10001 现场实施\n10003",
        "t-TOTAL_FORMS": "2", "t-INITIAL_FORMS": "0",
        "t-0-name": "降低成本", "t-0-measure": "万元", "t-0-target_value": "200",
        "t-1-name": "", "t-1-measure": "", "t-1-target_value": "",
        "c-TOTAL_FORMS": "1", "c-INITIAL_FORMS": "0",
        "c-0-unit": u["tech"].pk, "c-0-contribution": "技术方案",
        "m-TOTAL_FORMS": "2", "m-INITIAL_FORMS": "0",
        "m-0-title": "完成试验", "m-0-owner_unit": u["prod"].pk, "m-0-owner_person": "10003",
        "m-0-due_date": M1.isoformat(),
        "m-1-title": "", "m-1-owner_unit": "", "m-1-owner_person": "", "m-1-due_date": "",
    }  # fmt: skip
    data.update(over)
    return data


def test_propose_and_submit_from_the_page(client, company, login):
    login("bumen")
    assert client.get("/projects/new/").status_code == 200
    r = client.post("/projects/new/", _proposal(company, submit="1"))
    project = Project.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/projects/{project.pk}/"
    assert project.status == S.PENDING
    assert project.members.count() == 2 and project.targets.count() == 1
    assert project.milestones.get().owner_person == company.people["zhigong"]
    assert "<script" not in project.aim
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "降低煤耗" in page and "<script>alert(1)" not in page


@pytest.mark.parametrize(
    "over,message",
    [
        ({"lead_unit": ""}, "请选择牵头单位"),
        ({"end_date": (START - timedelta(days=1)).isoformat()}, "完成时限不能早于开始日期"),
        ({"t-0-target_value": ""}, "目标值"),
        ({"m-0-due_date": (END + timedelta(days=1)).isoformat()}, "不在项目起止日期"),
        ({"m-0-owner_person": "99999"}, "没有工号为“99999”的职工"),
        ({"t-0-target_value": "abc"}, "输入一个数字"),
        ({"t-TOTAL_FORMS": "x"}, ""),
    ],
)
def test_bad_proposal_keeps_what_was_typed(client, company, login, over, message):
    login("bumen")
    r = client.post("/projects/new/", _proposal(company, **over))
    assert r.status_code in (200, 400)
    html = r.content.decode()
    assert message in html
    assert "锅炉燃烧优化降本增效青年突击项目" in html
    assert not Project.objects.exists()


def test_edit_a_returned_proposal(client, company, login):
    project = make_project(company, status=S.RETURNED)
    login("bumen")
    r = client.get(f"/projects/{project.pk}/edit/")
    assert r.status_code == 200 and "补充分工" in r.content.decode()
    ms = list(project.milestones.order_by("due_date"))
    data = _proposal(company, name="改后的名称", submit="1")
    data.update(
        {
            "m-TOTAL_FORMS": "2",
            "m-1-title": ms[1].title,
            "m-1-owner_unit": ms[1].owner_unit_id,
            "m-1-due_date": ms[1].due_date.isoformat(),
        }
    )
    r = client.post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.name == "改后的名称" and project.status == S.PENDING
    assert project.milestones.count() == 2


def test_approval_and_actions_by_role(client, company, login, django_assert_max_num_queries):
    project = make_project(company, status=S.PENDING)
    login("bumen")
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/approve/" not in html
    assert client.get(f"/projects/{project.pk}/approve/").status_code == 403
    login("dangwei")
    with django_assert_max_num_queries(40):
        html = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/approve/" in html
    r = client.post(f"/projects/{project.pk}/return/", {"comment": ""})
    assert r.status_code == 400 and "退回意见" in r.content.decode()
    r = client.post(f"/projects/{project.pk}/approve/", {"note": "同意"})
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.status == S.ACTIVE
    # Approving twice is refused with the reason, not a 500.
    r = client.post(f"/projects/{project.pk}/approve/", {"note": ""})
    assert r.status_code == 400 and "当前为“实施中”" in r.content.decode()


def test_milestone_report_on_a_phone_form(client, company, login, active):
    m = active.milestones.get(owner_person=company.people["zhigong"])
    login("zhigong")
    r = client.get(f"/projects/milestones/{m.pk}/update/")
    assert r.status_code == 200 and 'enctype="multipart/form-data"' in r.content.decode()
    r = client.post(f"/projects/milestones/{m.pk}/update/", {"progress": "", "note": "x"})
    assert r.status_code == 400 and "请填写完成进度" in r.content.decode()
    r = client.post(
        f"/projects/milestones/{m.pk}/update/", {"progress": "", "note": "试验完成", "done": "on"}
    )
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == MilestoneStatus.DONE
    assert SupervisedItem.objects.get(object_id=m.pk, kind="milestone").closed_at is not None


def test_evidence_must_be_a_real_file(client, company, login, active):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.hazards.tests.factories import EXE

    m = active.milestones.get(owner_person=company.people["zhigong"])
    login("zhigong")
    fake = SimpleUploadedFile("photo.png", EXE, "image/png")
    r = client.post(
        f"/projects/milestones/{m.pk}/update/",
        {"progress": "50", "note": "进行中", "evidence": fake},
    )
    assert r.status_code == 400 and "进行中" in r.content.decode()
    m.refresh_from_db()
    assert m.progress == 0


def test_report_acceptance_evaluation_pages(client, company, login, active):
    login("bumen")
    t1, t2 = active.targets.all()
    r = client.post(
        f"/projects/{active.pk}/reports/new/",
        {"reported_on": "2026-06-30", "summary": "<p>进展<img src=x onerror=alert(1)></p>",
         f"t{t1.pk}": "120", f"t{t2.pk}": ""},
    )  # fmt: skip
    assert r.status_code == 302
    html = client.get(f"/projects/{active.pk}/").content.decode()
    assert "onerror" not in html and "120" in html and 'id="project-progress"' in html
    for m in active.milestones.all():
        client.post(f"/projects/milestones/{m.pk}/update/", {"note": "完成", "done": "on"})
    r = client.post(
        f"/projects/{active.pk}/acceptance/",
        {"summary": "完成", f"t{t1.pk}": "210", f"t{t2.pk}": ""},
    )
    assert r.status_code == 400  # every target needs its actual value
    r = client.post(
        f"/projects/{active.pk}/acceptance/",
        {"summary": "完成", f"t{t1.pk}": "210", f"t{t2.pk}": "4"},
    )
    assert r.status_code == 302
    login("dangwei")
    assert (
        client.post(
            f"/projects/{active.pk}/acceptance/decide/", {"verdict": "pass", "note": ""}
        ).status_code
        == 302
    )
    r = client.post(f"/projects/{active.pk}/evaluate/", {"score": "120"})
    assert r.status_code == 400
    assert client.post(f"/projects/{active.pk}/evaluate/", {"score": "91"}).status_code == 302
    html = client.get(f"/projects/{active.pk}/").content.decode()
    assert 'data-testid="score"' in html and "优秀" in html
    assert 'data-testid="timeline"' in html  # the closed project keeps its whole history
    assert "评价得分" in html and ".None" not in html


def test_portfolio_filters_counts_sort(client, company, login, django_assert_max_num_queries):
    for _i in range(3):
        make_project(company, status=S.ACTIVE)
    late = make_project(company, status=S.ACTIVE, name="逾期的项目")
    Milestone.objects.filter(project=late).update(due_date=date(2026, 3, 15))
    make_project(company, status=S.DRAFT, name="草稿项目")
    login("dangwei")
    with django_assert_max_num_queries(25):
        r = client.get("/projects/")
    assert r.status_code == 200
    assert r.context["counts"]["total"] == 5 and r.context["counts"]["active"] == 4
    assert r.context["chart"]["months"]
    # The chart is drawn by the shared charts.js: each stack opens its milestones in 督办.
    series = r.context["timeline_option"]["series"]
    assert [s["name"] for s in series] == ["已完成", "未到期", "已逾期"]
    assert series[2]["links"][0].endswith("?kind=milestone&state=overdue")
    assert 'data-chart="project-timeline"' in r.content.decode()
    r = client.get("/projects/?overdue=true")
    assert [p.name for p in r.context["page"].object_list] == ["逾期的项目"]
    assert r.context["page"].object_list[0].overdue == 2
    r = client.get("/projects/?status=draft")
    assert [p.name for p in r.context["page"].object_list] == ["草稿项目"]
    assert r.context["counts"]["active"] == 4  # counts ignore the status filter
    assert client.get("/projects/?year=2026").context["page"].paginator.count == 5
    assert client.get("/projects/?year=2024").context["page"].paginator.count == 0
    assert (
        client.get(f"/projects/?lead_unit={company.units['tech'].pk}")
        .context["page"]
        .paginator.count
        == 0
    )
    assert client.get("/projects/?ordering=-progress").status_code == 200
    assert client.get("/projects/?year=abc&type=x&overdue=maybe&page=99").status_code == 200


def test_portfolio_query_count_does_not_grow(client, company, login, django_assert_max_num_queries):
    make_project(company, status=S.ACTIVE)
    login("dangwei")
    client.get("/projects/")
    for _i in range(30):
        make_project(company, status=S.ACTIVE)
    with django_assert_max_num_queries(25):
        assert client.get("/projects/?page=2").status_code == 200


def test_export(client, company, login):
    make_project(company, status=S.ACTIVE, name="甲项目")
    make_project(company, status=S.DRAFT, name="乙项目")
    login("dangwei")
    r = client.get("/projects/export/?status=draft")
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values)
    assert rows[0][0] == "编号" and len(rows) == 2 and rows[1][1] == "乙项目"
    login("norole")
    r = client.get("/projects/export/")
    assert (
        len(list(openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values))
        == 1
    )


def test_department_head_sees_own_milestones_on_the_portfolio(client, company, login, active):
    login("bumen")
    html = client.get("/projects/").content.decode()
    assert 'data-testid="my-milestones"' in html
    r = client.get("/projects/milestones/mine/")
    assert r.status_code == 200 and r.context["page"].paginator.count == 1


def test_empty_portfolio_says_what_to_do(client, login):
    login("bumen")
    assert "申报项目" in client.get("/projects/").content.decode()


def test_supervision_view_shows_milestones_beside_other_kinds(client, company, login, active):
    from apps.hazards.tests.factories import make_hazard

    make_hazard(company, status="rectifying", owner_unit=company.units["prod"])
    login("dangwei")
    html = client.get("/supervision/").content.decode()
    assert "项目里程碑" in html and "隐患整改" in html
    r = client.get("/supervision/?kind=milestone")
    assert r.status_code == 200 and "完成燃烧调整试验" in r.content.decode()
    items = client.get("/api/v1/supervision/items?kind=milestone").json()
    assert items["count"] == 2


def test_project_page_queries_do_not_grow(client, company, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = make_project(company, status=S.ACTIVE)
    t1, _t2 = project.targets.all()
    services.report_submit(
        actor=company.users["bumen"], project=project, summary="<p>首期</p>", figures={t1.pk: 1}
    )
    login("dangwei")
    client.get(f"/projects/{project.pk}/")
    with CaptureQueriesContext(connection) as first:
        client.get(f"/projects/{project.pk}/")
    for i in range(12):
        services.report_submit(
            actor=company.users["bumen"],
            project=project,
            summary=f"<p>第 {i} 期</p>",
            figures={t1.pk: i},
        )
        services.milestone_add(
            actor=company.users["bumen"],
            project=project,
            title=f"节点 {i}",
            owner_unit=company.units["tech"],
            due_date=M1,
        )
        services.issue_raise(actor=company.users["tech_shuji"], project=project, title=f"问题 {i}")
    with CaptureQueriesContext(connection) as after:
        r = client.get(f"/projects/{project.pk}/")
    assert r.status_code == 200 and len(r.context["milestones"]) == 14
    assert len(after) == len(first) <= 35, [q["sql"][:120] for q in after.captured_queries]


def test_issue_and_terminate_pages(client, company, login, active):
    login("tech_shuji")  # a co-operating unit raises a problem
    r = client.post(f"/projects/{active.pk}/issues/new/", {"title": "", "description": ""})
    assert r.status_code == 400
    r = client.post(f"/projects/{active.pk}/issues/new/", {"title": "备件到货延迟"})
    assert r.status_code == 302
    issue = active.issues.get()
    assert client.get(f"/projects/issues/{issue.pk}/resolve/").status_code == 403
    login("bumen")
    assert client.get(f"/projects/{active.pk}/terminate/").status_code == 200
    r = client.post(f"/projects/{active.pk}/terminate/", {"reason": "调整"})
    assert r.status_code == 400 and "党群工作部" in r.content.decode()
    r = client.post(f"/projects/issues/{issue.pk}/resolve/", {"resolution": "已协调物资供应部"})
    assert r.status_code == 302
    login("dangwei")
    assert client.post(f"/projects/{active.pk}/terminate/", {"reason": "调整"}).status_code == 302
    active.refresh_from_db()
    assert active.status == S.TERMINATED
    html = client.get(f"/projects/{active.pk}/").content.decode()
    assert "调整" in html and "已协调物资供应部" in html


def test_project_types_are_edited_in_admin(client, company, active):
    from apps.accounts.models import User

    root = User.objects.create_superuser(username="root", password="x")
    client.force_login(root)
    for url in (
        "/admin/projects/projecttype/",
        "/admin/projects/project/",
        "/admin/projects/milestone/",
    ):
        assert client.get(url).status_code == 200, url
    r = client.post(
        "/admin/projects/projecttype/add/",
        {"name": "班组安全标准化项目", "sort": 50, "is_active": "on"},
    )
    assert r.status_code == 302
    assert "班组安全标准化项目" in client.get("/projects/new/").content.decode()
    ProjectType.objects.filter(name="班组安全标准化项目").update(is_active=False)
    assert "班组安全标准化项目" not in client.get("/projects/new/").content.decode()
