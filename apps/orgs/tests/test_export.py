"""Excel exports: the list's filters, the user's scope, masking, and big lists in the background."""

import io

import openpyxl
from django.urls import reverse

from apps.orgs import import_views
from apps.orgs.models import ListExport


def sheet_rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [[c.value for c in r] for r in sheet.iter_rows()]


def by_header(rows, header):
    i = rows[0].index(header)
    return [r[i] for r in rows[1:]]


def test_person_export_honours_scope_and_masks_numbers(client, login, company):
    login("shuji")
    response = client.get(reverse("orgs:person_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = sheet_rows(response.content)
    assert rows[0][:3] == ["工号", "姓名", "性别"]
    names = by_header(rows, "姓名")
    assert "陈静" not in names and "王建国" in names
    assert "138****1001" in by_header(rows, "手机")
    assert "13800001001" not in by_header(rows, "手机")
    wang = rows[1 + names.index("王建国")]
    assert wang[rows[0].index("所在支部")] == "生产一支部"
    assert wang[rows[0].index("党内职务")] == "书记"


def test_person_export_honours_filters_and_unmasks_for_admins(client, login, company):
    login("dangwei")
    response = client.get(
        reverse("orgs:person_export"), {"political_status": "party_member", "ordering": "name"}
    )
    rows = sheet_rows(response.content)
    assert sorted(by_header(rows, "姓名")) == sorted(["王建国", "刘芳", "陈静"])
    assert "13800001005" in by_header(rows, "手机")
    tech = sheet_rows(
        client.get(reverse("orgs:person_export"), {"department": company.units["tech"].pk}).content
    )
    assert by_header(tech, "姓名") == ["陈静"]


def test_person_export_ignores_bad_filter_values_without_500(client, login):
    login("dangwei")
    response = client.get(reverse("orgs:person_export"), {"department": "abc", "status": "x"})
    assert response.status_code == 200


def test_unit_export_honours_scope_and_filters(client, login, company):
    login("shuji")
    rows = sheet_rows(client.get(reverse("orgs:unit_export")).content)
    assert set(by_header(rows, "名称")) == {"生产一支部", "生产部", "运行一班"}
    team = rows[1 + by_header(rows, "名称").index("运行一班")]
    assert team[rows[0].index("上级组织")] == "生产部"
    login("dangwei")
    rows = sheet_rows(client.get(reverse("orgs:unit_export"), {"kind": "department"}).content)
    assert set(by_header(rows, "名称")) == {"生产部", "安全部", "技术部"}


def test_export_query_count_does_not_grow_with_rows(
    client, login, company, django_assert_max_num_queries
):
    from apps.orgs.models import Person

    login("dangwei")
    for i in range(40):
        Person.objects.create(
            employee_no=f"4{i:04d}", name=f"员工{i}", gender="F", department=company.units["tech"]
        )
    with django_assert_max_num_queries(12):
        rows = sheet_rows(client.get(reverse("orgs:person_export")).content)
    assert len(rows) == 1 + 46


def test_an_export_can_be_read_back_by_the_import(client, login, company):
    """An admin's export is a valid import file: re-importing it changes nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.orgs.roster.validation import RosterContext, validate_rows
    from apps.orgs.roster.xlsx import excel_row_label, read_xlsx

    user = login("dangwei")
    content = client.get(reverse("orgs:person_export")).content
    columns, _estimate, rows = read_xlsx(SimpleUploadedFile("x.xlsx", content))
    results = list(validate_rows(RosterContext(user), rows, set(columns), excel_row_label))
    assert [r.errors for r in results if r.errors] == []
    assert {r.action for r in results} == {"unchanged"}


def test_large_exports_run_in_the_background_with_a_download_link(
    client, login, company, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(import_views, "EXPORT_DIRECT_LIMIT", 2)
    user = login("shuji")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("orgs:person_export"), {"status": "active"})
    export = ListExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:export_detail", args=[export.pk])
    assert export.status == ListExport.Status.DONE and export.params == {"status": ["active"]}
    page = client.get(response["Location"]).content.decode()
    assert reverse("orgs:export_download", args=[export.pk]) in page
    download = client.get(reverse("orgs:export_download", args=[export.pk]))
    rows = sheet_rows(b"".join(download.streaming_content))
    assert "陈静" not in by_header(rows, "姓名") and len(rows) > 3
    assert export.created_by == user
    # Someone else's export does not exist for you.
    login("dangwei")
    assert client.get(reverse("orgs:export_download", args=[export.pk])).status_code == 404
    assert client.get(reverse("orgs:export_detail", args=[export.pk])).status_code == 404


def test_export_progress_partial(client, login, company):
    user = login("dangwei")
    export = ListExport.objects.create(
        token="t" * 32, kind="people", total=200, processed=50, created_by=user
    )
    response = client.get(reverse("orgs:export_progress", args=[export.pk]))
    assert "25%" in response.content.decode()
    ListExport.objects.filter(pk=export.pk).update(status=ListExport.Status.DONE)
    response = client.get(reverse("orgs:export_progress", args=[export.pk]))
    assert response.headers["HX-Refresh"] == "true"


def test_anonymous_users_are_sent_to_login(client, company):
    response = client.get(reverse("orgs:person_export"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
