"""The hazard ledger's columns; apps.core.exports writes the file."""

from django.utils.translation import gettext as _

from apps.core.exports import local_dt, yes_no


def columns():
    return [
        (_("编号"), lambda h, now: h.number),
        (_("上报时间"), lambda h, now: local_dt(h.reported_at)),
        (_("隐患地点"), lambda h, now: h.place),
        (_("隐患描述"), lambda h, now: h.description),
        (_("等级"), lambda h, now: h.get_level_display()),
        (_("所属单位"), lambda h, now: h.unit.name),
        (_("检查活动"), lambda h, now: h.inspection.title if h.inspection else ""),
        (_("上报人"), lambda h, now: h.reporter.name if h.reporter else ""),
        (_("状态"), lambda h, now: h.get_status_display()),
        (_("整改责任单位"), lambda h, now: h.owner_unit.name if h.owner_unit else ""),
        (_("整改责任人"), lambda h, now: h.owner_person.name if h.owner_person else ""),
        (_("整改期限"), lambda h, now: local_dt(h.due_at)),
        (_("是否逾期"), lambda h, now: _("是") if h.is_overdue(now) else ""),
        (_("整改措施"), lambda h, now: h.measures),
        (_("验收时间"), lambda h, now: local_dt(h.rectified_at)),
        (_("按期整改"), lambda h, now: yes_no(h.on_time)),
        (_("退回次数"), lambda h, now: h.returned_count or ""),
        (_("不予确认理由"), lambda h, now: h.reject_reason),
    ]
