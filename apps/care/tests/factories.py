"""关爱帮扶 test helpers: the union cadres of 生产部 and 技术部, a 家庭困难 appeal, and files and
aid made through the services."""

from decimal import Decimal

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.appeals.tests.factories import category, submit
from apps.care import services
from apps.orgs.models import Person


def union_cadre(company, username="gonghui", unit="prod", no="10090", name="周红"):
    """A 工会干部 on a unit (a person of that unit, with a login)."""
    person = Person.objects.create(
        employee_no=no, name=name, gender="F", department=company.units[unit]
    )
    user = User.objects.create_user(username=username, password="demo12345", person=person)
    RoleAssignment.objects.create(user=user, role=Role.UNION_CADRE, unit=company.units[unit])
    company.users[username] = user
    return user


def hardship_appeal(company, who="zhigong"):
    appeal, _code = submit(
        company,
        who,
        category=category("家庭困难"),
        title="孩子上大学学费困难",
        description="两个孩子同时上大学,爱人没有固定收入,学费压力很大。",
    )
    return appeal


def open_file(company, *, actor="gonghui", who="zhigong", level="hard", **kw):
    kw.setdefault("family_situation", "两个孩子同时上大学,爱人没有固定收入。")
    return services.file_open(
        actor=company.users[actor],
        person=company.people[who],
        category=kw.pop("category", "schooling"),
        level=level,
        **kw,
    )


def visit(company, file, *, actor="gonghui", amount="800", approved="1000", **kw):
    return services.aid_record(
        actor=company.users[actor],
        file=file,
        kind=kw.pop("kind", "visit"),
        form=kw.pop("form", "money"),
        amount=Decimal(amount) if amount is not None else None,
        approved_amount=Decimal(approved) if approved is not None else None,
        approval_no=kw.pop("approval_no", "GH2026001"),
        **kw,
    )
