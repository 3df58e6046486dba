"""The workbench home page, the menu by role, and the error pages."""

import pytest
from django.template.loader import render_to_string

from apps.core.models import Notification
from apps.core.selectors import workbench

ADMIN_SHORTCUTS = {"角色授权", "名册导入"}


def labels(shortcuts):
    return {str(s["label"]) for s in shortcuts}


def test_employee_sees_no_admin_shortcuts(company):
    shortcuts = labels(workbench(user=company.users["zhigong"])["shortcuts"])
    assert not shortcuts & ADMIN_SHORTCUTS
    assert "人员名册" not in shortcuts
    assert "我的" in shortcuts


def test_party_admin_sees_admin_shortcuts(company):
    shortcuts = labels(workbench(user=company.users["dangwei"])["shortcuts"])
    assert ADMIN_SHORTCUTS <= shortcuts
    assert {"组织架构", "人员名册"} <= shortcuts


def test_secretary_sees_roster_and_its_import_but_not_role_grants(company):
    shortcuts = labels(workbench(user=company.users["shuji"])["shortcuts"])
    assert {"人员名册", "名册导入"} <= shortcuts
    assert "角色授权" not in shortcuts


def test_home_page_for_an_employee(client, login):
    user = login("zhigong")
    Notification.objects.create(user=user, title="请参加周五的主题党日", url="/notifications/")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "张伟,您好" in html
    assert "请参加周五的主题党日" in html
    assert "/accounts/roles/" not in html  # neither shortcut nor menu entry


def test_home_page_for_party_admin_links_admin_pages(client, login):
    login("dangwei")
    html = client.get("/").content.decode()
    assert "/accounts/roles/" in html and "/orgs/import/" in html
    assert "党委/党群工作部管理员 · 示范公司" in html


def test_home_page_query_count_does_not_grow_with_notifications(
    client, login, django_assert_max_num_queries
):
    user = login("dangwei")
    Notification.objects.bulk_create(
        [Notification(user=user, title=f"提醒 {i}") for i in range(30)]
    )
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def test_unknown_page_is_a_chinese_404(client, login):
    login("zhigong")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "未找到该页面或记录" in response.content.decode()


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("400.html", "请求有误"),
        ("403.html", "没有权限"),
        ("404.html", "未找到"),
        ("500.html", "系统出错了"),
        ("403_csrf.html", "页面已过期"),
    ],
)
def test_error_pages_render_without_a_request_or_database(template, text):
    # The 500 page is rendered with no request and perhaps no database: it must stand alone.
    assert text in render_to_string(template)


def test_healthz(client, db):
    assert client.get("/healthz").content == b"ok"
