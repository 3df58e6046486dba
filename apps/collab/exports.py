"""The action-item ledger's (督办台账) columns; apps.core.exports writes the file."""

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exports import local_dt, yes_no


def columns():
    return [
        (_("编号"), lambda i, now: i.number),
        (_("联席会议"), lambda i, now: i.meeting.name),
        (_("会次"), lambda i, now: str(i.session.title)),
        (_("会议日期"), lambda i, now: timezone.localtime(i.session.held_at).strftime("%Y-%m-%d")),
        (_("督办事项"), lambda i, now: i.title),
        (_("预期成效"), lambda i, now: i.expected_result),
        (_("责任单位"), lambda i, now: i.owner_unit.name),
        (_("责任人"), lambda i, now: i.owner_person.name),
        (_("办结时限"), lambda i, now: local_dt(i.due_at)),
        (_("状态"), lambda i, now: i.get_status_display()),
        (_("是否逾期"), lambda i, now: _("是") if i.is_overdue(now) else ""),
        (_("办结时间"), lambda i, now: local_dt(i.closed_at)),
        (
            _("按期办结"),
            lambda i, now: yes_no(None if i.closed_at is None else i.closed_at <= i.due_at),
        ),
        (_("退回次数"), lambda i, now: i.returned_count or ""),
    ]
