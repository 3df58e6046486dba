"""Joint-meeting fixtures built through the services, as a convener would."""

from datetime import timedelta

from django.utils import timezone

from apps.collab import services
from apps.collab.choices import Line


def make_body(company, *, convener="party", members=None, actor="dangwei"):
    """公司党委's joint meeting with 生产部 (代表 李明 = bumen) and 技术部 (代表 陈静)."""
    u, p = company.units, company.people
    user = company.users[actor]
    meeting = services.meeting_create(actor=user, name="党群工作联席会议", convener=u[convener])
    for unit, line, person in members or (
        ("prod", Line.PRODUCTION, "bumen"),
        ("tech", Line.TECHNOLOGY, "tech_worker"),
    ):
        services.member_add(
            actor=user, meeting=meeting, unit=u[unit], line=line, person=p.get(person)
        )
    return meeting


def make_session(company, meeting, *, days=7, actor="dangwei", now=None):
    now = now or timezone.now()
    return services.session_create(
        actor=company.users[actor],
        meeting=meeting,
        held_at=now + timedelta(days=days),
        place="公司办公楼三楼会议室",
        now=now,
    )


def make_item(company, session, *, owner_unit="prod", owner="bumen", days=20, title=None):
    actor = company.users["dangwei"]
    resolution = services.resolution_add(
        actor=actor, session=session, text="实施安全生产百日攻坚,各车间开展隐患自查。"
    )
    return services.action_create(
        actor=actor,
        resolution=resolution,
        title=title or "制定百日攻坚实施方案",
        expected_result="方案印发,任务分解到班组",
        owner_unit=company.units[owner_unit],
        owner_person=company.people[owner],
        due_at=timezone.now() + timedelta(days=days),
    )
