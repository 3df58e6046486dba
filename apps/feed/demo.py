"""Demo feed: a year of work plans, progress updates and excellent cases from the demo company's
units, with comments and read counts, in bulk.

`seed(...)` is deterministic for a given `rng`; 50,000 posts take seconds on SQLite because
everything is bulk-inserted (no signals, no audit rows: this is seed data). Seeded read counts
are plain counters: the demo's readers have no logins, so there are no reader rows behind them.
"""

import random
from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from apps.core import bulk
from apps.core.richtext import plain_text
from apps.orgs.choices import UnitKind

from .choices import Audience, PeriodKind, PostKind
from .models import Comment, Post, Tag
from .periods import period_bounds

BATCH = 2000
PUBLISHERS = (
    UnitKind.DEPARTMENT,
    UnitKind.PARTY_COMMITTEE,
    UnitKind.GENERAL_BRANCH,
    UnitKind.BRANCH,
    UnitKind.UNION_COMMITTEE,
    UnitKind.LEAGUE_COMMITTEE,
    UnitKind.TEAM,
)
PLAN_SHARE = 20  # percent of the posts: one plan per unit and period at most
KIND_WEIGHTS = ((PostKind.PROGRESS, 78), (PostKind.CASE, 22))  # the rest
TAGS = (
    "党员先锋岗",
    "党员责任区",
    "党员突击队",
    "安全生产",
    "技术攻关",
    "降本增效",
    "青年创新",
    "扭亏脱困",
    "班组建设",
    "服务职工",
)
PLAN_ITEMS = (
    "全面落实安全生产责任制,开展隐患排查治理,确保全年零重大事故",
    "完成重点产品交付计划,月度产量完成率不低于 98%",
    "推进三项技术改造项目,按节点完成设备安装调试",
    "压降可控费用 5%,落实扭亏脱困各项举措",
    "组织“三会一课”和主题党日,支部活动全覆盖",
    "开展职工技能培训,新增中级工以上 20 人",
    "落实合理化建议征集与采纳,年内实施 30 条以上",
    "做好职工急难愁盼问题的收集与办理,办结率 95% 以上",
)
# (topic, title templates, what was done)
PROGRESS = (
    (
        "安全生产百日攻坚",
        ("{u}安全生产百日攻坚第{n}周进展", "百日攻坚:{u}完成{n}项隐患整改"),
        (
            "本周开展安全专项检查 {n} 次,发现并整改隐患 {m} 项,其中较大隐患 1 项已按期销号。",
            "组织班组长安全述职,签订安全承诺书,落实“一岗双责”。",
            "对高处作业、有限空间作业实行作业票制度,现场监护全覆盖。",
        ),
    ),
    (
        "技术改造",
        ("{u}技术改造项目阶段验收", "{u}完成第{n}台数控设备改造"),
        (
            "改造后单件加工时间缩短 {m}%,设备综合效率明显提升。",
            "项目组攻克了主轴热变形补偿难题,精度稳定在设计要求以内。",
            "已完成设备安装调试,进入试生产阶段,计划下月正式投用。",
        ),
    ),
    (
        "青年创新创效",
        ("青年创新创效:{u}攻关小组取得新突破", "{u}青年创新工作室第{n}期成果发布"),
        (
            "青年突击队提出的工装改进方案,每月节约材料费约 {m} 千元。",
            "{n} 项青年创新成果参加公司评选,2 项被推荐参加集团比赛。",
            "开展“师带徒”结对,青年职工技能等级晋升 {n} 人。",
        ),
    ),
    (
        "扭亏脱困",
        ("扭亏脱困:{u}{n}月降本增效进展", "{u}扭亏脱困攻坚月度通报"),
        (
            "本月压降可控费用 {m} 万元,废品率同比下降 {n}%。",
            "清理闲置物资 {m} 项,盘活库存资金,应收账款回收进度好于计划。",
            "优化排产减少设备空转,单位产品能耗下降 {n}%。",
        ),
    ),
)
CASES = (
    (
        "党员先锋岗",
        "{u}党员先锋岗:{p}带头攻克生产难题",
        "{p}同志扎根一线,带领班组连续 {n} 个月无质量事故,主动承担急难险重任务,"
        "在设备突发故障时连续奋战 {m} 小时保障生产。",
    ),
    (
        "党员责任区",
        "党员责任区:{u}实现全年零隐患",
        "支部将生产区域划分为 {n} 个党员责任区,党员亮身份、包区域、抓落实,"
        "责任区内隐患发现即整改,全年未发生安全事故。",
    ),
    (
        "党员突击队",
        "{u}党员突击队 {n} 天完成紧急订单",
        "面对客户紧急订单,支部组建党员突击队 {m} 人,倒排工期、轮班作业,"
        "提前 {n} 天完成交付,赢得客户好评。",
    ),
)
COMMENTS = (
    "学习了,值得推广!",
    "我们班组也可以借鉴这个做法。",
    "点赞!辛苦了。",
    "经验很实在,建议在全公司交流。",
    "请问具体的做法有书面材料吗?",
    "为一线职工的付出点赞。",
    "扭亏脱困,人人有责,继续加油!",
    "安全无小事,这样的检查很有必要。",
)
MONTHS = "一二三四五六七八九十"


def _pick(rng, weighted):
    n = rng.randint(1, sum(w for _v, w in weighted))
    for value, weight in weighted:
        if n <= weight:
            return value
        n -= weight
    return weighted[0][0]


def _plan_slots(rng, publishers, *, now, wanted: int) -> list:
    """(unit, period kind, year, number) for up to `wanted` plans, each unit and period once:
    half quarterly plans of departments and party units, half monthly plans of any publisher,
    over the year up to the current period."""
    today = timezone.localdate(now)
    months = []
    year, month = today.year, today.month
    for _k in range(12):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    quarters = sorted({(y, (m - 1) // 3 + 1) for y, m in months})
    by_quarter = [
        (u, PeriodKind.QUARTER, y, q)
        for u in publishers
        if u.kind != UnitKind.TEAM
        for y, q in quarters
    ]
    by_month = [(u, PeriodKind.MONTH, y, m) for u in publishers for y, m in months]
    chosen = rng.sample(by_quarter, min(wanted // 2, len(by_quarter)))
    chosen += rng.sample(by_month, min(wanted - len(chosen), len(by_month)))
    rng.shuffle(chosen)
    return chosen


def _html(paragraphs) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    """About `count` posts over the year before `now`: quarterly and monthly plans, progress
    updates on the four campaigns, excellent cases (a share featured and tagged by the
    党群工作部), comments and read counts."""
    publishers = [u for u in units if u.kind in PUBLISHERS and u.dissolved_at is None]
    if not publishers or not people:
        return {"posts": 0, "comments": 0}
    # Teams publish less often than departments and party units.
    cum, total = [], 0
    for u in publishers:
        total += 1 if u.kind == UnitKind.TEAM else 4
        cum.append(total)
    by_unit: dict[int, list] = {}
    for p in people:
        for unit_id in (p.team_id, p.department_id):
            if unit_id:
                by_unit.setdefault(unit_id, []).append(p)
    served = {u.pk: u.serves_id for u in units if getattr(u, "serves_id", None)}
    tags = {}
    for i, name in enumerate(TAGS):
        tags[name], _created = Tag.objects.get_or_create(name=name, defaults={"sort": i * 10})

    slots = _plan_slots(rng, publishers, now=now, wanted=count * PLAN_SHARE // 100)
    posts, post_tags, plans = [], [], []
    with transaction.atomic():
        for i in range(count):
            slot = slots[i] if i < len(slots) else None
            unit = slot[0] if slot else rng.choices(publishers, cum_weights=cum)[0]
            crew = by_unit.get(unit.pk) or by_unit.get(served.get(unit.pk)) or people
            author = rng.choice(crew[:5]) if rng.random() < 0.7 else rng.choice(crew)
            kind = PostKind.PLAN if slot else _pick(rng, KIND_WEIGHTS)
            age = rng.random() ** 1.2 * 364
            published = now - timedelta(days=age, minutes=rng.randint(0, 600))
            short = unit.name
            n, m = rng.randint(2, 12), rng.randint(3, 40)
            topic = ""
            if slot:
                _unit, p_kind, year, number = slot
                start, end = period_bounds(p_kind, year, number)
                # Published in the days before the period starts (never after now).
                opens = timezone.make_aware(datetime.combine(start, time(9)))
                published = min(opens - timedelta(days=rng.randint(0, 6)), now - timedelta(hours=1))
                label = f"第{number}季度" if p_kind == PeriodKind.QUARTER else f"{number}月"
                title = f"{short}{year}年{label}工作计划"
                items = rng.sample(PLAN_ITEMS, 4)
                body = "<p>本期重点工作:</p><ol>" + "".join(f"<li>{t}</li>" for t in items)
                body += "</ol><p>各班组、各岗位要对照计划抓好落实,按月报送进展。</p>"
            else:
                day = timezone.localdate(published)
                p_kind, start, end = "", day, day
                if kind == PostKind.PROGRESS:
                    topic, titles, lines = rng.choice(PROGRESS)
                    title = rng.choice(titles).format(u=short, n=n, m=m)
                    body = _html(
                        [f"<strong>{topic}</strong>"]
                        + [ln.format(n=n, m=m) for ln in rng.sample(lines, 2)]
                    )
                else:
                    topic, template, text = rng.choice(CASES)
                    title = template.format(u=short, p=author.name, n=n)
                    body = _html(
                        [
                            text.format(p=author.name, n=n, m=m),
                            "经验做法:一是压实责任,二是党员带头,三是闭环管理。",
                        ]
                    )
            scoped = rng.random() < 0.2
            featured = kind == PostKind.CASE and rng.random() < 0.4
            post = Post(
                kind=kind,
                title=title[:120],
                body=body,
                excerpt=plain_text(body, 200),
                unit=unit,
                audience=Audience.SCOPE if scoped else Audience.COMPANY,
                audience_unit=unit if scoped else company_root,
                period_kind=p_kind,
                period_start=start,
                period_end=end,
                author_person=author,
                author_name=author.name,
                published_at=published,
                created_at=published,
                featured=featured,
                featured_at=published + timedelta(days=rng.randint(1, 10)) if featured else None,
                read_count=rng.randint(30, 600) if not scoped else rng.randint(3, 60),
            )
            said = []
            for j in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
                at = published + timedelta(hours=rng.randint(1, 72) + j)
                if at < now:
                    said.append((rng.choice(people), at, rng.choice(COMMENTS)))
            post.comment_count = len(said)
            posts.append(post)
            plans.append((kind, topic, featured, said))
        bulk.insert(posts)

        comments = []
        through = Post.tags.through
        stamp = connection.ops.adapt_datetimefield_value
        for post, (_kind, topic, featured, said) in zip(posts, plans, strict=True):
            if featured:  # the 党群工作部 tags the cases it features
                chosen = {topic} | ({"班组建设"} if rng.random() < 0.3 else set())
                for name in sorted(chosen):
                    post_tags.append(through(post_id=post.pk, tag_id=tags[name].pk))
            elif topic == "扭亏脱困":
                post_tags.append(through(post_id=post.pk, tag_id=tags["扭亏脱困"].pk))
            comments += [
                (post.pk, who.pk, who.name, text, stamp(at), stamp(at)) for who, at, text in said
            ]
        through.objects.bulk_create(post_tags, batch_size=BATCH, ignore_conflicts=True)
        # Comments are as many as the posts: tuples, no model instances.
        bulk.insert_rows(
            Comment,
            ("post", "author_person", "author_name", "body", "created_at", "updated_at"),
            comments,
        )
    return {"posts": len(posts), "comments": len(comments), "tagged": len(post_tags)}
