"""Demo 组织关系转接 and 流动党员: a year of transfers between the company's branches (the
rosters moved to match), letters out of the company (most 回执 back, a few still owed, one
late), members received from outside, and 流动党员 both ways with their meetings and study
where they are. Deterministic for a given `rng`; bulk-inserted (seed data has no audit rows)."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from apps.core import bulk
from apps.orgs.choices import UnitKind
from apps.orgs.models import PartyMembership

from .choices import ActivityKind, FlowDirection, FlowStatus, TransferKind, TransferStatus
from .models import FlowActivity, FlowingMember, Transfer, TransferSettings

OUTSIDE = [
    "中共华北电力建设公司委员会",
    "中共某市供电公司委员会",
    "中共某区街道工作委员会",
    "中共某大学机关委员会",
    "中共某县城关镇委员会",
    "中共某省能源集团委员会",
]
REASONS = ["岗位调动", "工作调整", "借调结束返回", "部门重组", "挂职锻炼"]
OUT_REASONS = ["调离本公司", "考入外单位", "随配偶调动", "退休后转至居住地社区"]
PLACES = [
    ("广东省深圳市", "中共深圳市宝安区流动党员党委"),
    ("江苏省苏州市", "中共苏州工业园区流动党员服务中心党委"),
    ("新疆哈密市", "中共哈密市电力援建项目临时党支部"),
    ("西藏拉萨市", "中共拉萨市援藏干部临时党支部"),
    ("浙江省杭州市", "中共杭州市滨江区流动党员党支部"),
]
ACTIVITIES = [
    (ActivityKind.MEETING, "参加流入地党支部主题党日", Decimal("2")),
    (ActivityKind.MEETING, "参加流入地党员大会", Decimal("2")),
    (ActivityKind.STUDY, "线上学习党的二十届三中全会精神", Decimal("3")),
    (ActivityKind.STUDY, "参加项目部理论学习中心组扩大学习", Decimal("2.5")),
]


def seed(*, rng, company_root, people, units, now, count) -> dict:
    branches = [u for u in units if u.kind == UnitKind.BRANCH]
    members = list(
        PartyMembership.objects.filter(branch__in=[b.pk for b in branches]).select_related("person")
    )
    if len(branches) < 2 or not members:
        return {"transfers": 0, "flowing": 0}
    rng.shuffle(members)
    days = TransferSettings.current().receipt_days
    n_inside = max(1, count * 6 // 10)
    n_out = max(1, count * 2 // 10)
    n_in = max(1, count - n_inside - n_out)
    pool = iter(members)
    transfers, moved, left = [], [], []
    for _ in range(min(n_inside, len(members) // 3)):
        m = next(pool)
        target = rng.choice([b for b in branches if b.pk != m.branch_id])
        at = now - timedelta(days=rng.randint(3, 360), hours=rng.randint(0, 8))
        transfers.append(
            Transfer(
                kind=TransferKind.INSIDE,
                status=TransferStatus.DONE,
                person=m.person,
                from_branch_id=m.branch_id,
                to_branch=target,
                reason=rng.choice(REASONS),
                issued_at=at,
                created_at=at,
            )
        )
        m.branch, m.party_post = target, ""
        moved.append(m)
    for i in range(min(n_out, len(members) // 10)):
        m = next(pool)
        at = now - timedelta(days=rng.randint(5 if i else days + 10, 360))
        back = i > 2 and rng.random() < 0.85
        transfers.append(
            Transfer(
                kind=TransferKind.OUT,
                status=TransferStatus.DONE if back else TransferStatus.ISSUED,
                person=m.person,
                from_branch_id=m.branch_id,
                outside_org=rng.choice(OUTSIDE),
                reason=rng.choice(OUT_REASONS),
                issued_at=at,
                due_at=at + timedelta(days=days),
                receipt_at=at + timedelta(days=rng.randint(7, days)) if back else None,
                receipt_note="回执已收到,组织关系已接转" if back else "",
                created_at=at,
            )
        )
        m.deleted_at = at
        left.append(m)
    for _ in range(min(n_in, len(members) // 10)):
        m = next(pool)
        at = now - timedelta(days=rng.randint(10, 360))
        transfers.append(
            Transfer(
                kind=TransferKind.IN,
                status=TransferStatus.DONE,
                person=m.person,
                to_branch_id=m.branch_id,
                outside_org=rng.choice(OUTSIDE),
                reason="新入职人员组织关系转入",
                issued_at=at,
                created_at=at,
            )
        )
    flowing, activities = [], []
    numbered = FlowingMember.objects.count()  # a group seeds one company after another
    for i in range(max(2, count // 4)):
        m = next(pool, None)
        if m is None:
            break
        place, org = rng.choice(PLACES)
        start = (now - timedelta(days=rng.randint(30, 330))).date()
        out = i % 4 != 3
        f = FlowingMember(
            direction=FlowDirection.OUT if out else FlowDirection.IN,
            status=FlowStatus.ACTIVE if rng.random() < 0.8 else FlowStatus.ENDED,
            person=m.person,
            name=m.person.name,
            branch_id=m.branch_id,
            place=place if out else "本公司" + rng.choice(["检修现场", "项目部", "生产一线"]),
            place_org=org if out else rng.choice(OUTSIDE),
            start_on=start,
            end_on=start + timedelta(days=rng.choice([180, 270, 365])),
            contact=f"{m.person.name[0]}书记 139{rng.randint(10000000, 99999999)}",
            certificate_no=f"LD{now.year}{numbered + i + 1:05d}",
        )
        flowing.append(f)
    with transaction.atomic():
        bulk.update(PartyMembership, moved, ["branch", "party_post"])
        bulk.update(PartyMembership, left, ["deleted_at"])
        bulk.insert(transfers)
        bulk.insert(flowing)
        for f in flowing:
            day = f.start_on + timedelta(days=rng.randint(5, 30))
            while day < now.date() and (f.end_on is None or day <= f.end_on):
                kind, title, hours = rng.choice(ACTIVITIES)
                activities.append(
                    FlowActivity(
                        member=f,
                        kind=kind,
                        day=day,
                        title=title,
                        hours=hours,
                        organiser=f.place_org,
                    )
                )
                day += timedelta(days=rng.randint(25, 40))
        bulk.insert(activities)
    return {"transfers": len(transfers), "flowing": len(flowing), "activities": len(activities)}
