"""Demo hazards: a year of 随手拍 reports and inspections for the demo company, in bulk.

`seed(...)` is deterministic for a given `rng`; 100,000 hazards take well under a minute on
SQLite because everything is bulk-inserted (no signals, no audit rows: this is seed data).
"""

import random
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse

from apps.core import bulk
from apps.orgs.choices import UnitKind
from apps.supervision.models import SupervisedItem

from .choices import HazardAction, HazardLevel, HazardStatus
from .models import Hazard, HazardEvent, HazardPolicy, Inspection

BATCH = 2000
PLACES = (
    "{w}东侧配电柜",
    "{w}二楼平台护栏",
    "{w}行车轨道",
    "{w}原料堆场",
    "{w}焊接工位",
    "{w}空压机房",
    "{w}消防通道",
    "{w}砂轮机旁",
    "{w}冲压线",
    "{w}油品库",
    "{w}更衣室",
    "{w}叉车通道",
    "{w}喷漆房",
    "{w}变压器室",
    "{w}楼梯间",
)
PROBLEMS = (
    "电缆外皮破损,存在触电风险",
    "护栏松动,高处作业有坠落风险",
    "灭火器过期未更换",
    "安全警示标识缺失",
    "消防通道被物料占用",
    "防护罩缺失,转动部位外露",
    "地面油污未清理,易滑倒",
    "气瓶未固定,存在倾倒风险",
    "应急照明不亮",
    "劳保用品佩戴不规范",
    "电焊机接地线松脱",
    "通风设备故障,有害气体积聚",
    "行车限位器失灵",
    "临时用电私拉乱接",
    "危化品未分类存放",
)
MEASURES = (
    "已更换破损部件并复查合格",
    "已重新固定并加装防松装置",
    "已清理现场并设置警示标识",
    "已更换合格器材并建立检查台账",
    "已对相关人员进行安全教育并整改到位",
)
INSPECTIONS = (
    "春季安全大检查",
    "节前安全检查",
    "消防专项检查",
    "用电安全专项检查",
    "危化品专项检查",
    "夏季防暑降温检查",
    "工会劳动保护监督检查",
    "班组安全自查",
)
LEVEL_WEIGHTS = ((HazardLevel.GENERAL, 80), (HazardLevel.LARGER, 17), (HazardLevel.MAJOR, 3))


def _pick_level(rng):
    n = rng.randint(1, 100)
    for level, weight in LEVEL_WEIGHTS:
        if n <= weight:
            return level
        n -= weight
    return HazardLevel.GENERAL


def _calendar_deadline(start: datetime, workdays: int) -> datetime:
    """Close enough for seed data: working days as calendar days over weekends."""
    day = start
    left = workdays
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day.replace(hour=18, minute=0, second=0, microsecond=0)


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    """A realistic year of hazards under `company_root`: reports spread over the year, states
    spread across the loop (recent ones open, a share overdue), inspections with findings,
    the timeline of each and its 督办 row."""
    admin_units = [u for u in units if u.kind in (UnitKind.DEPARTMENT, UnitKind.TEAM)]
    if not admin_units or not people:
        return {"hazards": 0, "inspections": 0}
    departments = [u for u in admin_units if u.kind == UnitKind.DEPARTMENT] or admin_units
    safety = next((u for u in departments if "安全" in u.name), company_root)
    by_unit: dict[int, list] = {}
    for p in people:
        for unit_id in (p.team_id, p.department_id):
            if unit_id:
                by_unit.setdefault(unit_id, []).append(p)
    policy = HazardPolicy.objects.first() or HazardPolicy.objects.create()
    if safety is not company_root:  # the company's 安全环保部 is its safety unit
        policy.safety_units.add(safety)

    with transaction.atomic():
        inspections = []
        for _n in range(max(1, count // 40)):
            day = (now - timedelta(days=rng.randint(0, 364))).date()
            inspections.append(
                Inspection(
                    title=f"{day.year}年{day.month}月{rng.choice(INSPECTIONS)}",
                    organizer=safety,
                    date=day,
                    notes="对照检查表逐项检查,发现问题当场登记。",
                    created_at=now,
                )
            )
        bulk.insert(inspections)
        through_u, through_p = Inspection.units.through, Inspection.inspectors.through
        covered, staff = [], []
        for insp in inspections:
            for u in rng.sample(departments, min(len(departments), rng.randint(1, 3))):
                covered.append(through_u(inspection_id=insp.pk, orgunit_id=u.pk))
            for p in rng.sample(people, min(len(people), rng.randint(1, 3))):
                staff.append(through_p(inspection_id=insp.pk, person_id=p.pk))
        through_u.objects.bulk_create(covered, batch_size=BATCH, ignore_conflicts=True)
        through_p.objects.bulk_create(staff, batch_size=BATCH, ignore_conflicts=True)

        hazards, plans = [], []
        for _i in range(count):
            unit = rng.choice(admin_units)
            crew = by_unit.get(unit.pk) or people
            reporter = rng.choice(crew)
            age = rng.random() ** 1.3 * 365  # a little more of the recent past
            reported = now - timedelta(days=age, minutes=rng.randint(0, 600))
            level = _pick_level(rng)
            workshop = unit.name
            h = Hazard(
                place=rng.choice(PLACES).format(w=workshop),
                description=rng.choice(PROBLEMS) + ",请尽快处理。",
                level=level,
                unit=unit,
                reporter=reporter,
                reported_at=reported,
                created_at=reported,
                inspection=rng.choice(inspections) if rng.random() < 0.25 else None,
            )
            plan = [(HazardAction.REPORT, reported, HazardStatus.REPORTED, "")]
            if age > 2 or rng.random() < 0.5:
                confirmed = reported + timedelta(hours=rng.randint(1, 48))
                if confirmed < now and rng.random() < 0.05:
                    h.status, h.reject_reason = HazardStatus.REJECTED, "经核查不属于安全隐患。"
                    plan.append((HazardAction.REJECT, confirmed, h.status, h.reject_reason))
                elif confirmed < now:
                    h.status, h.confirmed_at = HazardStatus.RECTIFYING, confirmed
                    h.owner_unit = unit
                    h.owner_person = rng.choice(crew) if rng.random() < 0.7 else None
                    h.due_at = _calendar_deadline(confirmed, policy.days_for(level))
                    plan.append((HazardAction.CONFIRM, confirmed, h.status, ""))
                    span = (h.due_at - confirmed).total_seconds()
                    # Most are done on time; about one in six runs late, some stay open late.
                    finish = confirmed + timedelta(
                        seconds=span
                        * (
                            rng.uniform(0.2, 0.95)
                            if rng.random() < 0.83
                            else rng.uniform(1.05, 2.5)
                        )
                    )
                    if finish < now:
                        h.status, h.submitted_at = HazardStatus.SUBMITTED, finish
                        h.measures = rng.choice(MEASURES)
                        plan.append((HazardAction.RECTIFY, finish, h.status, h.measures))
                        verified = finish + timedelta(hours=rng.randint(2, 30))
                        if verified < now and rng.random() < 0.97:
                            h.status, h.rectified_at = HazardStatus.RECTIFIED, verified
                            plan.append((HazardAction.VERIFY, verified, h.status, "验收合格。"))
                    elif rng.random() < 0.4:  # long overdue and still open
                        h.due_at = min(h.due_at, now - timedelta(days=rng.randint(1, 20)))
            hazards.append(h)
            plans.append(plan)
        bulk.insert(hazards)

        events, items = [], []
        ct = ContentType.objects.get_for_model(Hazard)
        url = reverse("hazards:detail", args=[0]).replace("/0/", "/%d/")
        ops = connection.ops
        stamp = ops.adapt_datetimefield_value
        for h, plan in zip(hazards, plans, strict=True):
            prev = ""
            for action, at, status, note in plan:
                is_report = action == HazardAction.REPORT
                due = h.due_at if action == HazardAction.CONFIRM else None
                events.append(
                    (
                        h.pk,
                        action,
                        h.reporter.name if is_report else "安全管理员",
                        stamp(at),
                        prev,
                        status,
                        note,
                        stamp(due) if due else None,
                    )
                )
                prev = status
            if h.confirmed_at is not None:
                items.append(
                    SupervisedItem(
                        kind="hazard",
                        content_type=ct,
                        object_id=h.pk,
                        title=f"隐患整改:{h.place}"[:200],
                        url=url % h.pk,
                        owner_unit_id=h.owner_unit_id,
                        owner_person_id=h.owner_person_id,
                        due_at=h.due_at,
                        opened_at=h.confirmed_at,
                        closed_at=h.rectified_at,
                    )
                )
        # The timeline rows are the bulk of the data: tuples, no model instances.
        bulk.insert_rows(
            HazardEvent,
            ("hazard", "action", "actor_name", "at", "from_status", "to_status", "note", "due_at",
             "data"),
            ((*row, "{}") for row in events),
        )  # fmt: skip
        bulk.insert(items)
    return {"hazards": len(hazards), "inspections": len(inspections), "events": len(events)}
