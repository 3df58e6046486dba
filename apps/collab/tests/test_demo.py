import random
from datetime import timedelta

from django.utils import timezone

from apps.collab.choices import ActionStatus
from apps.collab.demo import seed
from apps.collab.models import ActionItem, AgendaTopic, Attendance, JointMeeting, JointSession
from apps.orgs.models import OrgUnit, Person
from apps.supervision.models import SupervisedItem


def test_seed_small(company):
    now = timezone.now()
    stats = seed(
        rng=random.Random(7),
        company_root=company.units["company"],
        people=list(Person.objects.all()),
        units=list(OrgUnit.objects.all()),
        now=now,
        count=1,
    )
    # The company's body (公司党委) and one for 生产党总支.
    assert stats["meetings"] == JointMeeting.objects.count() == 2
    company_body = JointMeeting.objects.get(convener=company.units["party"])
    units = set(company_body.members.values_list("unit__name", flat=True))
    assert {"生产部", "技术部", "安全部"} <= units
    assert JointSession.objects.count() == stats["sessions"] >= 2 * 36
    oldest = JointSession.objects.order_by("held_at").first().held_at
    assert now - timedelta(days=3 * 366 + 31) < oldest < now - timedelta(days=3 * 365 - 31)
    assert JointSession.objects.filter(held_at__gt=now).exists()
    assert AgendaTopic.objects.exists() and Attendance.objects.exists()
    statuses = dict((s, ActionItem.objects.filter(status=s).count()) for s in ActionStatus.values)
    assert statuses[ActionStatus.CLOSED] > 10 * statuses[ActionStatus.OPEN] > 0
    assert ActionItem.objects.filter(status=ActionStatus.OPEN, due_at__lt=now).exists()
    assert SupervisedItem.objects.filter(kind="action_item").count() == stats["actions"]
    assert SupervisedItem.objects.filter(kind="action_item", closed_at__isnull=True).count() == (
        statuses[ActionStatus.OPEN] + statuses[ActionStatus.REQUESTED]
    )
    # The seeded rows read back through the pages' selectors.
    assert ActionItem.objects.visible_to(company.users["dangwei"]).count() == stats["actions"]
