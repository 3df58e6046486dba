"""Demo data: a year of rationalization suggestions, spread over the workflow, bulk-inserted.

`seed(...)` is wired into `seed_demo`; 30,000 suggestions with their reviews, timeline and 督办
rows go in with a few bulk inserts per table."""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core import bulk
from apps.orgs.choices import UnitKind
from apps.supervision.models import SupervisedItem

from .choices import Category, EventKind, Status
from .models import Campaign, Criterion, Review, ReviewScore, Suggestion, SuggestionEvent

BATCH = 2000
THINGS = (
    "熔炼炉",
    "数控车床",
    "空压机",
    "冷却水系统",
    "行车",
    "涂装线",
    "焊接工装",
    "配电柜",
    "叉车",
    "物料架",
    "除尘器",
    "液压站",
    "铸件清理线",
    "仓库货位",
    "交接班记录",
    "工具柜",
)
TEMPLATES = {
    Category.TECHNOLOGY: (
        (
            "改进{t}的工装夹具",
            "{t}装夹找正时间长,换型一次约40分钟。",
            "设计快换定位夹具,换型时间缩短一半。",
        ),
        (
            "优化{t}加工工艺参数",
            "{t}加工废品率偏高,刀具磨损快。",
            "调整切削参数和冷却方式,分批验证。",
        ),
    ),
    Category.MANAGEMENT: (
        (
            "{t}实行定置管理",
            "{t}周边物品摆放杂乱,找件费时。",
            "划线定置、挂牌标识,纳入班组5S检查。",
        ),
        ("{t}点检表电子化", "{t}点检靠纸质表,漏检难追溯。", "用平台扫码点检,异常自动推送班组长。"),
    ),
    Category.SAFETY: (
        ("{t}加装防护联锁", "{t}检修时存在误启动风险。", "加装门控联锁和挂牌上锁点。"),
        ("{t}区域增设警示标识", "{t}区域通道狭窄,人车混行。", "施划人行通道,增设警示灯和凸面镜。"),
    ),
    Category.COST: (
        ("{t}备件修旧利废", "{t}易损备件直接报废,采购成本高。", "建立修复台账,可修复件返修再用。"),
        ("降低{t}辅料消耗", "{t}辅料领用无定额,浪费明显。", "按产量核定消耗定额,超额分析。"),
    ),
    Category.ENERGY: (
        ("{t}加装变频控制", "{t}长期满负荷运行,电耗高。", "加装变频器,按需调速。"),
        ("{t}余热回收利用", "{t}余热直接排放。", "增设换热器,回收余热用于冬季供暖。"),
    ),
    Category.OTHER: (
        ("改善{t}作业环境", "{t}附近夏季温度高,职工反映强烈。", "增设移动式冷风机和休息点。"),
    ),
}
CAMPAIGNS = (
    ("青年创新创效", (Category.TECHNOLOGY, Category.COST)),
    ("降本增效金点子", (Category.COST, Category.ENERGY)),
    ("安全生产合理化建议月", (Category.SAFETY,)),
    ("“我为扭亏脱困献一策”", ()),
)
REJECT_REASONS = (
    "已有同类措施在实施中。",
    "投入较大,现阶段效益不明显。",
    "技术条件暂不具备,建议补充方案后再提。",
)


def _yuan(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low * 100, high * 100)) / 100).quantize(Decimal("0.01"))


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    """A year of suggestions under `company_root`: older ones further along the loop, about a
    quarter rejected, some implementations overdue (and so in 督办), benefits and rewards in
    yuan; a few campaigns by the league and the union."""
    departments = [u for u in units if u.kind == UnitKind.DEPARTMENT]
    if not departments or not people or count <= 0:
        return {"suggestions": 0, "campaigns": 0}
    teams = [u for u in units if u.kind == UnitKind.TEAM]
    league = next((u for u in units if u.kind == UnitKind.LEAGUE_COMMITTEE), company_root)
    union = next((u for u in units if u.kind == UnitKind.UNION_COMMITTEE), company_root)
    criteria = list(Criterion.objects.filter(is_active=True))
    heads = dict(
        RoleAssignment.objects.filter(
            role=Role.DEPARTMENT_HEAD, unit_id__in=[u.pk for u in departments]
        ).values_list("unit_id", "user_id")
    )
    admin_user = (
        RoleAssignment.objects.filter(role__in=[Role.PARTY_ADMIN, Role.SYSTEM_ADMIN])
        .values_list("user_id", flat=True)
        .first()
    )
    url0 = reverse("suggestions:detail", args=[0])[: -len("0/")]
    ct = ContentType.objects.get_for_model(Suggestion)

    with transaction.atomic():
        campaigns = []
        for i, (title, cats) in enumerate(CAMPAIGNS):
            start = (now - timedelta(days=330 - i * 90)).date()
            campaigns.append(
                Campaign(
                    organiser=league if i % 2 == 0 else union,
                    title=f"{start.year}年{title}",
                    description="围绕生产经营难点征集合理化建议,优秀建议给予奖励。",
                    starts_on=start,
                    ends_on=start + timedelta(days=45),
                    scope_unit=company_root,
                    categories=list(cats),
                    created_at=now,
                )
            )
        bulk.insert(campaigns)

        rows, extras = [], []
        for _n in range(count):
            age = rng.random() ** 1.3 * 365  # more recent than old, like a live platform
            submitted = now - timedelta(days=age, minutes=rng.randint(0, 600))
            campaign = next(
                (
                    c
                    for c in campaigns
                    if c.starts_on <= submitted.date() <= c.ends_on and rng.random() < 0.7
                ),
                None,
            )
            cats = campaign.categories if campaign and campaign.categories else Category.values
            category = rng.choice(cats)
            title, problem, proposal = rng.choice(TEMPLATES[category])
            thing = rng.choice(THINGS)
            person = rng.choice(people)
            target = rng.choice(departments)
            s = Suggestion(
                campaign=campaign,
                title=title.format(t=thing)[:100],
                problem=problem.format(t=thing),
                proposal=proposal.format(t=thing),
                expected_benefit="预计可提高效率、降低消耗。",
                expected_yuan=_yuan(rng, 1000, 200000) if rng.random() < 0.6 else None,
                category=category,
                target_unit=target,
                proposer_id=person.pk,
                proposer_unit_id=person.department_id,
                submitted_at=submitted,
                created_at=submitted,
            )
            steps = _steps(rng, age)
            s.status = steps[-1]
            t = submitted
            if len(steps) > 1:
                s.score_total = Decimal(rng.randint(5500, 9600)) / 100
            if Status.REJECTED in steps or Status.ADOPTED in steps or Status.PENDING_STUDY in steps:
                t = t + timedelta(days=rng.randint(3, 20))
                s.decided_at = t
                s.decision_reason = (
                    rng.choice(REJECT_REASONS) if Status.REJECTED in steps else "同意实施。"
                )
            if Status.IMPLEMENTING in steps:
                s.impl_unit = rng.choice(teams) if teams and rng.random() < 0.4 else target
                s.impl_due_at = t + timedelta(days=rng.randint(20, 90))
                if Status.IMPLEMENTED in steps:
                    t = min(now, t + timedelta(days=rng.randint(10, 100)))
                    s.implemented_at, s.impl_note = t, "已按方案实施,运行正常。"
            if Status.VERIFIED in steps:
                t = min(now, t + timedelta(days=rng.randint(5, 30)))
                s.verified_at = t
                s.verified_yuan = (
                    _yuan(rng, 0, 20000) if rng.random() < 0.9 else _yuan(rng, 20000, 300000)
                )
                s.verify_note = "财务部按实际节约测算。"
            if Status.REWARDED in steps:
                s.rewarded_at = min(now, t + timedelta(days=rng.randint(3, 20)))
                s.reward_yuan = max(
                    Decimal("200.00"), (s.verified_yuan * Decimal("0.05")).quantize(Decimal("0.01"))
                )
                s.reward_note = "按合理化建议奖励办法发放。"
            rows.append(s)
            team = rng.sample(people, rng.randint(1, 3)) if rng.random() < 0.2 else []
            extras.append((steps, [p.pk for p in team if p.pk != person.pk]))
        bulk.insert(rows)

        through = Suggestion.co_proposers.through
        co, events, reviews, items = [], [], [], []
        for s, (steps, team) in zip(rows, extras, strict=True):
            co += [through(suggestion_id=s.pk, person_id=pid) for pid in team]
            events += _events(s, steps, heads.get(s.target_unit_id) or admin_user)
            reviewer = heads.get(s.target_unit_id) or admin_user
            if s.score_total is not None and reviewer and criteria:
                reviews.append(
                    Review(
                        suggestion_id=s.pk,
                        reviewer_id=reviewer,
                        total=s.score_total,
                        scored_at=s.decided_at or s.submitted_at,
                    )
                )
            if s.impl_unit_id:
                items.append(
                    SupervisedItem(
                        kind="suggestion",
                        content_type=ct,
                        object_id=s.pk,
                        title=f"落实建议:{s.title}"[:200],
                        url=f"{url0}{s.pk}/",
                        owner_unit_id=s.impl_unit_id,
                        due_at=s.impl_due_at,
                        opened_at=s.decided_at or s.submitted_at,
                        closed_at=s.implemented_at,
                    )
                )
        through.objects.bulk_create(co, batch_size=BATCH, ignore_conflicts=True)
        bulk.insert_rows(
            SuggestionEvent,
            (
                "suggestion_id",
                "action",
                "actor_id",
                "actor_name",
                "at",
                "from_status",
                "to_status",
                "note",
                "data",
            ),
            events,
        )
        bulk.insert(reviews)
        scores = []
        for r in reviews:
            # per-criterion scores around the total (the total stays what was stored)
            for c in criteria:
                value = int(min(100, max(0, float(r.total) + rng.randint(-8, 8))))
                scores.append(
                    ReviewScore(review_id=r.pk, criterion=c, weight=c.weight, score=value)
                )
        bulk.insert(scores)
        bulk.insert(items)
    return {
        "suggestions": len(rows),
        "campaigns": len(campaigns),
        "events": len(events),
        "supervised": len(items),
    }


def _steps(rng: random.Random, age_days: float) -> list[str]:
    """The states a suggestion of this age went through; older ones got further."""
    steps = [Status.SUBMITTED]
    if age_days < 3 and rng.random() < 0.7:
        return steps
    steps.append(Status.UNDER_REVIEW)
    if age_days < 10 and rng.random() < 0.6:
        return steps
    roll = rng.random()
    if roll < 0.25:
        return [*steps, Status.REJECTED]
    if roll < 0.32:
        return [*steps, Status.PENDING_STUDY]
    steps += [Status.ADOPTED]
    if age_days < 20 and rng.random() < 0.5:
        return steps
    steps += [Status.IMPLEMENTING]
    if age_days < 60 or rng.random() < 0.12:  # some stay open, a share of them overdue
        return steps
    steps += [Status.IMPLEMENTED]
    if age_days < 90 or rng.random() < 0.15:
        return steps
    steps += [Status.VERIFIED]
    if rng.random() < 0.4:
        return steps
    return [*steps, Status.REWARDED]


EVENT_OF = {
    Status.SUBMITTED: EventKind.SUBMITTED,
    Status.UNDER_REVIEW: EventKind.REVIEW,
    Status.REJECTED: EventKind.REJECTED,
    Status.PENDING_STUDY: EventKind.DEFERRED,
    Status.ADOPTED: EventKind.ADOPTED,
    Status.IMPLEMENTING: EventKind.ASSIGNED,
    Status.IMPLEMENTED: EventKind.IMPLEMENTED,
    Status.VERIFIED: EventKind.VERIFIED,
    Status.REWARDED: EventKind.REWARDED,
}


def _events(s: Suggestion, steps: list[str], reviewer_id) -> list[SuggestionEvent]:
    when = {
        Status.SUBMITTED: s.submitted_at,
        Status.UNDER_REVIEW: s.submitted_at + timedelta(days=1),
        Status.REJECTED: s.decided_at,
        Status.PENDING_STUDY: s.decided_at,
        Status.ADOPTED: s.decided_at,
        Status.IMPLEMENTING: s.decided_at,
        Status.IMPLEMENTED: s.implemented_at,
        Status.VERIFIED: s.verified_at,
        Status.REWARDED: s.rewarded_at,
    }
    notes = {
        Status.REJECTED: s.decision_reason,
        Status.IMPLEMENTED: s.impl_note,
        Status.VERIFIED: f"核定效益 {s.verified_yuan} 元" if s.verified_yuan is not None else "",
        Status.REWARDED: f"奖励 {s.reward_yuan} 元" if s.reward_yuan is not None else "",
    }
    adapt = connection.ops.adapt_datetimefield_value
    return [
        (
            s.pk,
            EVENT_OF[state],
            None if state == Status.SUBMITTED else reviewer_id,
            "",
            adapt(when[state] or s.submitted_at),
            steps[i - 1] if i else "",
            state,
            notes.get(state, ""),
            "{}",
        )
        for i, state in enumerate(steps)
    ]
