"""Issue 10's suggestion defects: 督办 items the implementer could not open, money typed as
"1e9", no way to correct a verified figure, verifiers chosen by a word in a unit's name, a 500
on ?campaign=, and reviews missing from the audit log."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.core.errors import DomainError
from apps.orgs.choices import UnitKind
from apps.orgs.models import Person
from apps.orgs.testing import add
from apps.suggestions import rules, services
from apps.suggestions.choices import EventKind
from apps.suggestions.models import BenefitRule, Review, ReviewScore, Suggestion
from apps.supervision.models import SupervisedItem

from .factories import NOW, advance, finance, scores, submit

pytestmark = pytest.mark.django_db


def _implementer(company):
    """班长 of 运行一班 (team leader): his role reaches the team only, not 生产部."""
    person = Person.objects.create(
        employee_no="10020",
        name="周班长",
        gender="M",
        department=company.units["prod"],
        team=company.units["team1"],
    )
    user = User.objects.create_user(username="banzhang", password="x", person=person)
    RoleAssignment.objects.create(user=user, role=Role.TEAM_LEADER, unit=company.units["team1"])
    return user


# --- 督办 items open ---------------------------------------------------------------------------


def test_every_supervised_item_a_cadre_sees_opens(client, company):
    """A suggestion about 技术部, implemented by 运行一班 with no person named: the team leader
    sees it in 督办 and must be able to open it (it was a 404)."""
    leader = _implementer(company)
    s = advance(company, submit(company, target="tech"), "adopted", reviewer="dangwei")
    services.suggestion_assign(
        actor=company.users["dangwei"],
        suggestion=s,
        impl_unit=company.units["team1"],
        due_at=NOW.replace(year=2099),
    )
    client.force_login(leader)
    listed = client.get(reverse("supervision:list")).context["page"].object_list
    assert [i.object_id for i in listed] == [s.pk]
    for item in SupervisedItem.objects.visible_to(leader):
        assert client.get(item.url).status_code == 200, item.url


def test_an_item_assigned_by_a_cadre_of_two_units_opens_for_every_office(client, company):
    """The assigner heads 安全部 and 技术部 and reviews as 技术部's head: 督办 names 技术部 as the
    assigning office, not 安全部 (whose head would see an item he cannot open)."""
    both = User.objects.create_user(username="jianren", password="x")
    safety_head = User.objects.create_user(username="anquan", password="x")
    for user, unit in [(both, "safety"), (both, "tech"), (safety_head, "safety")]:
        RoleAssignment.objects.create(
            user=user, role=Role.DEPARTMENT_HEAD, unit=company.units[unit]
        )
    s = advance(company, submit(company, target="tech"), "adopted", reviewer="dangwei")
    services.suggestion_assign(
        actor=both, suggestion=s, impl_unit=company.units["team1"], due_at=NOW.replace(year=2099)
    )
    assert SupervisedItem.objects.get().assigner_unit == company.units["tech"]
    for user in [*company.users.values(), both, safety_head]:
        client.force_login(user)
        for item in SupervisedItem.objects.visible_to(user):
            assert client.get(item.url).status_code == 200, (user.username, item.url)


def test_the_implementing_unit_is_a_scope_field(company):
    leader = _implementer(company)
    s = advance(company, submit(company, target="tech"), "adopted", reviewer="dangwei")
    assert not Suggestion.objects.visible_to(leader).filter(pk=s.pk).exists()
    services.suggestion_assign(
        actor=company.users["dangwei"],
        suggestion=s,
        impl_unit=company.units["team1"],
        due_at=NOW.replace(year=2099),
    )
    assert Suggestion.objects.visible_to(leader).filter(pk=s.pk).exists()


# --- money -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1e9", "amount_exponent"),
        ("1E+9", "amount_exponent"),
        ("2.5e3", "amount_exponent"),
        ("NaN", "bad_amount"),
        ("1000000000", "amount_too_large"),
        (Decimal("1E+9"), "amount_exponent"),
    ],
)
def test_a_verified_benefit_refuses_exponents_and_absurd_amounts(company, typed, code):
    s = advance(company, submit(company), "implemented")
    with pytest.raises(DomainError) as err:
        services.suggestion_verify(actor=company.users["dangwei"], suggestion=s, yuan=typed)
    assert err.value.code == code and err.value.field == "yuan"
    assert "元" in str(err.value.message) or "数字" in str(err.value.message)
    assert Suggestion.objects.get(pk=s.pk).verified_yuan is None


def test_the_ceiling_is_set_on_the_page_and_says_so(client, login, company):
    login("dangwei")
    r = client.post(
        reverse("suggestions:benefit_rule"), {"max_yuan": "500000", "verifying_units": []}
    )
    assert r.status_code == 302 and BenefitRule.current().max_yuan == Decimal("500000")
    s = advance(company, submit(company), "implemented")
    with pytest.raises(DomainError) as err:
        services.suggestion_verify(actor=company.users["dangwei"], suggestion=s, yuan="600000")
    assert "500,000.00" in str(err.value.message)
    services.suggestion_verify(actor=company.users["dangwei"], suggestion=s, yuan="499999.99")


def test_the_page_refuses_1e9_keeping_what_was_typed(client, login, company):
    s = advance(company, submit(company), "implemented")
    login("dangwei")
    r = client.post(reverse("suggestions:action", args=[s.pk, "verify"]), {"yuan": "1e9"})
    body = r.content.decode()
    assert r.status_code == 400 and "科学计数法" in body and 'value="1e9"' in body


def test_api_refuses_1e9(client, login, company):
    s = advance(company, submit(company), "implemented")
    login("dangwei")
    r = client.post(
        f"/api/v1/suggestions/{s.pk}/verify", {"yuan": "1e9"}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "amount_exponent"


# --- correcting a verified figure --------------------------------------------------------------


def test_a_verifier_corrects_a_verified_figure_with_a_reason(client, login, company):
    s = advance(company, submit(company), "verified", benefit="120000.00")
    login("dangwei")
    url = reverse("suggestions:action", args=[s.pk, "correct"])
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert url in page
    r = client.post(url, {"yuan": "12000.00", "reason": ""})
    assert r.status_code == 400  # a reason is required
    r = client.post(url, {"yuan": "12000.00", "reason": "录入时多写了一个零"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.verified_yuan == Decimal("12000.00") and s.status == "verified"
    event = s.events.get(action=EventKind.CORRECTED)
    assert event.data == {"from": "120000.00", "to": "12000.00"}
    assert "录入时多写了一个零" in event.note and event.actor == company.users["dangwei"]
    change = LogEntry.objects.get_for_object(s).filter(changes__icontains="verified_yuan")
    assert change.exists()  # audited as a field change
    body = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "更正核定效益" in body and "12,000.00" in body


def test_only_verifiers_correct_and_only_verified_figures(company):
    s = advance(company, submit(company), "implemented")
    with pytest.raises(DomainError) as err:
        services.suggestion_correct_benefit(
            actor=company.users["dangwei"], suggestion=s, yuan="1", reason="x"
        )
    assert err.value.code == "bad_transition"
    s = advance(company, s, "rewarded")
    with pytest.raises(DomainError) as err:
        services.suggestion_correct_benefit(
            actor=company.users["bumen"], suggestion=s, yuan="1", reason="x"
        )
    assert err.value.status == 403
    services.suggestion_correct_benefit(
        actor=company.users["dangwei"], suggestion=s, yuan="1", reason="复核"
    )
    assert Suggestion.objects.get(pk=s.pk).status == "rewarded"


# --- who verifies ------------------------------------------------------------------------------


def test_verifiers_are_the_listed_units_not_a_word_in_the_name(company):
    caiwu = finance(company, verifies=False)  # 财务部 by name, but not listed
    assert not rules.can_verify_benefit(caiwu)
    ops = add(company.units["company"], name="经营管理部", kind=UnitKind.DEPARTMENT, code="D-OPS")
    head = User.objects.create_user(username="jingying", password="x")
    RoleAssignment.objects.create(user=head, role=Role.DEPARTMENT_HEAD, unit=ops)
    assert not rules.can_verify_benefit(head)
    services.benefit_rule_save(
        actor=company.users["dangwei"], verifying_units=[ops], max_yuan=Decimal("10000000")
    )
    assert rules.can_verify_benefit(head)
    assert not rules.can_verify_benefit(caiwu)


def test_the_setting_page_is_for_admins_and_audited(client, login, company):
    login("bumen")
    assert client.get(reverse("suggestions:benefit_rule")).status_code == 403
    login("dangwei")
    tech = company.units["tech"]
    r = client.post(
        reverse("suggestions:benefit_rule"), {"max_yuan": "10000000", "verifying_units": [tech.pk]}
    )
    assert r.status_code == 302
    rule = BenefitRule.current()
    assert list(rule.verifying_units.all()) == [tech]
    assert LogEntry.objects.get_for_object(rule).exists()
    r = client.post(reverse("suggestions:benefit_rule"), {"max_yuan": "1e9"})
    assert r.status_code == 400


# --- bad query strings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["campaign=", "campaign=abc", "campaign=99999999999999999999", "campaign=-1", "unit=abc"],
)
@pytest.mark.parametrize("page", ["suggestions:list", "suggestions:figures", "suggestions:export"])
def test_bad_ids_in_query_strings_never_500(client, login, company, query, page):
    submit(company)
    login("dangwei")
    assert client.get(f"{reverse(page)}?{query}").status_code == 200


def test_api_huge_campaign_never_500(client, login, company):
    login("dangwei")
    r = client.get("/api/v1/suggestions", {"campaign": "99999999999999999999"})
    assert r.status_code < 500


# --- audit holes -------------------------------------------------------------------------------


def test_reviews_and_their_scores_are_audited(company):
    s = submit(company)
    services.suggestion_score(actor=company.users["bumen"], suggestion=s, scores=scores(), now=NOW)
    review = Review.objects.get()
    assert LogEntry.objects.get_for_object(review).exists()
    assert LogEntry.objects.get_for_object(ReviewScore.objects.first()).exists()


# --- history rows ------------------------------------------------------------------------------


def test_history_rows_name_people_not_none(company):
    """A suggestion's history printed "suggestions.SuggestionEvent.None" for its reverse
    relations and an empty row for the co-proposers added; it names them."""
    from apps.core.audit import history_rows

    s = submit(company, co_proposers=[company.people["shuji"]])
    s = advance(company, s, "adopted")
    rows = history_rows(s)
    shown = [f"{label}:{value}" for row in rows for label, value in row["details"]]
    assert not [x for x in shown if ".None" in x]
    assert "共同建议人:添加:王建国(10001)" in shown
    assert "决定人:— → 李明" in shown  # a person's name, not the username "bumen"
    assert [r["event"] for r in rows][-1] == "新建"


# --- field errors and the service's refusal at once ---------------------------------------------


def test_the_form_shows_field_errors_and_the_services_refusal_together(client, login, company):
    """An unknown co-proposer (the form's check) and a category the campaign does not take (the
    service's): both on the first submit, nothing stored, nothing notified."""
    from datetime import date, timedelta

    from django.utils import timezone

    from apps.core.models import Notification

    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=company.users["dangwei"],
        organiser=company.units["company"],
        title="安全金点子",
        starts_on=today,
        ends_on=today + timedelta(days=30) if today.month < 12 else date(today.year, 12, 31),
        scope_unit=company.units["company"],
        categories=["safety"],
    )
    notified = Notification.objects.count()
    login("zhigong")
    r = client.post(
        reverse("suggestions:new"),
        {
            "title": "优化交接班",
            "category": "management",
            "target_unit": company.units["prod"].pk,
            "problem": "手写记录遗漏",
            "proposal": "电子交接班",
            "campaign": campaign.pk,
            "co_proposers": "99999",
        },
    )
    body = r.content.decode()
    assert r.status_code == 400
    assert "99999" in body  # the form's error on 共同建议人
    assert "只征集" in body  # the service's refusal on 类别, on the same page
    assert not Suggestion.objects.exists()
    assert Notification.objects.count() == notified
