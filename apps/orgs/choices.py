from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    COMPANY = "company", _("公司")
    DEPARTMENT = "department", _("部门")
    TEAM = "team", _("班组")
    PARTY_COMMITTEE = "party_committee", _("党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    PARTY_GROUP = "party_group", _("党小组")
    UNION_COMMITTEE = "union_committee", _("工会")
    UNION_BRANCH = "union_branch", _("工会分会")
    LEAGUE_COMMITTEE = "league_committee", _("团委")
    LEAGUE_BRANCH = "league_branch", _("团支部")


# Which kinds may sit under which: keeps the forest meaningful (a team is never under a branch).
ALLOWED_PARENTS = {
    UnitKind.COMPANY: {None, UnitKind.COMPANY},
    UnitKind.DEPARTMENT: {UnitKind.COMPANY, UnitKind.DEPARTMENT},
    UnitKind.TEAM: {UnitKind.DEPARTMENT, UnitKind.TEAM},
    UnitKind.PARTY_COMMITTEE: {None, UnitKind.COMPANY, UnitKind.PARTY_COMMITTEE},
    UnitKind.GENERAL_BRANCH: {UnitKind.PARTY_COMMITTEE},
    UnitKind.BRANCH: {UnitKind.PARTY_COMMITTEE, UnitKind.GENERAL_BRANCH},
    UnitKind.PARTY_GROUP: {UnitKind.BRANCH},
    UnitKind.UNION_COMMITTEE: {None, UnitKind.COMPANY, UnitKind.UNION_COMMITTEE},
    UnitKind.UNION_BRANCH: {UnitKind.UNION_COMMITTEE, UnitKind.UNION_BRANCH},
    UnitKind.LEAGUE_COMMITTEE: {None, UnitKind.COMPANY, UnitKind.LEAGUE_COMMITTEE},
    UnitKind.LEAGUE_BRANCH: {UnitKind.LEAGUE_COMMITTEE, UnitKind.LEAGUE_BRANCH},
}
ADMIN_KINDS = {UnitKind.COMPANY, UnitKind.DEPARTMENT, UnitKind.TEAM}
PARTY_KINDS = {
    UnitKind.PARTY_COMMITTEE,
    UnitKind.GENERAL_BRANCH,
    UnitKind.BRANCH,
    UnitKind.PARTY_GROUP,
}


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    LEAGUE_MEMBER = "league_member", _("共青团员")
    DEMOCRATIC_PARTY = "democratic", _("民主党派")
    MASSES = "masses", _("群众")


class SkillLevel(models.TextChoices):
    NONE = "", _("无")
    JUNIOR = "5", _("初级工")
    INTERMEDIATE = "4", _("中级工")
    SENIOR = "3", _("高级工")
    TECHNICIAN = "2", _("技师")
    SENIOR_TECHNICIAN = "1", _("高级技师")


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("在职")
    SECONDED = "seconded", _("借调")
    LEAVE = "leave", _("长期休假")
    RETIRED = "retired", _("退休")
    LEFT = "left", _("离职")


class MemberKind(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")
