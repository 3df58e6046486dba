"""Demo appeals: a year of 急难愁盼 appeals for the demo company, in bulk.

`seed(...)` is deterministic for a given `rng` and bulk-inserts everything (no signals, no audit
rows: this is seed data), so 100,000 appeals take well under a minute on SQLite. About one in
six is anonymous (no submitter, a receipt digest nobody holds, a random SQ…-N number, and the
times of a batch, as services/anonymous.py writes them)."""

import random
import secrets
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from apps.core import bulk
from apps.orgs.choices import UnitKind
from apps.supervision.models import SupervisedItem

from .choices import EventKind, Status, Urgency
from .models import Appeal, AppealEvent, AppealPolicy, Category
from .services.anonymous import batch_before, batch_time, random_ref

BATCH = 2000

# category -> (title, description) templates; {w} is the submitter's unit
TEMPLATES = {
    "工资待遇": [
        ("夜班津贴发放不及时", "{w}上月夜班津贴至今未发放,请核实并尽快补发。"),
        ("技能等级提升后工资未调整", "取得高级工证书已三个月,岗位工资仍按原等级发放。"),
        ("加班费计算有疑问", "国庆期间连续加班,工资条上的加班费与实际天数对不上。"),
    ],
    "劳动保护": [
        ("劳保手套发放数量不够", "{w}每月只发两副手套,磨损快,不够用。"),
        ("防尘口罩质量差", "新换的防尘口罩戴不严实,粉尘大的岗位担心健康。"),
        ("高温岗位缺少防暑降温用品", "{w}夏季车间温度很高,希望配发防暑药品和饮料。"),
    ],
    "食堂宿舍": [
        ("夜班下班后食堂已关门", "夜班职工下班时食堂已停止供餐,希望延长供餐时间或提供夜宵。"),
        ("宿舍热水器坏了", "单身宿舍三楼热水器坏了一周,冬天洗澡很不方便。"),
        ("食堂饭菜价格上涨", "近期食堂几样菜涨价明显,希望公开成本、保持平价。"),
    ],
    "交通出行": [
        ("通勤班车取消后上班困难", "三号线班车取消后,住在城东的职工早班没有车可坐。"),
        ("厂区停车位紧张", "{w}附近停车位不足,早上经常找不到车位。"),
        ("班车发车时间与交接班冲突", "班车发车比交接班早十分钟,下班职工赶不上。"),
    ],
    "家庭困难": [
        ("家属重病申请困难帮扶", "爱人确诊重病,治疗费用高,家庭生活困难,申请帮扶。"),
        ("子女入学问题", "孩子今年上小学,户籍不在本地,希望公司协调入学。"),
        ("老人无人照料", "父母年迈多病,本人倒班无法照顾,希望调整班次。"),
    ],
    "职业发展": [
        ("希望参加技能培训", "{w}希望公司组织焊工中级培训,方便职工取证。"),
        ("岗位晋升通道不清楚", "不清楚技术岗位的晋升条件和流程,希望公开说明。"),
        ("轮岗学习机会少", "在{w}工作五年,希望有机会到其他岗位轮岗学习。"),
    ],
    "工作环境": [
        ("车间噪音太大", "{w}设备噪音大,长时间工作耳朵不舒服,希望加装隔音设施。"),
        ("更衣室空调坏了", "{w}更衣室空调坏了半个月,夏天闷热。"),
        ("休息室太小", "{w}休息室只有几把椅子,交接班时没地方休息。"),
    ],
    "其他": [
        ("希望开放职工书屋", "职工书屋长期不开门,希望固定开放时间。"),
        ("文体活动场地不足", "下班后想打球,厂区没有合适的场地。"),
    ],
}
REPLIES = (
    "已与相关部门沟通,问题已解决,请查看。",
    "经核实情况属实,已按规定处理完毕。",
    "已制定整改措施并落实到位,后续将持续跟踪。",
    "已协调解决,感谢您的反映。",
)
NOTES = ("已联系提交人了解情况。", "已召开协调会研究解决办法。", "正在落实整改措施。")
COMMENTS = ("处理及时,满意。", "问题解决了,谢谢。", "还可以。", "答复太笼统。", "")
URGENCY_WEIGHTS = ((Urgency.NORMAL, 75), (Urgency.URGENT, 20), (Urgency.CRITICAL, 5))


def _pick(rng, weighted):
    n = rng.randint(1, sum(w for _v, w in weighted))
    for value, weight in weighted:
        if n <= weight:
            return value
        n -= weight
    return weighted[0][0]


def _calendar_deadline(start: datetime, workdays: int) -> datetime:
    """Close enough for seed data: working days skip weekends only; 18:00 local time."""
    day, left = timezone.localtime(start), workdays
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day.replace(hour=18, minute=0, second=0, microsecond=0)


def _unique_ref(rng, when, taken: set[str]) -> str:
    while True:
        ref = random_ref(when, rng)
        if ref not in taken:
            taken.add(ref)
            return ref


# Worded so the one keyword that rises is 夜班津贴 (the rest are stop words).
NIGHT_PAY = ("夜班津贴的问题", "夜班津贴一直没有发。")


def _planted_concern(rng, now, admin_units, people, category, company_root) -> list[Appeal]:
    """An emerging concern for early warning to find (decision 0010): appeals about 夜班津贴
    from one workshop, 2, 4 then 8 in the last three complete weeks."""
    teams = [u for u in admin_units if u.kind == UnitKind.TEAM] or admin_units
    unit = teams[0]
    monday = (now - timedelta(days=now.weekday())).replace(hour=9, minute=0, second=0)
    rows = []
    for back, n in ((3, 2), (2, 4), (1, 8)):
        for _i in range(n):
            at = monday - timedelta(
                weeks=back, days=-rng.randint(0, 4), minutes=rng.randint(0, 480)
            )
            rows.append(
                Appeal(
                    title=NIGHT_PAY[0],
                    description=NIGHT_PAY[1],
                    category=category,
                    submitter=rng.choice(people),
                    submitter_unit=unit,
                    intake_unit=company_root,
                    created_at=at,
                )
            )
    return rows


# Worded in stop words only, so the planted fall adds no keyword of its own.
FALL = ("情况反映", "情况反映。")


def _planted_fall(now, admin_units, people, category, company_root, policy):
    """A numeric signal for early warning to find (decision 0010): in the workshop of the
    planted concern, the appeals it handled were rated 5, 4 in each of the three months before
    the last complete week's month, then 1, 2, 2, 1, 2, 1 in that week (on its Sunday): the
    average falls from 4.5 to 1.5. No rng: the rest of the demo draws as before."""
    teams = [u for u in admin_units if u.kind == UnitKind.TEAM] or admin_units
    unit = teams[0]
    local = timezone.localtime(now)
    monday = (local - timedelta(days=local.weekday())).replace(hour=9, minute=0, second=0)
    sunday = monday - timedelta(days=1)  # the last complete week's end
    first = sunday.replace(day=1)
    days = []
    for _n in range(3):
        first = (first - timedelta(days=1)).replace(day=1)
        days += [(first.replace(day=10), 5), (first.replace(day=12), 4)]
    days += [(sunday - timedelta(hours=8 - k), r) for k, r in enumerate((1, 2, 2, 1, 2, 1))]
    rows = []
    for k, (at, rating) in enumerate(days):
        accepted, resolved, rated = (at + timedelta(minutes=m) for m in (20, 90, 150))
        a = Appeal(
            title=FALL[0],
            description=FALL[1],
            category=category,
            urgency=Urgency.NORMAL,
            submitter=people[k % len(people)],
            submitter_unit=unit,
            intake_unit=company_root,
            created_at=at,
            status=Status.CLOSED,
            accepted_at=accepted,
            owner_unit=unit,
            due_at=_calendar_deadline(accepted, policy.days_for(Urgency.NORMAL)),
            resolved_at=resolved,
            resolution=REPLIES[0],
            rating=rating,
            rating_comment=COMMENTS[0] if rating > 3 else COMMENTS[3],
            closed_at=rated,
        )
        plan = [
            (EventKind.SUBMITTED, at, a.description, {}),
            (EventKind.ACCEPTED, accepted, "", {"unit": unit.name}),
            (EventKind.RESOLVED, resolved, a.resolution, {}),
            (EventKind.RATED, rated, a.rating_comment, {"rating": rating}),
        ]
        rows.append((a, plan))
    return rows


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    """A realistic year of appeals lodged with `company_root`: spread over the year, states
    spread across the loop (recent ones open, about one in eight resolved late, some still open
    past their deadline), each with its timeline and, once accepted, its 督办 row."""
    admin_units = [u for u in units if u.kind in (UnitKind.DEPARTMENT, UnitKind.TEAM)]
    if not people or not admin_units:
        return {"appeals": 0, "events": 0}
    departments = [u for u in admin_units if u.kind == UnitKind.DEPARTMENT] or admin_units
    unit_by_id = {u.pk: u for u in units}
    heads = {u.pk: u.head_id for u in units}
    categories = {c.name: c for c in Category.objects.all()}
    cats = [c for name, c in categories.items() if name in TEMPLATES] or list(categories.values())
    if not cats:
        return {"appeals": 0, "events": 0}
    policy = AppealPolicy.current()

    refs: set[str] = set()
    with transaction.atomic():
        appeals, plans = [], []
        planted = _planted_concern(rng, now, admin_units, people, cats[0], company_root)
        fall = _planted_fall(now, admin_units, people, cats[0], company_root, policy)
        for _i in range(max(0, count - len(planted) - len(fall))):
            person = rng.choice(people)
            dept = unit_by_id.get(person.department_id) or rng.choice(departments)
            cat = rng.choice(cats)
            title, text = rng.choice(TEMPLATES.get(cat.name, TEMPLATES["其他"]))
            age = rng.random() ** 1.2 * 365
            received = now - timedelta(days=age, minutes=rng.randint(0, 600))
            anonymous = rng.random() < 0.16
            if anonymous:  # written by a batch: its time, and a random number (decision 0007)
                received = batch_before(received)
            a = Appeal(
                title=title,
                description=text.format(w=dept.name),
                category=cat,
                urgency=_pick(rng, URGENCY_WEIGHTS),
                anonymous=anonymous,
                submitter=None if anonymous else person,
                submitter_unit=None if anonymous else dept,
                intake_unit=company_root,
                # a digest no code hashes to: nobody holds the receipt of a seeded appeal
                receipt_digest=secrets.token_hex(32) if anonymous else None,
                ref=_unique_ref(rng, received, refs) if anonymous else None,
                created_at=received,
            )
            plan = [(EventKind.SUBMITTED, received, a.description, {})]
            accepted = received + timedelta(hours=rng.randint(2, 60))
            if accepted < now:
                roll = rng.random()
                if roll < 0.04:
                    a.status, a.decline_reason, a.closed_at = (
                        Status.DECLINED,
                        "经核实不属于诉求受理范围,已向提交人说明。",
                        accepted,
                    )
                    plan.append((EventKind.DECLINED, accepted, a.decline_reason, {}))
                elif roll < 0.07:
                    a.status, a.closed_at = Status.MERGED, accepted
                    plan.append((EventKind.MERGED, accepted, "", {}))
                else:
                    owner_unit = dept if rng.random() < 0.6 else rng.choice(departments)
                    a.status, a.accepted_at, a.owner_unit = Status.HANDLING, accepted, owner_unit
                    a.owner_person_id = heads.get(owner_unit.pk) if rng.random() < 0.8 else None
                    a.due_at = _calendar_deadline(accepted, policy.days_for(a.urgency))
                    plan.append((EventKind.ACCEPTED, accepted, "", {"unit": owner_unit.name}))
                    span = (a.due_at - accepted).total_seconds()
                    late = rng.random() < 0.13
                    finish = accepted + timedelta(
                        seconds=span * (rng.uniform(1.05, 2.2) if late else rng.uniform(0.2, 0.95))
                    )
                    if rng.random() < 0.5:
                        note_at = accepted + (finish - accepted) / 2
                        if note_at < now:
                            plan.append((EventKind.NOTE, note_at, rng.choice(NOTES), {}))
                    if finish < now:
                        a.status, a.resolved_at = Status.ANSWERED, finish
                        a.resolution = rng.choice(REPLIES)
                        plan.append((EventKind.RESOLVED, finish, a.resolution, {}))
                        rated = finish + timedelta(hours=rng.randint(3, 96))
                        if anonymous:  # rated by receipt code: through the batch too
                            rated = batch_time(rated)
                        if rated < now and rng.random() < 0.85:
                            a.rating = _pick(rng, ((5, 45), (4, 30), (3, 15), (2, 6), (1, 4)))
                            a.rating_comment = rng.choice(COMMENTS)
                            a.status, a.closed_at = Status.CLOSED, rated
                            plan.append(
                                (EventKind.RATED, rated, a.rating_comment, {"rating": a.rating})
                            )
            appeals.append(a)
            plans.append(plan)
        for a in planted:
            appeals.append(a)
            plans.append([(EventKind.SUBMITTED, a.created_at, a.description, {})])
        for a, plan in fall:
            appeals.append(a)
            plans.append(plan)
        bulk.insert(appeals)

        # A merged duplicate points at an earlier appeal of the same category.
        last_by_cat: dict[int, Appeal] = {}
        merged = []
        for a in sorted(appeals, key=lambda x: x.created_at):
            if a.status == Status.MERGED and a.category_id in last_by_cat:
                a.merged_into_id = last_by_cat[a.category_id].pk
                merged.append(a)
            elif a.status not in (Status.MERGED, Status.DECLINED):
                last_by_cat[a.category_id] = a
        bulk.update(Appeal, merged, ["merged_into"])

        ct = ContentType.objects.get_for_model(Appeal)
        url = reverse("appeals:detail", args=[999999999]).replace("999999999", "{}")
        events, items = [], []
        adapt = connection.ops.adapt_datetimefield_value
        data_field = AppealEvent._meta.get_field("data")
        for a, plan in zip(appeals, plans, strict=True):
            for kind, at, text, data in plan:
                events.append(
                    (
                        adapt(at),
                        a.pk,
                        str(kind),
                        kind in (EventKind.SUBMITTED, EventKind.RATED),
                        text,
                        data_field.get_db_prep_save(
                            {k: str(v) for k, v in data.items()}, connection
                        ),
                        "",
                        "",
                        "",
                    )
                )
            if a.accepted_at is not None and a.owner_unit_id is not None:
                items.append(
                    SupervisedItem(
                        kind="appeal",
                        content_type=ct,
                        object_id=a.pk,
                        title=f"{a.number} {a.title}"[:200],
                        url=url.format(a.pk),
                        owner_unit_id=a.owner_unit_id,
                        owner_person_id=a.owner_person_id,
                        due_at=a.due_at,
                        opened_at=a.accepted_at,
                        closed_at=a.resolved_at,
                    )
                )
        bulk.insert_rows(
            AppealEvent,
            (
                "at",
                "appeal",
                "action",
                "by_submitter",
                "note",
                "data",
                "actor_name",
                "from_status",
                "to_status",
            ),
            events,
        )
        bulk.insert(items)
    return {"appeals": len(appeals), "events": len(events), "supervised": len(items)}
