"""An account for every person on the roster (issue 10 §1): made by the HR upsert and the Excel
import as the administrator's policy says, turned off when the person leaves and on again when
they return; a role granted to a 工号 whose person has no account yet opens one."""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.accounts.choices import Role
from apps.accounts.models import AccountPolicy, ApiToken, DisabledReason, RoleAssignment, User
from apps.accounts.provisioning import sync_accounts
from apps.orgs.models import Person

UPSERT = "/api/v1/orgs/people/bulk-upsert"


def upsert(client, company, rows, user="dangwei"):
    _token, raw = ApiToken.issue(user=company.users[user], name="hr")
    return client.post(
        UPSERT,
        data=json.dumps(rows),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


NEW = {"employee_no": "100094", "name": "孙红", "gender": "女", "department": "生产部"}


def test_hr_upsert_opens_an_account_named_by_the_employee_no(client, company):
    response = upsert(client, company, [NEW, NEW | {"employee_no": "100095", "name": "周强"}])
    assert response.status_code == 200, response.content
    assert response.json()["accounts_created"] == 2
    user = User.objects.get(username="100094")
    assert user.person == Person.objects.get(employee_no="100094")
    assert user.is_active and not user.has_usable_password()  # no password until activated
    again = upsert(client, company, [NEW])
    assert again.json()["accounts_created"] == 0
    assert User.objects.filter(person__employee_no="100094").count() == 1


def test_the_employee_no_and_mobile_log_in_too(client, company):
    upsert(client, company, [NEW | {"mobile": "13912345678"}])
    user = User.objects.get(username="100094")
    user.set_password("Tongxin-2025")
    user.save()
    for identifier in ("100094", "13912345678"):
        client.logout()
        response = client.post(
            "/accounts/login/", {"username": identifier, "password": "Tongxin-2025"}
        )
        assert response.status_code == 302, identifier
        assert int(client.session["_auth_user_id"]) == user.pk


def test_leaving_turns_the_account_off_and_returning_turns_it_on(client, company):
    upsert(client, company, [NEW])
    user = User.objects.get(username="100094")
    left = upsert(client, company, [{"employee_no": "100094", "status": "离职"}])
    assert left.json()["accounts_disabled"] == 1
    user.refresh_from_db()
    assert not user.is_active and user.disabled_reason == DisabledReason.ROSTER
    changes = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.UPDATE)
    assert changes.get().changes["is_active"] == ["True", "False"]  # audited, with the actor
    assert changes.get().actor == company.users["dangwei"]

    back = upsert(client, company, [{"employee_no": "100094", "status": "在职"}])
    assert back.json()["accounts_enabled"] == 1
    user.refresh_from_db()
    assert user.is_active and user.disabled_reason == ""


def test_an_account_an_admin_turned_off_stays_off_when_the_person_returns(client, company):
    upsert(client, company, [NEW])
    User.objects.filter(username="100094").update(
        is_active=False, disabled_reason=DisabledReason.ADMIN
    )
    upsert(client, company, [{"employee_no": "100094", "status": "在职", "position": "值班员"}])
    assert not User.objects.get(username="100094").is_active


def test_existing_people_of_an_upsert_get_their_missing_accounts(client, company):
    # 陈静 (10005) is on the roster but never had a login; the next sync that names her makes one.
    assert not User.objects.filter(person__employee_no="10005").exists()
    upsert(client, company, [{"employee_no": "10005"}])
    assert User.objects.get(person__employee_no="10005").username == "10005"


def test_the_policy_decides(client, company):
    AccountPolicy.objects.create(pk=1, auto_create=False)
    assert upsert(client, company, [NEW]).json()["accounts_created"] == 0
    assert not User.objects.filter(person__employee_no="100094").exists()

    AccountPolicy.objects.filter(pk=1).update(
        auto_create=True, username_prefix="tx", inactive_statuses=["left", "retired"]
    )
    upsert(client, company, [NEW])
    user = User.objects.get(person__employee_no="100094")
    assert user.username == "tx100094"
    upsert(client, company, [{"employee_no": "100094", "status": "退休"}])
    user.refresh_from_db()
    assert not user.is_active


def test_a_taken_username_is_reported_not_stolen(client, company):
    squatter = User.objects.create_user(username="100094", password="x")
    response = upsert(client, company, [NEW])
    assert response.json()["account_conflicts"] == ["100094"]
    assert not User.objects.filter(person__employee_no="100094").exists()
    squatter.refresh_from_db()
    assert squatter.person is None


def test_the_excel_import_opens_accounts_and_says_so(
    client, login, company, django_capture_on_commit_callbacks
):
    from apps.orgs.tests.test_import import row, xlsx

    login("dangwei")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orgs:import_start"), {"file": xlsx([row(工号="100094")])})
    from apps.orgs.models import RosterImport

    job = RosterImport.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orgs:import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == RosterImport.Status.APPLIED, job.message
    assert User.objects.get(username="100094").person.employee_no == "100094"
    page = client.get(reverse("orgs:import_detail", args=[job.pk])).content.decode()
    assert "开通账号 1 个" in page


def test_editing_a_person_as_left_or_deleting_them_turns_the_login_off(client, login, company):
    from apps.orgs.services import person_delete, person_update

    zhigong, norole = company.users["zhigong"], company.users["norole"]
    person_update(actor=company.users["dangwei"], person=zhigong.person, status="left")
    zhigong.refresh_from_db()
    assert not zhigong.is_active
    person_delete(actor=company.users["dangwei"], person=norole.person)
    norole.refresh_from_db()
    assert not norole.is_active and norole.disabled_reason == DisabledReason.ROSTER


def test_sync_of_many_people_takes_a_few_queries_per_thousand(
    company, django_assert_max_num_queries
):
    dept = company.units["prod"]
    people = Person.objects.bulk_create(
        Person(employee_no=f"3{i:05d}", name=f"员工{i}", gender="M", department=dept)
        for i in range(1500)
    )
    with django_assert_max_num_queries(40):  # not one per person (SQLite inserts ~70 a go)
        counts = sync_accounts([p.pk for p in people])
    assert counts["created"] == 1500
    assert User.objects.filter(person__in=people).count() == 1500


# --- roles granted to a 工号 ------------------------------------------------------------------


def test_a_role_is_granted_to_an_employee_no_from_the_hr_upsert(client, login, company):
    """The defect: "找不到该用户" for 工号 100094, a person the HR upsert had just created."""
    upsert(client, company, [NEW])
    login("dangwei")
    response = client.post(
        "/accounts/roles/",
        {"user": "100094", "role": Role.BRANCH_COMMITTEE, "unit": company.units["branch1"].pk},
    )
    assert response.status_code == 302, response.content.decode()
    grant = RoleAssignment.objects.get(role=Role.BRANCH_COMMITTEE)
    assert grant.user.person.employee_no == "100094"


def test_granting_a_role_to_a_person_without_an_account_opens_one(client, login, company):
    AccountPolicy.objects.create(pk=1, auto_create=False)
    upsert(client, company, [NEW])  # no account under this policy
    login("dangwei")
    response = client.post(
        "/accounts/roles/",
        {"user": "100094", "role": Role.TEAM_LEADER, "unit": company.units["team1"].pk},
    )
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(person__employee_no="100094")
    assert user.username == "100094" and user.role_assignments.get().role == Role.TEAM_LEADER
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(user.pk),
        action=LogEntry.Action.CREATE,
    ).exists()


@pytest.mark.parametrize(
    ("employee_no", "message"),
    [("10005", "找不到该用户"), ("99999", "找不到该用户")],
    ids=["out-of-scope", "unknown"],
)
def test_a_person_outside_the_admins_scope_is_not_found(
    client, login, company, employee_no, message
):
    from apps.accounts.models import RoleAssignment as RA

    prod_admin = User.objects.create_user(username="prod_admin", password="x")
    RA.objects.create(user=prod_admin, role=Role.PARTY_ADMIN, unit=company.units["prod"])
    client.force_login(prod_admin)
    response = client.post(
        "/accounts/roles/",
        {"user": employee_no, "role": Role.TEAM_LEADER, "unit": company.units["team1"].pk},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(person__employee_no=employee_no).exists()


def test_a_person_who_left_gets_no_account_by_a_grant(client, login, company):
    AccountPolicy.objects.create(pk=1, auto_create=False)
    upsert(client, company, [NEW | {"status": "离职"}])
    login("dangwei")
    response = client.post(
        "/accounts/roles/",
        {"user": "100094", "role": Role.TEAM_LEADER, "unit": company.units["team1"].pk},
    )
    assert response.status_code == 400
    assert "离职" in response.content.decode()
    assert not User.objects.filter(person__employee_no="100094").exists()
