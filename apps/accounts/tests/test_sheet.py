"""The printable per-unit sheet of first-login codes (issue 10 §1): made when printed, shown
once (never stored, never cached), one slip a person with cut lines; printing again voids the
last sheet; for the org admins of the unit."""

import re

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import AccountPolicy, User
from apps.orgs.models import Person

CODE = re.compile(r'data-testid="slip-code">([A-Z0-9-]+)<')


def print_sheet(client, unit):
    return client.post(reverse("accounts:user_sheet"), {"unit": unit.pk})


def test_a_sheet_gives_everyone_who_never_logged_in_a_code_that_works_once(client, login, company):
    User.objects.filter(username="shuji").update(last_login=timezone.now())  # already active
    login("dangwei")
    response = print_sheet(client, company.units["prod"])
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert html.count('data-testid="slip"') == 2  # 李明 and 张伟; 王建国 has logged in
    assert "10002" in html and "10003" in html and "王建国" not in html
    codes = CODE.findall(html)
    assert len(set(codes)) == 2
    zhigong = User.objects.get(username="zhigong")
    assert all(c not in (zhigong.password, zhigong.activation_digest) for c in codes)
    assert zhigong.must_change_password and not zhigong.has_usable_password()

    # audited: once on the unit, once on each account
    def events(obj):
        return [
            e.changes["event"][0]
            for e in LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.ACCESS)
        ]

    assert "打印初始密码单:2 人" in events(company.units["prod"])
    assert any("初始密码单发放一次性激活码" in e for e in events(zhigong))

    client.logout()
    code = codes[1]  # 张伟 (10003) comes after 李明 (10002)
    assert client.post(reverse("login"), {"username": "10003", "password": code}).status_code == 302
    assert client.get("/")["Location"].startswith(reverse("accounts:password_change"))


def test_printing_again_voids_the_last_sheet(client, login, company):
    login("dangwei")
    first = CODE.findall(print_sheet(client, company.units["team1"]).content.decode())
    second = CODE.findall(print_sheet(client, company.units["team1"]).content.decode())
    assert len(first) == len(second) == 1 and first != second
    client.logout()
    assert (
        client.post(reverse("login"), {"username": "10003", "password": first[0]}).status_code
        == 200
    )
    assert (
        client.post(reverse("login"), {"username": "10003", "password": second[0]}).status_code
        == 302
    )


def test_people_without_an_account_get_one_on_the_sheet(client, login, company):
    AccountPolicy.objects.create(pk=1, auto_create=False)
    dept = company.units["tech"]
    Person.objects.create(employee_no="100094", name="孙红", gender="F", department=dept)
    login("dangwei")
    html = print_sheet(client, dept).content.decode()
    assert "孙红" in html and "陈静" in html
    assert User.objects.filter(person__employee_no__in=["100094", "10005"]).count() == 2


def test_the_sheet_is_for_org_admins_in_their_scope(client, login, company):
    login("shuji")
    assert client.get(reverse("accounts:user_sheet")).status_code == 404
    assert print_sheet(client, company.units["prod"]).status_code == 404
    from apps.accounts.choices import Role
    from apps.accounts.models import RoleAssignment

    prod_admin = User.objects.create_user(username="prod_admin", password="x")
    RoleAssignment.objects.create(
        user=prod_admin, role=Role.PARTY_ADMIN, unit=company.units["prod"]
    )
    client.force_login(prod_admin)
    page = client.get(reverse("accounts:user_sheet"))
    assert page.status_code == 200 and "生产部" in page.content.decode()
    refused = print_sheet(client, company.units["tech"])
    assert refused.status_code == 400 and "管辖范围" in refused.content.decode()
    assert User.objects.get(username="norole").has_usable_password()


def test_the_choose_page_lists_units_with_accounts_to_activate(client, login, company):
    login("admin")
    html = client.get(reverse("accounts:user_sheet")).content.decode()
    assert "生产部" in html and 'data-testid="pending-units"' in html
