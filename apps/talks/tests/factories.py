"""Talks for tests, written through the service (the rules hold for test data too)."""

from datetime import date

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User

from ..models import ConcernTag
from ..services import talk_record


def record(company, *, by="shuji", who="zhigong", day=None, tags=(), **fields):
    values = {
        "place": "canteen",
        "kind": "daily",
        "state": "stable",
        "summary": "聊了夜班后食堂没有热饭的事,情绪总体稳定。",
    }
    values.update(fields)
    return talk_record(
        actor=company.users[by],
        person=company.people[who],
        day=day or date(2026, 1, 15),
        concerns=[(ConcernTag.objects.get(name=t), f"{t}方面的具体情况") for t in tags],
        **values,
    )


def team_leader(company) -> User:
    """班组长 of 运行一班: a line manager who reaches the team but not the talks' content."""
    user = User.objects.create_user(username="banzhang", password="demo12345")
    RoleAssignment.objects.create(user=user, role=Role.TEAM_LEADER, unit=company.units["team1"])
    return user
