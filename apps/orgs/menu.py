"""The side menu's items (apps.core.menu draws them): who sees which, by role."""

from django.utils.translation import gettext_lazy as _

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.menu import MenuItem

CADRE_ROLES = tuple(r for r in Role.values if r != Role.EMPLOYEE)
ORG_ADMIN = tuple(RoleAssignment.ORG_ADMIN_ROLES)
ROSTER = tuple(RoleAssignment.ROSTER_ROLES)
ACCOUNTS = tuple(RoleAssignment.ACCOUNT_ROLES)
# 驾驶舱: the 党委/党群工作部 and the heads of units (apps.insights asks the same roles).
COCKPIT = (
    Role.SYSTEM_ADMIN,
    Role.PARTY_ADMIN,
    Role.BRANCH_SECRETARY,
    Role.DEPARTMENT_HEAD,
    Role.TEAM_LEADER,
)
PARTY = (Role.PARTY_ADMIN, Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE)

MENU = [
    MenuItem(_("工作台"), "home", "ti-home", mobile=True),
    MenuItem(_("组织架构"), "orgs:tree", "ti-sitemap", CADRE_ROLES),
    MenuItem(_("人员名册"), "orgs:person_list", "ti-users", CADRE_ROLES, mobile=True),
    MenuItem(_("我的会议"), "meetings:mine", "ti-calendar-event", mobile=True),
    MenuItem(_("组织生活"), "meetings:list", "ti-flag", CADRE_ROLES),
    MenuItem(_("学习教育"), "learning:home", "ti-book"),
    MenuItem(_("支部标准化"), "standards:overview", "ti-checklist", CADRE_ROLES),
    MenuItem(_("急难愁盼"), "appeals:list", "ti-heart-handshake", mobile=True),
    MenuItem(_("合理化建议"), "suggestions:list", "ti-bulb"),
    MenuItem(_("隐患排查"), "hazards:list", "ti-alert-triangle"),
    MenuItem(_("督办"), "supervision:list", "ti-alarm", CADRE_ROLES),
    MenuItem(_("驾驶舱"), "insights:cockpit", "ti-dashboard", COCKPIT),
    MenuItem(_("苗头预警"), "alerts:list", "ti-radar", CADRE_ROLES),
    MenuItem(_("联席会议"), "collab:meeting_list", "ti-users-group", CADRE_ROLES),
    MenuItem(_("项目化管理"), "projects:list", "ti-target-arrow", CADRE_ROLES),
    MenuItem(_("生产指标"), "production:list", "ti-building-factory", CADRE_ROLES),
    MenuItem(_("量化考核"), "kpi:list", "ti-chart-bar", CADRE_ROLES),
    MenuItem(_("月度简报"), "briefs:list", "ti-file-text", CADRE_ROLES),
    MenuItem(_("谈心谈话"), "talks:list", "ti-messages", CADRE_ROLES),
    MenuItem(_("发展党员"), "admission:board", "ti-user-plus", PARTY),
    MenuItem(_("工作动态"), "feed:list", "ti-news"),
    MenuItem(_("问卷调查"), "surveys:mine", "ti-clipboard-list"),
    MenuItem(_("名册导入"), "orgs:import_start", "ti-file-import", ROSTER),
    MenuItem(_("角色授权"), "accounts:role_list", "ti-shield-check", ORG_ADMIN),
    MenuItem(_("账号管理"), "accounts:user_list", "ti-user-cog", ACCOUNTS),
    MenuItem(_("审计日志"), "audit:log", "ti-history", (Role.SYSTEM_ADMIN,)),
    MenuItem(_("送达渠道"), "notify:channels", "ti-send", (Role.SYSTEM_ADMIN,)),
    MenuItem(_("通知"), "notifications", "ti-bell", mobile=True),
    MenuItem(_("通知偏好"), "notify:preferences", "ti-adjustments-alt"),
    MenuItem(_("我的"), "accounts:profile", "ti-user-circle", mobile=True),
]
