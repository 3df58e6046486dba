from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    PARTY_ADMIN = "party_admin", _("党委/党群工作部管理员")
    BRANCH_SECRETARY = "branch_secretary", _("支部书记")
    BRANCH_COMMITTEE = "branch_committee", _("支部委员")
    UNION_CADRE = "union_cadre", _("工会干部")
    LEAGUE_CADRE = "league_cadre", _("团干部")
    DISCIPLINE = "discipline", _("纪委")
    DEPARTMENT_HEAD = "department_head", _("部门负责人")
    TEAM_LEADER = "team_leader", _("班组长")
    EMPLOYEE = "employee", _("职工")
