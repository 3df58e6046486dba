"""The talk ledger's and the not-yet-reached list's columns; apps.core.exports writes the file."""

from django.utils.translation import gettext as _


def talk_columns():
    return [
        (_("谈话日期"), lambda t, now: t.day.isoformat()),
        (_("谈话对象"), lambda t, now: t.person.name),
        (_("工号"), lambda t, now: t.person.employee_no),
        (_("所在单位"), lambda t, now: t.unit.name),
        (_("谈话类型"), lambda t, now: t.get_kind_display()),
        (_("谈话地点"), lambda t, now: t.get_place_display()),
        (_("思想状态"), lambda t, now: t.get_state_display()),
        (_("关注问题"), lambda t, now: "、".join(t.tag_names)),
        (_("谈话要点"), lambda t, now: t.summary),
        (_("后续跟进"), lambda t, now: t.follow_up),
        (_("谈话人"), lambda t, now: t.talker_name),
    ]


def missing_columns():
    return [
        (_("工号"), lambda p, now: p.employee_no),
        (_("姓名"), lambda p, now: p.name),
        (_("部门"), lambda p, now: p.department.name if p.department else ""),
        (_("班组"), lambda p, now: p.team.name if p.team else ""),
    ]
