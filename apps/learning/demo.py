"""Demo 学习教育: a course library, required courses each quarter, a year of study records (most
people complete, not all), question banks of generated questions, a finished 知识竞赛 with results,
an open quiz, and a 主题征文 with scored, published entries. Bulk inserts, deterministic from rng.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.core import bulk
from apps.orgs.models import PartyMembership

from .choices import Audience, DrawMode, EssayStatus, MaterialKind, QuestionKind, QuizKind, Theme
from .models import (
    Attempt,
    Course,
    CourseAssignment,
    EssayContest,
    EssayScore,
    EssaySubmission,
    Material,
    Question,
    QuestionBank,
    Quiz,
    StudyRecord,
)

BATCH = 5000
COURSES = {
    Theme.SITUATION: [
        "当前经济形势与企业发展任务", "集团年度工作会议精神解读", "高质量发展的内涵与路径",
        "国企改革深化提升行动解读", "新发展理念在制造业的实践", "市场形势与订单保障",
        "数字化转型的机遇与挑战", "职工思想动态与形势任务教育",
    ],
    Theme.CHARTER: [
        "学习贯彻党章", "《中国共产党纪律处分条例》逐章解读", "党支部工作条例要点",
        "“三会一课”制度规范", "党员权利与义务", "中央八项规定精神及实施细则",
        "发展党员工作细则", "廉洁从业若干规定",
    ],
    Theme.SAFETY: [
        "安全生产法要点", "有限空间作业安全", "动火作业安全管理", "高处作业安全防护",
        "危险化学品安全管理", "电气安全基础", "事故案例警示教育", "班组安全活动组织方法",
        "应急预案与应急处置",
    ],
    Theme.TURNAROUND: [
        "扭亏脱困攻坚方案解读", "降本增效从班组做起", "两金压降与现金流管理",
        "合理化建议与小改小革", "提质增效典型案例", "精益生产基础", "亏损产品治理",
        "全员成本意识培训",
    ],
}  # fmt: skip
PARAGRAPHS = (
    "<p>本讲围绕{t},结合公司实际,讲清楚是什么、为什么、怎么做。</p>",
    "<p>一、基本要求。{t}是当前和今后一个时期的重点工作,各单位要结合岗位实际抓好落实。</p>",
    "<p>二、重点任务。坚持问题导向,把{t}的要求落实到每个班组、每个岗位。</p>",
    "<p>三、工作方法。以案说法、以身边事教育身边人,学用结合、知行合一。</p>",
)
# (statement, the key word for fill-in and choices, wrong choices)
FACTS = {
    "党章党规": [
        ("党的最高理想和最终目标是实现共产主义", "共产主义", ["全面小康", "现代化", "共同富裕"]),
        (
            "党的根本宗旨是全心全意为人民服务",
            "全心全意为人民服务",
            ["发展生产力", "依法治国", "改革开放"],
        ),
        ("党的组织原则是民主集中制", "民主集中制", ["集体领导", "少数服从多数", "个人分工负责"]),
        ("预备党员的预备期为一年", "一年", ["半年", "两年", "三个月"]),
        ("党员应按月交纳党费", "按月", ["按季度", "按年", "不定期"]),
        ("党支部党员大会一般每季度召开一次", "每季度", ["每月", "每半年", "每年"]),
        ("党小组会一般每月召开一次", "每月", ["每季度", "每周", "每年"]),
        ("党支部委员会每届任期为三年", "三年", ["两年", "五年", "一年"]),
        ("党的纪律处分种类有五种", "五种", ["三种", "四种", "六种"]),
        (
            "党员领导干部应当参加双重组织生活",
            "双重组织生活",
            ["单一组织生活", "专题学习", "集中培训"],
        ),
        ("入党誓词中要求永不叛党", "永不叛党", ["永不退缩", "永不言败", "永不懈怠"]),
        ("主题党日一般每月开展一次", "每月", ["每季度", "每周", "每年"]),
        ("党课每季度至少讲一次", "每季度", ["每月", "每半年", "每年"]),
        ("民主评议党员一般每年开展一次", "每年", ["每季度", "每两年", "每月"]),
        ("中央八项规定的核心是改进作风", "改进作风", ["提高效率", "精简机构", "增加收入"]),
    ],
    "安全生产": [
        (
            "安全生产工作坚持安全第一、预防为主、综合治理的方针",
            "安全第一",
            ["效益优先", "进度第一", "质量第一"],
        ),
        ("进入有限空间作业必须先通风、再检测、后作业", "先通风", ["先作业", "先签字", "先照明"]),
        ("动火作业必须办理动火作业许可证", "动火作业许可证", ["出门证", "工作票", "请假条"]),
        ("高处作业是指在坠落高度基准面两米以上的作业", "两米", ["一米", "三米", "五米"]),
        (
            "三违是指违章指挥、违章作业、违反劳动纪律",
            "违章指挥",
            ["违规报销", "迟到早退", "着装不整"],
        ),
        ("安全电压一般不超过三十六伏", "三十六伏", ["一百一十伏", "二百二十伏", "十二伏"]),
        ("发现火灾应立即拨打一一九报警", "一一九", ["一一零", "一二零", "一二二"]),
        ("特种作业人员必须持证上岗", "持证上岗", ["先上岗后取证", "师傅带领即可", "口头授权"]),
        (
            "四不伤害包括不伤害自己、不伤害他人、不被他人伤害、保护他人不受伤害",
            "不伤害自己",
            ["不请假", "不加班", "不迟到"],
        ),
        ("事故处理坚持四不放过原则", "四不放过", ["三不放过", "五不放过", "两不放过"]),
        ("灭火器压力表指针在绿区表示压力正常", "绿区", ["红区", "黄区", "白区"]),
        ("劳动防护用品必须按规定正确佩戴", "正确佩戴", ["随身携带", "放在柜中", "自行改装"]),
        ("危险化学品应当分类分区储存", "分类分区", ["混合堆放", "露天存放", "随意摆放"]),
        ("班组每周至少开展一次安全活动", "每周", ["每月", "每季度", "每年"]),
        (
            "生产经营单位的主要负责人是本单位安全生产第一责任人",
            "主要负责人",
            ["安全员", "班组长", "技术员"],
        ),
    ],
    "形势任务与扭亏脱困": [
        (
            "扭亏脱困要坚持问题导向、目标导向、结果导向",
            "问题导向",
            ["规模导向", "速度导向", "数量导向"],
        ),
        ("降本增效要从每个班组、每道工序抓起", "每道工序", ["领导层面", "年终考核", "外部采购"]),
        (
            "两金压降是指压降应收账款和存货",
            "应收账款和存货",
            ["工资和奖金", "税金和利息", "设备和厂房"],
        ),
        ("合理化建议被采纳实施后按创效给予奖励", "创效", ["工龄", "职务", "学历"]),
        ("精益生产的核心是消除浪费", "消除浪费", ["扩大产能", "增加库存", "延长工时"]),
        ("高质量发展要贯彻新发展理念", "新发展理念", ["粗放增长", "规模扩张", "单纯增速"]),
        (
            "国企改革深化提升行动聚焦增强核心功能、提高核心竞争力",
            "核心竞争力",
            ["员工人数", "资产规模", "办公面积"],
        ),
        ("亏损产品治理要一品一策", "一品一策", ["一刀切", "全部停产", "维持现状"]),
        ("现金流是企业的生命线", "现金流", ["固定资产", "办公费用", "广告投入"]),
        ("数字化转型要以业务需求为牵引", "业务需求", ["设备数量", "软件价格", "潮流热点"]),
        ("全员成本意识要做到人人算账、事事算账", "人人算账", ["部门算账", "年底算账", "财务算账"]),
        ("提质增效要把质量放在首位", "质量", ["速度", "数量", "价格"]),
    ],
}
ESSAY_TITLES = (
    "我为扭亏脱困献一策", "降本增效从我做起", "一名老班长的节约账", "小改小革的大作用",
    "在岗位上践行初心使命", "安全是最大的效益", "让每一度电都创造价值", "我和我的班组",
    "攻坚路上党旗红", "质量就是生命线",
)  # fmt: skip


def _at(day: date, rng) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, time(rng.randint(8, 21), rng.randint(0, 59), rng.randint(0, 59)))
    )


def _questions(bank, facts, rng) -> list[Question]:
    """Four questions from each fact (single choice, true, false, fill-in), multiple choice from
    pairs of facts: a few hundred realistic questions per theme."""
    tag = bank.name.removesuffix("题库")
    rows = []
    for i, (statement, key, wrong) in enumerate(facts):
        options = [key, *wrong]
        rng.shuffle(options)
        letter = "ABCD"[options.index(key)]
        stem = statement.replace(key, "(  )", 1) if key in statement else statement + "?"
        difficulty = 1 + i % 3
        rows += [
            Question(bank=bank, kind=QuestionKind.SINGLE, stem=stem, options=options,
                     answer=letter, tags=f",{tag},", difficulty=difficulty,
                     explanation=f"{statement}。"),
            Question(bank=bank, kind=QuestionKind.TRUE_FALSE, stem=f"{statement}。", answer="T",
                     tags=f",{tag},", difficulty=1),
            Question(bank=bank, kind=QuestionKind.TRUE_FALSE,
                     stem=statement.replace(key, wrong[0], 1) + "。", answer="F",
                     tags=f",{tag},", difficulty=2, explanation=f"{statement}。"),
            Question(bank=bank, kind=QuestionKind.FILL, stem=statement.replace(key, "____", 1),
                     answer=key, tags=f",{tag},", difficulty=min(3, difficulty + 1)),
        ]  # fmt: skip
    for i, (a, b) in enumerate(zip(facts, facts[1:] + facts[:1], strict=True)):
        rows.append(
            Question(bank=bank, kind=QuestionKind.MULTIPLE,
                     stem=f"下列说法正确的有(第 {i + 1} 组):",
                     options=[a[0] + "。", b[0] + "。", a[0].replace(a[1], a[2][0], 1) + "。",
                              b[0].replace(b[1], b[2][0], 1) + "。"],
                     answer="AB", tags=f",{tag},", difficulty=3)
        )  # fmt: skip
    return rows


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    """A realistic year of 学习教育 for the company under `company_root`."""
    if not people:
        return {}
    today = timezone.localtime(now).date()
    year_ago = today - timedelta(days=365)
    members = set(
        PartyMembership.objects.filter(branch__isnull=False).values_list("person_id", flat=True)
    )
    party_root = next((u for u in units if u.kind == "party_committee"), company_root)
    admin = (
        User.objects.filter(username="dangwei").first()
        or User.objects.filter(is_superuser=True).first()
    )
    # Study records carry the team (else department); attempts and essays the department.
    team_of = {p.pk: p.team_id or p.department_id for p in people}
    unit_of = {p.pk: p.department_id or p.team_id for p in people}
    people = [p for p in people if unit_of[p.pk]]

    with transaction.atomic():
        # --- course library -------------------------------------------------------------------
        courses, materials = [], []
        for theme, titles in COURSES.items():
            for title in titles:
                hours = Decimal(rng.choice(("1.0", "1.5", "2.0", "2.0", "3.0", "4.0")))
                created = _at(year_ago + timedelta(days=rng.randint(0, 60)), rng)
                courses.append(
                    Course(title=title, theme=theme, hours=hours, unit=company_root,
                           summary=f"<p>{title}专题课程,{hours} 学时。</p>", is_library=True,
                           created_by=admin, created_at=created)
                )  # fmt: skip
        bulk.insert(courses)
        for course in courses:
            for n in range(rng.randint(2, 4)):
                materials.append(
                    Material(course=course, order=n + 1, title=f"第{'一二三四'[n]}讲",
                             kind=MaterialKind.TEXT,
                             body="".join(p.format(t=course.title) for p in PARAGRAPHS))
                )  # fmt: skip
        bulk.insert(materials)

        # --- required courses: each quarter one for everyone, one for party members -----------
        assignments = []
        by_theme = {t: [c for c in courses if c.theme == t] for t in COURSES}
        for q in range(4):
            start = year_ago + timedelta(days=91 * q + 5)
            due = start + timedelta(days=60)
            for audience, unit, theme in (
                (Audience.ALL, company_root, (Theme.SAFETY, Theme.TURNAROUND)[q % 2]),
                (Audience.MEMBERS, party_root, (Theme.CHARTER, Theme.SITUATION)[q % 2]),
            ):
                course = by_theme[theme][q // 2 % len(by_theme[theme])]
                assignments.append(
                    CourseAssignment(course=course, unit=unit, audience=audience,
                                     starts_on=start, due_on=due, created_by=admin,
                                     created_at=_at(start, rng))
                )  # fmt: skip
        bulk.insert(assignments)

        # --- study records: most complete what is required (some late, some never); a few
        # library courses by choice -------------------------------------------------------------
        records = []
        done: set[tuple[int, int]] = set()
        for a in assignments:
            if a.starts_on > today:
                continue
            for p in people:
                if a.audience == Audience.MEMBERS and p.pk not in members:
                    continue
                if rng.random() < 0.12 or (p.pk, a.course_id) in done:
                    continue
                span = (min(a.due_on, today) - a.starts_on).days
                late = rng.random() < 0.08
                day = a.starts_on + timedelta(days=rng.randint(0, max(0, span)))
                if late and a.due_on < today:
                    day = min(today, a.due_on + timedelta(days=rng.randint(1, 20)))
                records.append((p.pk, a.course_id, team_of[p.pk], a.course.hours, _at(day, rng)))
                done.add((p.pk, a.course_id))
        for p in people:
            for course in rng.sample(courses, rng.choice((0, 0, 1, 1, 2, 3))):
                if (p.pk, course.pk) in done:
                    continue
                day = year_ago + timedelta(days=rng.randint(0, 364))
                records.append((p.pk, course.pk, team_of[p.pk], course.hours, _at(day, rng)))
                done.add((p.pk, course.pk))
        bulk.insert_rows(
            StudyRecord, ("person", "course", "unit", "hours", "completed_at"), records
        )

        # --- question banks ---------------------------------------------------------------------
        banks, questions = [], []
        for name, facts in FACTS.items():
            bank = QuestionBank.objects.create(
                name=f"{name}题库", unit=company_root, created_by=admin,
                description=f"{name}应知应会。",
            )  # fmt: skip
            banks.append(bank)
            questions += _questions(bank, facts, rng)
        bulk.insert(questions)
        safety_bank = banks[1]
        safety_ids = [q.pk for q in questions if q.bank_id == safety_bank.pk]
        truth = {q.pk: q for q in questions}

        # --- a finished 知识竞赛 with results, and an open monthly quiz ----------------------
        contest_day = today - timedelta(days=40)
        contest = Quiz.objects.create(
            title=f"{contest_day.year}年安全生产知识竞赛", kind=QuizKind.CONTEST,
            unit=company_root, audience=Audience.ALL,
            description="全员参与,随机抽取 20 题,限时 20 分钟,按得分和用时排名。",
            opens_at=_at(contest_day, rng).replace(hour=8, minute=0),
            closes_at=_at(contest_day + timedelta(days=7), rng).replace(hour=20, minute=0),
            time_limit_minutes=20, max_attempts=1, pass_score=Decimal(60),
            draw_mode=DrawMode.RANDOM, draw_count=20, created_by=admin,
        )  # fmt: skip
        contest.banks.set([safety_bank])
        attempts = []
        for p in rng.sample(people, max(1, len(people) * 3 // 10)):
            drawn = rng.sample(safety_ids, min(20, len(safety_ids)))
            skill = rng.betavariate(6, 2)
            right = [q for q in drawn if rng.random() < skill]
            answers = {str(q): truth[q].answer if q in right else "X" for q in drawn}
            started = contest.opens_at + timedelta(minutes=rng.randint(0, 7 * 24 * 60 - 60))
            seconds = rng.randint(240, 1200)
            score = Decimal(len(right) * 100 / len(drawn)).quantize(Decimal("0.1"))
            attempts.append(
                Attempt(quiz=contest, person_id=p.pk, unit_id=unit_of[p.pk], number=1,
                        started_at=started, deadline_at=started + timedelta(minutes=20),
                        submitted_at=started + timedelta(seconds=seconds), question_ids=drawn,
                        answers=answers, correct_ids=right, correct_count=len(right),
                        score=score, passed=score >= 60, duration_seconds=seconds, is_best=True)
            )  # fmt: skip
        bulk.insert(attempts)
        month_start = today.replace(day=1)
        open_quiz = Quiz.objects.create(
            title="形势任务应知应会自测", kind=QuizKind.QUIZ, unit=company_root,
            audience=Audience.ALL, description="常态化自测:随机 10 题,可答 3 次,取最好成绩。",
            opens_at=_at(month_start, rng).replace(hour=0, minute=0),
            closes_at=_at(month_start + timedelta(days=400), rng).replace(hour=23, minute=59),
            time_limit_minutes=15, max_attempts=3, pass_score=Decimal(60),
            draw_mode=DrawMode.RANDOM, draw_count=10, created_by=admin,
        )  # fmt: skip
        open_quiz.banks.set([banks[2]])

        # --- 主题征文: one published with scored entries, one open now --------------------------
        judges = list(User.objects.filter(username__in=("admin", "dangwei", "shuji")))
        essay_day = today - timedelta(days=120)
        essay = EssayContest.objects.create(
            title="“扭亏脱困·我为企业献一策”主题征文", unit=company_root, audience=Audience.ALL,
            description="围绕扭亏脱困、降本增效,讲述身边故事,提出务实建议。字数 1500–3000 字。",
            opens_at=_at(essay_day, rng), closes_at=_at(essay_day + timedelta(days=30), rng),
            status=EssayStatus.PUBLISHED, published_at=_at(essay_day + timedelta(days=45), rng),
            created_by=admin,
        )  # fmt: skip
        essay.judges.set(judges)
        authors = rng.sample(people, min(len(people), max(10, len(people) // 200)))
        entries = [
            EssaySubmission(contest=essay, person_id=p.pk, unit_id=unit_of[p.pk],
                            title=rng.choice(ESSAY_TITLES),
                            body="在扭亏脱困攻坚中,我们班组从节约一度电、一滴油做起……" * 20,
                            submitted_at=essay.opens_at + timedelta(hours=rng.randint(1, 700)))
            for p in authors
        ]  # fmt: skip
        bulk.insert(entries)
        scores = []
        for e in entries:
            base = rng.uniform(60, 95)
            values = [Decimal(str(round(min(100, base + rng.uniform(-5, 5)), 1))) for _ in judges]
            scores += [
                EssayScore(submission=e, judge=j, score=v, scored_at=essay.closes_at)
                for j, v in zip(judges, values, strict=True)
            ]
            e.score = (sum(values) / len(values)).quantize(Decimal("0.1")) if values else None
        bulk.insert(scores)
        ranked = sorted(entries, key=lambda e: (-(e.score or 0), e.submitted_at))
        for rank, e in enumerate(ranked, 1):
            e.rank = rank
        bulk.update(EssaySubmission, entries, ["score", "rank"])
        open_essay = EssayContest.objects.create(
            title="“安全在我心中”主题征文", unit=company_root, audience=Audience.ALL,
            description="讲述安全生产中的亲身经历和体会。",
            opens_at=_at(today - timedelta(days=5), rng),
            closes_at=_at(today + timedelta(days=25), rng), created_by=admin,
        )  # fmt: skip
        open_essay.judges.set(judges)
    return {
        "courses": len(courses),
        "records": len(records),
        "questions": len(questions),
        "contest_attempts": len(attempts),
        "essays": len(entries),
    }
