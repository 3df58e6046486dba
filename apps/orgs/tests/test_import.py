"""Roster import from Excel: preview row by row, nothing written before confirm, all or nothing."""

import io
import zipfile
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.orgs.models import (
    PartyMembership,
    Person,
    RosterImport,
    RosterImportRow,
    UnionMembership,
)
from apps.orgs.roster.columns import FIELDS
from apps.orgs.tasks import progress_key

HEADERS = [header for _key, header, _kind in FIELDS]


def row(**values):
    """A full, valid row for a new person in 生产部 / 运行一班; keyword args by header."""
    base = {
        "工号": "20001",
        "姓名": "孙红",
        "性别": "女",
        "出生日期": "1992-03-04",
        "手机": "13912345678",
        "身份证号": "11010119920304002X",
        "部门": "生产部",
        "班组": "运行一班",
        "岗位": "值班员",
        "政治面貌": "中共党员",
        "技能等级": "高级工",
        "入职日期": "2014-07-01",
        "在职状态": "在职",
        "所在支部": "生产一支部",
        "入党日期": "2016-06-01",
        "转正日期": "2017-06-01",
        "党员类别": "正式党员",
        "党内职务": "",
        "所在工会": "",
        "所在团组织": "",
    }
    base.update(values)
    return base


def xlsx(rows, headers=HEADERS, name="roster.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for r in rows:
        sheet.append([r.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def upload(client, login, django_capture_on_commit_callbacks):
    """upload(rows) posts a file as dangwei and returns the finished preview job."""

    def _upload(rows_or_file, user="dangwei"):
        login(user)
        file = rows_or_file if hasattr(rows_or_file, "read") else xlsx(rows_or_file)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("orgs:import_start"), {"file": file})
        return response

    return _upload


def _job():
    return RosterImport.objects.latest("pk")


def _confirm(client, job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("orgs:import_apply", args=[job.pk]))


def test_good_file_previews_without_writing_then_applies(
    client, company, upload, django_capture_on_commit_callbacks
):
    before = Person.objects.count()
    response = upload(
        [
            row(),
            row(工号="20002", 姓名="周强", 性别="男", 所在支部="", 班组="", 政治面貌="群众"),
            # an existing person: 张伟 moves from 运行一班 to the safety department
            row(
                工号="10003",
                姓名="张伟",
                性别="男",
                部门="安全部",
                班组="",
                所在支部="",
                政治面貌="群众",
                手机="13800001003",
            ),
        ]
    )
    job = _job()
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:import_detail", args=[job.pk])
    assert job.status == RosterImport.Status.PARSED
    assert (job.created_count, job.updated_count, job.error_count) == (2, 1, 0)
    assert Person.objects.count() == before  # nothing written by the preview

    page = client.get(reverse("orgs:import_detail", args=[job.pk]))
    text = page.content.decode()
    assert "孙红" in text and "新增" in text
    assert "生产部" in text and "安全部" in text  # 张伟's change shown old → new
    assert 'data-testid="confirm"' in text

    _confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == RosterImport.Status.APPLIED, job.message
    sun = Person.objects.get(employee_no="20001")
    assert sun.department == company.units["prod"] and sun.team == company.units["team1"]
    assert sun.name_initials == "sh"
    assert sun.party_membership.branch == company.units["branch1"]
    assert sun.party_membership.confirmed_on.isoformat() == "2017-06-01"
    zhang = Person.objects.get(employee_no="10003")
    assert zhang.department == company.units["safety"] and zhang.team is None
    assert Person.objects.count() == before + 2
    page = client.get(reverse("orgs:import_detail", args=[job.pk]))
    assert 'data-testid="applied"' in page.content.decode()


def test_reimport_of_the_same_file_changes_nothing(
    client, upload, django_capture_on_commit_callbacks
):
    rows = [row(), row(工号="20002", 姓名="周强", 所在支部="", 政治面貌="群众")]
    upload(rows)
    _confirm(client, _job(), django_capture_on_commit_callbacks)
    assert _job().status == RosterImport.Status.APPLIED
    upload(rows)
    job = _job()
    assert job.status == RosterImport.Status.PARSED
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 2)
    response = _confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == RosterImport.Status.PARSED  # nothing to import: refused
    assert "无需导入" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("bad", "column", "message"),
    [
        ({"部门": "采购部"}, "部门", "第 2 行:部门“采购部”不存在或不在您的管辖范围"),
        ({"部门": "公司党委"}, "部门", "部门“公司党委”不是部门或公司"),
        ({"班组": "不存在的班"}, "班组", "班组“不存在的班”不存在"),
        ({"出生日期": "1992-13-45"}, "出生日期", "第 2 行:出生日期“1992-13-45”不是有效日期"),
        ({"手机": "1391234"}, "手机", "第 2 行:手机“1391234”不是有效的 11 位手机号"),
        ({"身份证号": "12345"}, "身份证号", "身份证号“12345”格式不对"),
        ({"政治面貌": "无党派"}, "政治面貌", "第 2 行:政治面貌“无党派”无效,可填:中共党员"),
        ({"在职状态": "摸鱼"}, "在职状态", "在职状态“摸鱼”无效"),
        ({"姓名": ""}, "姓名", "第 2 行:姓名不能为空"),
        ({"工号": ""}, "工号", "第 2 行:工号不能为空"),
        ({"转正日期": "2015-01-01"}, "转正日期", "转正日期不能早于入党日期"),
    ],
)
def test_each_kind_of_bad_row_is_reported_in_chinese(
    client, upload, bad, column, message, django_capture_on_commit_callbacks
):
    upload([row(**bad), row(工号="20002", 姓名="周强")])
    job = _job()
    assert job.status == RosterImport.Status.PARSED
    assert job.error_count == 1 and job.created_count == 1
    errors = RosterImportRow.objects.get(job=job, action="error").errors
    assert any(e["column"] == column and message in e["message"] for e in errors), errors
    page = client.get(reverse("orgs:import_detail", args=[job.pk]) + "?show=error")
    assert message in page.content.decode()
    # Confirm is refused while there are errors: nothing is written.
    before = Person.objects.count()
    _confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == RosterImport.Status.PARSED
    assert Person.objects.count() == before


def test_duplicate_employee_no_within_the_file(upload):
    upload([row(), row(姓名="重复的人")])
    job = _job()
    bad = RosterImportRow.objects.get(job=job, action="error")
    assert bad.row_no == 3
    assert "第 3 行:工号“20001”与第 2 行重复" in bad.errors[0]["message"]


def test_out_of_scope_person_and_units_are_refused(company, upload):
    """A department head… is not an admin; an admin's scope still bounds the import."""
    from apps.accounts.choices import Role
    from apps.accounts.models import RoleAssignment

    # dangwei_tech administers only 技术部's branch subtree.
    user = company.users["tech_shuji"]
    RoleAssignment.objects.create(user=user, role=Role.PARTY_ADMIN, unit=company.units["branch2"])
    company.users["dangwei"] = user
    upload([row(), row(工号="10001", 姓名="王建国", 部门="技术部", 班组="", 所在支部="")])
    messages = [e["message"] for r in RosterImportRow.objects.filter(job=_job()) for e in r.errors]
    assert any("部门“生产部”不存在或不在您的管辖范围" in m for m in messages), messages
    assert any("工号“10001”已被您管辖范围之外的人员使用" in m for m in messages), messages


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("roster.csv", "工号,姓名\n1,张三\n".encode(), "不支持的文件类型"),
        ("roster.xlsx", b"MZ\x90\x00" + b"\x00" * 200, "文件内容与扩展名"),
        ("roster.xlsx", b"PK\x03\x04" + b"garbage" * 50, "可能已损坏或被改名"),
        ("roster.xlsx", "broken-workbook", "无法读取该 Excel 文件"),
        ("roster.xlsx", b"", "文件是空的"),
    ],
)
def test_bad_files_are_refused_with_a_message(upload, name, content, expected):
    if content == "broken-workbook":  # a zip with the workbook part, but the XML is garbage
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<<<not xml")
        content = buffer.getvalue()
    response = upload(SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not RosterImport.objects.exists()


def test_a_workbook_without_the_employee_no_column_is_refused(upload):
    response = upload(xlsx([{"姓名": "张三"}], headers=["姓名", "部门"]))
    assert "至少包含“工号”一列" in response.content.decode()


def test_columns_absent_from_the_file_are_left_alone(
    client, company, upload, django_capture_on_commit_callbacks
):
    """A file with only 工号 and 岗位 updates positions and keeps everything else."""
    upload(xlsx([{"工号": "10001", "岗位": "书记"}], headers=["工号", "岗位"]))
    job = _job()
    assert (job.updated_count, job.error_count) == (1, 0)
    _confirm(client, job, django_capture_on_commit_callbacks)
    wang = Person.objects.get(employee_no="10001")
    assert wang.position == "书记"
    assert wang.mobile == "13800001001" and wang.party_membership.deleted_at is None


def test_apply_is_all_or_nothing(client, upload, django_capture_on_commit_callbacks):
    upload([row(), row(工号="20002", 姓名="周强", 所在支部="")])
    job = _job()
    before = Person.objects.count()
    with mock.patch("apps.orgs.roster.writing._sync_party", side_effect=RuntimeError("disk full")):
        _confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == RosterImport.Status.FAILED
    assert "未写入任何数据" in job.message
    assert Person.objects.count() == before  # the people created before the failure are gone


def test_apply_revalidates_and_writes_nothing_if_data_changed(
    client, company, upload, django_capture_on_commit_callbacks
):
    upload([row(), row(工号="20002", 姓名="周强", 所在支部="")])
    job = _job()
    # Between preview and confirm, 运行一班 is dissolved.
    company.units["team1"].dissolved_at = timezone.now()
    company.units["team1"].save()
    _confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == RosterImport.Status.FAILED
    assert "预览之后数据已发生变化" in job.message
    assert not Person.objects.filter(employee_no__in=["20001", "20002"]).exists()


def test_membership_cleared_by_an_empty_cell_and_revived_later(
    client, company, upload, django_capture_on_commit_callbacks
):
    wang = {"工号": "10001", "所在支部": "", "所在工会": ""}
    upload(xlsx([wang], headers=["工号", "所在支部", "所在工会"]))
    _confirm(client, _job(), django_capture_on_commit_callbacks)
    assert not PartyMembership.objects.filter(person__employee_no="10001").exists()
    wang.update(所在支部="P-B1", 所在工会="")  # by code this time
    upload(xlsx([wang], headers=["工号", "所在支部", "所在工会"]))
    _confirm(client, _job(), django_capture_on_commit_callbacks)
    membership = PartyMembership.objects.get(person__employee_no="10001")
    assert membership.branch == company.units["branch1"]
    assert not UnionMembership.objects.exists()


def test_preview_is_paginated_and_filters_to_errors(client, upload):
    rows = [row(工号=str(30000 + i), 姓名=f"员工{i}", 所在支部="") for i in range(70)]
    rows[65]["手机"] = "12"
    upload(rows)
    job = _job()
    assert (job.created_count, job.error_count) == (69, 1)
    url = reverse("orgs:import_detail", args=[job.pk])
    first = client.get(url).content.decode()
    assert "员工0" in first and "员工60" not in first and "1 / 2" in first
    assert "员工60" in client.get(url + "?page=2").content.decode()
    errors_only = client.get(url + "?show=error").content.decode()
    assert "员工65" in errors_only and "员工0<" not in errors_only
    assert "第 67 行:手机“12”" in errors_only


def test_progress_partial_shows_apply_progress_and_refreshes_when_done(client, upload):
    from huey.contrib.djhuey import HUEY

    upload([row()])
    job = _job()
    url = reverse("orgs:import_progress", args=[job.pk])
    assert client.get(url).headers["HX-Refresh"] == "true"  # parsed: reload the page
    RosterImport.objects.filter(pk=job.pk).update(status=RosterImport.Status.APPLYING)
    HUEY.put(progress_key(job), {"processed": 30, "total": 120})
    response = client.get(url)
    assert response.status_code == 200
    assert "25%" in response.content.decode()


def test_template_download_has_the_headers_and_an_example(client, login):
    login("admin")
    response = client.get(reverse("orgs:import_template"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.max_row == 2


@pytest.mark.parametrize("username", ["bumen", "zhigong", "norole"])
def test_non_admins_get_404_on_every_import_page(client, login, username, upload):
    upload([row()])
    job = _job()
    login(username)
    for url in [
        reverse("orgs:import_start"),
        reverse("orgs:import_template"),
        reverse("orgs:import_detail", args=[job.pk]),
        reverse("orgs:import_progress", args=[job.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("orgs:import_apply", args=[job.pk])).status_code == 404


def test_secretary_imports_but_never_sees_the_admins_job(client, login, upload):
    upload([row()])
    job = _job()
    login("shuji")
    assert client.get(reverse("orgs:import_start")).status_code == 200
    assert client.get(reverse("orgs:import_detail", args=[job.pk])).status_code == 404


def test_another_admin_cannot_see_someone_elses_import(client, login, upload):
    upload([row()])
    job = _job()
    login("admin")
    assert client.get(reverse("orgs:import_detail", args=[job.pk])).status_code == 404


def test_import_start_page_has_an_empty_state(client, login):
    login("dangwei")
    response = client.get(reverse("orgs:import_start"))
    assert response.status_code == 200
    assert "下载导入模板" in response.content.decode()
    assert 'data-testid="empty"' in response.content.decode()


def test_apply_is_audited_once(client, upload, django_capture_on_commit_callbacks):
    from auditlog.models import LogEntry

    upload([row()])
    job = _job()
    _confirm(client, job, django_capture_on_commit_callbacks)
    entries = LogEntry.objects.get_for_object(job)
    assert entries.count() == 1
    assert "新增 1 人" in entries.get().changes["event"][0]
