"""Demo 人才队伍: two contests of the past year (the company's own, with a theory exam held in a
closed learning quiz whose attempts are the entrants' scores and a practical round scored by
five judges; and the group's contest the company's team went to, with prizes, awards approved
and mostly paid), a 高技能人才库 of about 2% of the employees (the prize winners, certificates
and appointments), 师带徒 pairs, and the brands, posts, teams and honours of the units.
Deterministic from the rng; bulk inserts only (seed data has no audit rows), no logins."""

from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from apps.core import bulk
from apps.core.judging import panel_score
from apps.learning.choices import Audience, DrawMode, QuizKind
from apps.learning.models import Attempt, Quiz
from apps.orgs.choices import PoliticalStatus, UnitKind

from .choices import (
    QUALIFYING,
    AwardStatus,
    BrandKind,
    ContestLevel,
    Grade,
    HonourKind,
    MentorshipResult,
    PoolSource,
    RoundKind,
)
from .models import (
    Award,
    Brand,
    Contest,
    Entrant,
    Honour,
    Mentorship,
    Round,
    RoundScore,
    TalentEntry,
    TalentLevel,
    Trade,
)

TRADES = ["电工", "焊工", "钳工", "热工仪表检修工", "变电运维", "化学检验员"]
CERTIFICATES = [
    ("高级技师", "高级技师职业资格证书"),
    ("技师", "技师职业资格证书"),
    ("高级工", "高级工职业技能等级证书"),
]
APPOINTMENTS = [("首席技师", "公司首席技师聘任文件"), ("技能大师", "技能大师工作室领办人聘任")]
GOALS = [
    "一年内取得中级工证书",
    "两年内独立承担检修项目",
    "掌握本岗位全部操作规程",
    "取得高级工证书",
]
BRAND_NAMES = {
    BrandKind.POST: ["安全生产党员先锋岗", "设备检修党员先锋岗", "服务群众党员先锋岗"],
    BrandKind.ZONE: ["锅炉区域党员责任区", "变电站党员责任区", "输煤系统党员责任区"],
    BrandKind.COMMANDO: ["迎峰度夏党员突击队", "抢修保供党员突击队", "技改攻坚党员突击队"],
    BrandKind.BRAND: ["“红色引擎”党建品牌", "“光明先锋”党建品牌", "“匠心筑梦”党建品牌"],
}
DUTIES = [
    "带头遵守安全规程,开展岗位隐患排查,做到区域内零违章、零缺陷。",
    "承担急难险重任务,牵头技术攻关,帮带青年职工。",
    "联系区域内职工群众,收集急难愁盼问题并跟踪解决。",
]
CENT = Decimal("0.01")


def _later(day, years):
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _day(now, days):
    return (now - timedelta(days=days)).date()


@transaction.atomic
def seed(*, rng, company_root, people, units, now, count) -> dict:
    levels = {lv.name: lv for lv in TalentLevel.objects.all()}
    workers = [p for p in people if p.department_id]
    if not levels or len(workers) < 20:
        return {"contests": 0, "pool": 0}
    rng.shuffle(workers)
    year = now.year - 1 if now.month < 6 else now.year
    company = Contest.objects.create(
        title=f"{year}年公司职工职业技能竞赛",
        level=ContestLevel.COMPANY,
        year=year,
        unit=company_root,
        start_on=_day(now, 200),
        end_on=_day(now, 185),
        pool_level=levels.get("技师") or next(iter(levels.values())),
        note="各单位推荐选手,理论考试占 40%,实操考核占 60%,前三名组队参加集团竞赛。",
    )
    group = Contest.objects.create(
        title=f"集团{year}年职工职业技能竞赛",
        level=ContestLevel.GROUP,
        year=year,
        unit=company_root,
        start_on=_day(now, 150),
        end_on=_day(now, 146),
        pool_level=levels.get("高级技师") or next(iter(levels.values())),
        note="获奖者直接纳入公司高技能人才库,在职务晋升、薪酬等级评定、技术职务聘任中优先考虑。",
    )
    trades = {}
    for c in (company, group):
        trades[c.pk] = bulk.insert([Trade(contest=c, name=n) for n in TRADES])
    n_entrants = max(12, min(180, count))
    entered = workers[:n_entrants]
    judges = workers[n_entrants : n_entrants + 5]
    exam_opens = timezone.make_aware(datetime.combine(company.start_on, time(9)))
    exam = Quiz.objects.create(
        title=f"{company.title}·理论考试",
        kind=QuizKind.QUIZ,
        unit=company_root,
        audience=Audience.ALL,
        description="内部选拔理论考试:限时 90 分钟,只可作答一次。",
        opens_at=exam_opens,
        closes_at=exam_opens + timedelta(hours=3),
        time_limit_minutes=90,
        max_attempts=1,
        draw_mode=DrawMode.RANDOM,
        draw_count=50,
    )
    theory = Round.objects.create(
        contest=company,
        kind=RoundKind.THEORY,
        name="理论考试",
        held_on=company.start_on,
        weight=40,
        quiz=exam,
    )
    practical = Round.objects.create(
        contest=company,
        kind=RoundKind.PRACTICAL,
        name="实操考核",
        held_on=company.start_on + timedelta(days=3),
        weight=60,
    )
    practical.judges.set(judges)
    entrants = bulk.insert(
        [
            Entrant(
                contest=company,
                trade=trades[company.pk][i % len(TRADES)],
                person=p,
                unit_id=p.department_id,
            )
            for i, p in enumerate(entered)
        ]
    )
    scores, attempts = [], []
    for e in entrants:
        t = Decimal(rng.randint(55, 98))
        scores.append(RoundScore(round=theory, entrant=e, score=t, at=now - timedelta(days=200)))
        # The theory score is the entrant's attempt at the bound quiz (the round reads it).
        minutes = 40 + int(t) % 45
        attempts.append(
            Attempt(quiz=exam, person=e.person, unit_id=e.unit_id, number=1,
                    started_at=exam_opens, deadline_at=exam_opens + timedelta(minutes=90),
                    submitted_at=exam_opens + timedelta(minutes=minutes), score=t,
                    passed=t >= exam.pass_score, duration_seconds=minutes * 60, is_best=True)
        )  # fmt: skip
        base = rng.randint(60, 92)
        given = [Decimal(min(100, base + rng.randint(-6, 6))) for _ in judges]
        scores += [
            RoundScore(round=practical, entrant=e, judge=j, score=s, at=now - timedelta(days=197))
            for j, s in zip(judges, given, strict=True)
        ]
        e.total = (t * 40 / 100 + panel_score(given) * 60 / 100).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
    bulk.insert(scores)
    bulk.insert(attempts)
    # The company's results: by trade, by total; the best three of each trade go to the group.
    by_trade: dict[int, list] = {}
    for e in entrants:
        by_trade.setdefault(e.trade_id, []).append(e)
    grades = [Grade.FIRST, Grade.SECOND, Grade.SECOND, Grade.THIRD, Grade.THIRD, Grade.THIRD]
    team = []
    for rows in by_trade.values():
        rows.sort(key=lambda e: e.total, reverse=True)
        for rank, e in enumerate(rows, start=1):
            e.rank = rank
            e.grade = grades[rank - 1] if rank <= len(grades) else Grade.MERIT
            e.certificate = f"{company.title}{e.get_grade_display()}证书"
            e.sent = rank <= 3
            if e.sent:
                team.append(e)
    bulk.update(Entrant, entrants, ["total", "rank", "grade", "certificate", "sent"])
    group_entrants = bulk.insert(
        [
            Entrant(
                contest=group,
                trade=trades[group.pk][TRADES.index(e.trade.name)],
                person=e.person,
                unit_id=e.unit_id,
                sent=True,
                rank=rng.randint(1, 30),
                grade=rng.choice([Grade.FIRST, Grade.SECOND, Grade.THIRD, Grade.MERIT, ""]),
            )
            for e in team
        ]
    )
    for e in group_entrants:
        if e.grade:
            e.certificate = f"{group.title}{e.get_grade_display()}证书"
    bulk.update(Entrant, group_entrants, ["certificate"])
    prize = {
        Grade.FIRST: Decimal("10000"),
        Grade.SECOND: Decimal("6000"),
        Grade.THIRD: Decimal("3000"),
        Grade.MERIT: Decimal("1000"),
    }
    awards, entries = [], []
    for c, rows in ((company, entrants), (group, group_entrants)):
        for e in rows:
            if e.grade not in QUALIFYING:
                continue
            amount = prize[e.grade] / (2 if c is company else 1)
            paid = rng.random() < 0.8
            awards.append(
                Award(
                    entrant=e,
                    amount=amount.quantize(CENT),
                    reason=f"{e.trade.name}{e.get_grade_display()}",
                    status=AwardStatus.APPROVED,
                    decided_at=now - timedelta(days=140),
                    paid_on=_day(now, 120) if paid else None,
                    created_at=now - timedelta(days=145),
                )
            )
            entries.append(
                TalentEntry(
                    person_id=e.person_id,
                    unit_id=e.unit_id,
                    level=c.pool_level,
                    source=PoolSource.CONTEST,
                    source_text=f"{c.title} {e.trade.name} {e.get_grade_display()}",
                    valid_from=c.end_on,
                    valid_to=_later(c.end_on, c.pool_years),
                    entrant=e,
                    created_at=now - timedelta(days=140),
                )
            )
    bulk.insert(awards)
    # Certificates and appointments fill the pool up to about 2% of the employees.
    in_pool = {e.person_id for e in entries}
    rest = [p for p in workers[n_entrants + 5 :] if p.pk not in in_pool]
    for i, p in enumerate(rest[: max(0, count - len(entries))]):
        appointed = i % 10 == 0
        level, text = APPOINTMENTS[i // 10 % 2] if appointed else CERTIFICATES[i % 3]
        start = _day(now, rng.randint(30, 1500))
        entries.append(
            TalentEntry(
                person_id=p.pk,
                unit_id=p.department_id,
                level=levels.get(level) or next(iter(levels.values())),
                source=PoolSource.APPOINTMENT if appointed else PoolSource.CERTIFICATE,
                source_text=f"{text} {start.year}-{i + 1:04d}",
                valid_from=start,
                valid_to=None if appointed else _later(start, 5),
                created_at=now - timedelta(days=rng.randint(1, 360)),
            )
        )
    bulk.insert(entries)
    # 师带徒: masters from the pool, apprentices of the same department.
    by_dept: dict[int, list] = {}
    for p in workers:
        by_dept.setdefault(p.department_id, []).append(p)
    pairs = []
    masters = [e for e in entries if e.person_id][: max(4, count // 2)]
    for i, e in enumerate(masters):
        mates = [p for p in by_dept.get(e.unit_id, []) if p.pk != e.person_id]
        if not mates:
            continue
        start = _day(now, rng.randint(30, 700))
        done = (now.date() - start).days > 365
        pairs.append(
            Mentorship(
                master_id=e.person_id,
                apprentice=rng.choice(mates),
                unit_id=e.unit_id,
                trade=TRADES[i % len(TRADES)],
                goal=rng.choice(GOALS),
                start_on=start,
                end_on=start + timedelta(days=365) if done else None,
                result=rng.choice(MentorshipResult.values) if done else "",
                result_note="按期完成培养目标" if done else "",
            )
        )
    bulk.insert(pairs)
    made = _honours(rng=rng, units=units, people=people, entrants=entrants, now=now, year=year)
    return {
        "contests": 2,
        "entrants": len(entrants) + len(group_entrants),
        "scores": len(scores),
        "awards": len(awards),
        "pool": len(entries),
        "mentorships": len(pairs),
        **made,
    }


def _honours(*, rng, units, people, entrants, now, year) -> dict:
    depts = [u for u in units if u.kind == UnitKind.DEPARTMENT]
    branches = [u for u in units if u.kind == UnitKind.BRANCH]
    members = [p for p in people if p.political_status == PoliticalStatus.PARTY_MEMBER]
    by_dept: dict[int, list] = {}
    for p in members:
        by_dept.setdefault(p.department_id, []).append(p)
    try:
        from apps.projects.models import Project

        projects = list(Project.objects.order_by("pk").values_list("pk", flat=True)[:50])
    except Exception:  # the projects area not seeded
        projects = []
    try:
        from apps.hazards.models import Inspection

        campaigns = list(Inspection.objects.order_by("pk").values_list("pk", flat=True)[:50])
    except Exception:  # the hazards area not seeded
        campaigns = []
    brands, links = [], []
    for i, d in enumerate(depts[:60]):
        kinds = [BrandKind.POST, BrandKind.ZONE] + ([BrandKind.COMMANDO] if i % 3 == 0 else [])
        if i % 5 == 0:
            kinds.append(BrandKind.BRAND)
        for kind in kinds:
            brand = Brand(
                kind=kind,
                name=f"{d.name}{rng.choice(BRAND_NAMES[kind])}",
                unit=d,
                start_on=_day(now, rng.randint(60, 900)),
                end_on=_day(now, -rng.randint(30, 200)) if kind == BrandKind.COMMANDO else None,
                responsibility=rng.choice(DUTIES),
                # A 突击队 serves a project, or (every other one) a hazard campaign.
                project_id=rng.choice(projects)
                if kind == BrandKind.COMMANDO and projects and (i % 2 == 0 or not campaigns)
                else None,
                inspection_id=rng.choice(campaigns)
                if kind == BrandKind.COMMANDO and campaigns and (i % 2 == 1 or not projects)
                else None,
                created_at=now - timedelta(days=rng.randint(30, 360)),
            )
            brands.append(brand)
    bulk.insert(brands)
    through = Brand.members.through
    for b in brands:
        mates = by_dept.get(b.unit_id, [])
        for p in rng.sample(mates, min(len(mates), rng.randint(3, 8))):
            links.append(through(brand_id=b.pk, person_id=p.pk))
    bulk.insert(links)
    honours = []
    for b in rng.sample(branches, max(1, len(branches) // 10)) if branches else []:
        honours.append(
            Honour(
                kind=HonourKind.BRANCH,
                year=year,
                title=f"{year}年度先进党支部",
                unit=b,
                evidence="年度党支部工作考核第一档,标准化规范化建设达标。",
                awarded_on=_day(now, 150),
            )
        )
    for p in rng.sample(members, min(len(members), max(1, len(members) // 50))):
        honours.append(
            Honour(
                kind=HonourKind.MEMBER,
                year=year,
                title=f"{year}年度优秀共产党员",
                unit_id=p.department_id,
                person=p,
                evidence="年度民主评议优秀,党员积分考核前列。",
                awarded_on=_day(now, 150),
            )
        )
    for d in rng.sample(depts, max(1, len(depts) // 8)) if depts else []:
        honours.append(
            Honour(
                kind=HonourKind.COLLECTIVE,
                year=year,
                title=f"{year}年度先进集体",
                unit=d,
                evidence="年度绩效考核 A 级,全年无安全生产责任事故。",
                awarded_on=_day(now, 150),
            )
        )
    for e in entrants:
        if e.grade == Grade.FIRST:
            honours.append(
                Honour(
                    kind=HonourKind.EXPERT,
                    year=year,
                    title=f"{year}年度技术能手",
                    unit_id=e.unit_id,
                    person_id=e.person_id,
                    entrant=e,
                    evidence=f"{e.certificate}",
                    awarded_on=_day(now, 140),
                )
            )
    bulk.insert(honours)
    return {"brands": len(brands), "honours": len(honours)}
