"""What the meeting pages share: the area's tabs, loading a meeting to run it, a person by
工号."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.core.pages import Tab

from .. import selectors, services
from ..permissions import can_manage, can_plan, can_set_kinds, is_cadre, may_review_records

PRESETS = (("month", _l("本月")), ("quarter", _l("本季度")), ("year", _l("本年")))


def tabs(request, tab: str) -> dict:
    """The area's tab bar for this user: 我的会议 for everyone, the ledgers and figures for
    cadres, the reviews, party groups and kinds for those who run them, 安排会议 for planners."""
    user = request.user
    cadre, plan = is_cadre(user), can_plan(user)
    rows = [Tab("mine", _("我的会议"), reverse("meetings:mine"))]
    if cadre:
        rows += [
            Tab("list", _("会议"), reverse("meetings:list")),
            Tab("calendar", _("日历"), reverse("meetings:calendar")),
            Tab("compliance", _("规定会议"), reverse("meetings:compliance")),
            Tab("figures", _("统计"), reverse("meetings:figures")),
        ]
    if may_review_records(user):
        rows.append(Tab("reviews", _("记录审核"), reverse("meetings:reviews")))
    if plan:
        rows.append(Tab("groups", _("党小组成员"), reverse("meetings:groups")))
    if can_set_kinds(user):
        rows.append(Tab("kinds", _("会议类型与频次"), reverse("meetings:kinds")))
    if plan:
        rows.append(
            Tab(
                "plan",
                _("安排会议"),
                reverse("meetings:create"),
                icon="calendar-plus",
                primary=True,
            )
        )
    return {"tabs": rows if len(rows) > 1 else [], "tab": tab}


def managed(request, pk):
    """A meeting the user sees (else 404) and runs (else 403)."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not can_manage(request.user, meeting):
        raise PermissionDenied
    return meeting


def person_by_no(actor, number, field):
    if not number:
        return None
    return services.people_by_numbers(actor=actor, numbers=[number.strip()], field=field)[0]
