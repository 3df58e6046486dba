"""Reads for the shell: the personal workbench."""

from django.utils.translation import gettext_lazy as _

from apps.accounts.choices import Role

# Shortcuts shown on the workbench, by role. Later areas add theirs here.
SHORTCUTS = [
    (
        _("组织架构"),
        "orgs:tree",
        "ti-sitemap",
        (
            Role.SYSTEM_ADMIN,
            Role.PARTY_ADMIN,
            Role.BRANCH_SECRETARY,
            Role.BRANCH_COMMITTEE,
            Role.DEPARTMENT_HEAD,
            Role.UNION_CADRE,
            Role.LEAGUE_CADRE,
            Role.DISCIPLINE,
            Role.TEAM_LEADER,
        ),
    ),
    (
        _("人员名册"),
        "orgs:person_list",
        "ti-users",
        (
            Role.SYSTEM_ADMIN,
            Role.PARTY_ADMIN,
            Role.BRANCH_SECRETARY,
            Role.BRANCH_COMMITTEE,
            Role.DEPARTMENT_HEAD,
            Role.UNION_CADRE,
            Role.LEAGUE_CADRE,
            Role.TEAM_LEADER,
        ),
    ),
    (_("导入名册"), "orgs:import_start", "ti-file-import", (Role.SYSTEM_ADMIN, Role.PARTY_ADMIN)),
    (_("角色授权"), "accounts:role_list", "ti-shield-check", (Role.SYSTEM_ADMIN, Role.PARTY_ADMIN)),
    (_("我的档案"), "accounts:profile", "ti-id-badge", None),
]


def workbench(*, user) -> dict:
    """What the home page shows: to-dos, latest notifications, the user's roles and shortcuts."""
    from django.urls import reverse

    shortcuts = [
        {"label": label, "url": reverse(name), "icon": icon}
        for label, name, icon, roles in SHORTCUTS
        if roles is None or user.has_role(*roles)
    ]
    roles = list(
        user.role_assignments.select_related("unit").filter(unit__dissolved_at__isnull=True)
    )
    todos = user.notifications.filter(read_at__isnull=True)[:8]
    return {"shortcuts": shortcuts, "roles": roles, "todos": todos}
