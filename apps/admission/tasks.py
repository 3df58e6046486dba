"""Reminders before a step falls due (imported by Huey's autodiscovery of tasks modules)."""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core import periodic
from apps.core.services import notify

from . import rules, selectors
from .models import AdmissionPolicy


@periodic.register
def admission_remind(*, now):
    """Tell each branch's secretary of the steps due within the policy's days (or overdue),
    once per step and deadline."""
    today = timezone.localdate(now)
    rows = list(selectors.due_soon(today=today, days=AdmissionPolicy.current().remind_days))
    if not rows:
        return
    users = defaultdict(list)
    for ra in RoleAssignment.objects.filter(
        role=Role.BRANCH_SECRETARY,
        unit_id__in={a.branch_id for a in rows},
        user__is_active=True,
    ).select_related("user"):
        users[ra.unit_id].append(ra.user)
    for a in rows:
        label = rules.NEXT_LABELS[a.next_step]
        late = a.next_due < today
        notify(
            users=users[a.branch_id],
            title=(_("已逾期:%(name)s · %(step)s") if late else _("即将到期:%(name)s · %(step)s"))
            % {"name": a.person.name, "step": label},
            body=_("期限 %(day)s") % {"day": a.next_due},
            url=a.get_absolute_url(),
            dedupe_key=f"admission:{a.pk}:{a.next_step}:{a.next_due}:{'late' if late else 'soon'}",
        )
