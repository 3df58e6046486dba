"""Test helpers: a small named company with one user per role, built the same way every time.
They live in orgs (not core) because they build units, people and role grants.

company.users["shuji"]   secretary of 生产一支部 (bound to 生产部)
company.units["prod"]    生产部, with team 运行一班
"""

from dataclasses import dataclass, field

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.orgs.choices import MemberKind, PoliticalStatus, UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person

PASSWORD = "demo12345"


@dataclass
class Company:
    units: dict[str, OrgUnit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def _person(no, name, dept, team=None, status=PoliticalStatus.MASSES, mobile=""):
    return Person.objects.create(
        employee_no=no,
        name=name,
        gender="M",
        department=dept,
        team=team,
        political_status=status,
        mobile=mobile,
        id_number="11010119800101" + no[-4:].zfill(4),
    )


def add(parent, **fields) -> OrgUnit:
    if parent is None:
        return OrgUnit.objects.add_root(create_kwargs=fields)
    parent.refresh_from_db()
    return OrgUnit.objects.add_child(parent, create_kwargs=fields)


def build_company() -> Company:
    c = Company()
    u = c.units
    u["company"] = add(None, name="示范公司", kind=UnitKind.COMPANY, code="C")
    u["prod"] = add(u["company"], name="生产部", kind=UnitKind.DEPARTMENT, code="D-PROD")
    u["team1"] = add(u["prod"], name="运行一班", kind=UnitKind.TEAM, code="T-1")
    u["safety"] = add(u["company"], name="安全部", kind=UnitKind.DEPARTMENT, code="D-SAFE")
    u["tech"] = add(u["company"], name="技术部", kind=UnitKind.DEPARTMENT, code="D-TECH")
    u["party"] = add(u["company"], name="公司党委", kind=UnitKind.PARTY_COMMITTEE, code="P")
    u["gb"] = add(u["party"], name="生产党总支", kind=UnitKind.GENERAL_BRANCH, code="P-GB")
    u["branch1"] = add(
        u["gb"], name="生产一支部", kind=UnitKind.BRANCH, code="P-B1", serves=u["prod"]
    )
    u["branch2"] = add(
        u["party"], name="技术支部", kind=UnitKind.BRANCH, code="P-B2", serves=u["tech"]
    )
    for key in u:
        u[key].refresh_from_db()

    p = c.people
    p["shuji"] = _person(
        "10001", "王建国", u["prod"], status=PoliticalStatus.PARTY_MEMBER, mobile="13800001001"
    )
    p["bumen"] = _person("10002", "李明", u["prod"], mobile="13800001002")
    p["zhigong"] = _person("10003", "张伟", u["prod"], u["team1"], mobile="13800001003")
    p["dangwei"] = _person("10004", "刘芳", u["company"], status=PoliticalStatus.PARTY_MEMBER)
    p["tech_worker"] = _person(
        "10005", "陈静", u["tech"], status=PoliticalStatus.PARTY_MEMBER, mobile="13800001005"
    )
    p["safety_worker"] = _person("10006", "赵磊", u["safety"], mobile="13800001006")
    PartyMembership.objects.create(
        person=p["shuji"], branch=u["branch1"], kind=MemberKind.FULL, party_post="书记"
    )
    PartyMembership.objects.create(person=p["tech_worker"], branch=u["branch2"])
    PartyMembership.objects.create(person=p["dangwei"], branch=u["branch2"])

    grants = {
        "admin": (Role.SYSTEM_ADMIN, "company", None),
        "dangwei": (Role.PARTY_ADMIN, "company", "dangwei"),
        "shuji": (Role.BRANCH_SECRETARY, "branch1", "shuji"),
        "bumen": (Role.DEPARTMENT_HEAD, "prod", "bumen"),
        "zhigong": (Role.EMPLOYEE, "team1", "zhigong"),
        "tech_shuji": (Role.BRANCH_SECRETARY, "branch2", None),
        "norole": (None, None, "safety_worker"),
    }
    for username, (role, unit_key, person_key) in grants.items():
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            person=p[person_key] if person_key else None,
        )
        if role:
            RoleAssignment.objects.create(user=user, role=role, unit=u[unit_key])
        c.users[username] = user
    return c
