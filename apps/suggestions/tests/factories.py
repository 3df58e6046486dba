"""Test helpers: suggestions moved along the workflow through the real services."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.orgs.choices import UnitKind
from apps.orgs.testing import add
from apps.suggestions import services
from apps.suggestions.models import BenefitRule, Criterion

NOW = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))


def finance(company, *, verifies: bool = True):
    """财务部 with its head 孙会计 (user 'caiwu'), who may verify benefit when 财务部 is listed on
    the 效益核定设置 page."""
    unit = add(company.units["company"], name="财务部", kind=UnitKind.DEPARTMENT, code="D-FIN")
    from apps.orgs.models import Person

    person = Person.objects.create(employee_no="10009", name="孙会计", gender="F", department=unit)
    user = User.objects.create_user(username="caiwu", password="x", person=person)
    RoleAssignment.objects.create(user=user, role=Role.DEPARTMENT_HEAD, unit=unit)
    company.units["finance"] = unit
    if verifies:
        rule = BenefitRule.objects.first() or BenefitRule.objects.create()
        rule.verifying_units.add(unit)
    company.users["caiwu"] = user
    return user


def submit(company, *, by="zhigong", target="prod", now=NOW, **fields):
    data = {
        "title": "优化运行班交接班流程",
        "problem": "交接班记录手写,信息遗漏。",
        "proposal": "改用电子交接班记录表。",
        "category": "management",
        "target_unit": company.units[target],
    }
    data.update(fields)
    return services.suggestion_submit(actor=company.users[by], now=now, **data)


def scores(values=(80, 70, 90)) -> dict[int, int]:
    return {c.pk: v for c, v in zip(Criterion.objects.filter(is_active=True), values, strict=True)}


def advance(
    company, s, upto: str, *, now=NOW, benefit="12000.50", reward="500.00", reviewer="bumen"
):
    """Move a suggestion through the workflow up to the given state; `reviewer` scores, decides
    and assigns (生产部's head by default: pass "dangwei" for a suggestion about another unit)."""
    bumen, dangwei = company.users[reviewer], company.users["dangwei"]
    steps = [
        "under_review",
        "adopted",
        "implementing",
        "implemented",
        "verified",
        "rewarded",
    ]
    start = steps.index(s.status) + 1 if s.status in steps else 0
    for state in steps[start : steps.index(upto) + 1]:
        if state == "under_review":
            services.suggestion_score(actor=bumen, suggestion=s, scores=scores(), now=now)
        elif state == "adopted":
            services.suggestion_decide(actor=bumen, suggestion=s, decision="adopt", now=now)
        elif state == "implementing":
            services.suggestion_assign(
                actor=bumen,
                suggestion=s,
                impl_unit=company.units["team1"],
                impl_person=company.people["zhigong"],
                due_at=now + timedelta(days=30),
                now=now,
            )
        elif state == "implemented":
            services.suggestion_mark_implemented(
                actor=company.users["zhigong"], suggestion=s, note="已上线电子交接班。", now=now
            )
        elif state == "verified":
            services.suggestion_verify(actor=dangwei, suggestion=s, yuan=Decimal(benefit), now=now)
        elif state == "rewarded":
            services.suggestion_reward(
                actor=dangwei, suggestion=s, yuan=Decimal(reward), note="季度奖励", now=now
            )
    s.refresh_from_db()
    return s
