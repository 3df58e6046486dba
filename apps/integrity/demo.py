"""Demo 党风廉政: the six kinds of key post in the company's departments with their holders and
廉政风险点 (some past their review date), this year's 廉洁承诺 text and most holders' signatures.
Sealed reports only when a user of the company already holds the 纪委 role: the seeder then
gives that user a demo key (passphrase DEMO_PASSPHRASE, docs/decisions/0016) — it never creates
a login. Deterministic for a given `rng`; bulk-inserted (seed data has no audit rows)."""

from datetime import timedelta

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core import bulk
from apps.orgs.choices import UnitKind

from .choices import RiskLevel
from .models import (
    HandlerKey,
    IntegritySettings,
    KeyPost,
    Pledge,
    PostCategory,
    PostHolding,
    RiskPoint,
)

DEMO_PASSPHRASE = "tongxin-demo-jiwei"
CATEGORIES = ["采购", "财务", "物资", "招投标", "工程", "人事"]
POSTS = {
    "采购": ("采购专责", "编制采购计划、询比价与合同执行"),
    "财务": ("出纳", "资金收付、银行账户与票据管理"),
    "物资": ("仓库管理员", "物资验收入库、保管与领用发放"),
    "招投标": ("招标专责", "招标文件编制、开评标组织"),
    "工程": ("工程结算专责", "工程量签证与结算审核"),
    "人事": ("人事专责", "招聘、考核、薪酬与职称评审"),
}
RISKS = {
    "采购": [
        ("供应商选择倾向性", RiskLevel.HIGH, "实行三家以上询比价,采购与验收分离,结果公示"),
        ("拆分采购规避招标", RiskLevel.MEDIUM, "年度采购计划审批,系统监控同类采购金额"),
    ],
    "财务": [
        ("资金支付审批不严", RiskLevel.HIGH, "网银支付双人复核,大额支付集体决策"),
        ("报销单据不实", RiskLevel.MEDIUM, "发票真伪查验,报销事项抽查"),
    ],
    "物资": [
        ("验收把关不严、以次充好", RiskLevel.MEDIUM, "质检与仓储双人验收,抽检留样"),
        ("废旧物资处置不规范", RiskLevel.LOW, "处置清单公示,公开竞价"),
    ],
    "招投标": [
        ("泄露标底或评标信息", RiskLevel.HIGH, "评委随机抽取,开评标全程录音录像"),
        ("量身定做招标条件", RiskLevel.HIGH, "招标文件法律审核,资格条件集体审定"),
    ],
    "工程": [
        ("虚增工程量、签证不实", RiskLevel.HIGH, "现场签证三方会签,结算第三方审计"),
        ("隐蔽工程验收走过场", RiskLevel.MEDIUM, "隐蔽工程影像留存,监理旁站"),
    ],
    "人事": [
        ("招聘录用暗箱操作", RiskLevel.HIGH, "笔试面试分离,结果公示,纪委全程监督"),
        ("考核评优优亲厚友", RiskLevel.LOW, "考核结果民主测评,亲属回避"),
    ],
}
PLEDGE_TEXT = (
    "本人郑重承诺:严守党的政治纪律和政治规矩,认真落实中央八项规定精神;"
    "不利用职务便利为本人或他人谋取私利;不收受礼品礼金、有价证券和支付凭证;"
    "不违规插手工程建设、物资采购和招标投标;主动接受组织和群众监督。"
)
REPORT_TEXTS = [
    "反映某分厂物资仓库管理员在废旧物资处置中低价卖给熟人,请核查。",
    "反映工程结算中存在虚增工程量的情况,涉及去年检修项目。",
    "反映某部门负责人春节期间收受供应商购物卡。",
]


def _categories() -> dict[str, PostCategory]:
    found = {}
    for i, name in enumerate(CATEGORIES):
        found[name], _ = PostCategory.objects.get_or_create(name=name, defaults={"order": i})
    return found


def seed(*, rng, company_root, people, units, now, count) -> dict:
    today = now.date()
    cats = _categories()
    depts = [u for u in units if u.kind == UnitKind.DEPARTMENT]
    if not depts:
        return {"key_posts": 0, "risk_points": 0, "pledges": 0, "reports": 0}
    by_dept: dict[int, list] = {}
    for p in people:
        by_dept.setdefault(p.department_id, []).append(p)
    posts = []
    for i in range(max(6, count)):
        dept = depts[i % len(depts)]
        cat = CATEGORIES[i % len(CATEGORIES)]
        name, duties = POSTS[cat]
        posts.append(
            KeyPost(
                name=name,
                category=cats[cat],
                unit=dept,
                duties=duties,
                created_at=now - timedelta(days=rng.randint(200, 360)),
            )
        )
    bulk.insert(posts)
    holdings, risks, holders = [], [], []
    for post in posts:
        staff = by_dept.get(post.unit_id) or people
        for _ in range(rng.randint(1, 2)):
            person = rng.choice(staff)
            if any(h.person_id == person.pk and h.post is post for h in holdings):
                continue
            holdings.append(
                PostHolding(
                    post=post, person=person, since=today - timedelta(days=rng.randint(90, 2900))
                )
            )
            holders.append(person)
        for title, level, controls in RISKS[post.category.name]:
            last = today - timedelta(days=rng.randint(30, 420))
            risks.append(
                RiskPoint(
                    post=post,
                    title=title,
                    level=level,
                    controls=controls,
                    owner=rng.choice(staff),
                    review_months=12,
                    last_review_on=last,
                    next_review_on=last + timedelta(days=365),
                    created_at=now - timedelta(days=rng.randint(200, 360)),
                )
            )
    bulk.insert(holdings)
    bulk.insert(risks)
    conf = IntegritySettings.current()
    conf.pledge_year, conf.pledge_text = today.year, PLEDGE_TEXT
    conf.save()
    signed = {}
    for person in holders:
        if person.pk not in signed and rng.random() < 0.8:
            signed[person.pk] = Pledge(
                person=person,
                year=today.year,
                text=PLEDGE_TEXT,
                unit_id=person.department_id,
                signed_at=now - timedelta(days=rng.randint(1, 60)),
            )
    bulk.insert(signed.values())
    return {
        "key_posts": len(posts),
        "risk_points": len(risks),
        "pledges": len(signed),
        "reports": _reports(rng=rng, company_root=company_root, today=today),
    }


def _reports(*, rng, company_root, today) -> int:
    """A few sealed reports, only when a user already holds the 纪委 role on the company."""
    from . import services

    grant = (
        RoleAssignment.objects.filter(role=Role.DISCIPLINE, user__is_active=True)
        .select_related("user", "unit")
        .order_by("pk")
        .first()
    )
    if grant is None or not company_root.path.startswith(grant.unit.path):
        return 0
    if not HandlerKey.objects.filter(user=grant.user).exists():
        services.handler_key_create(
            actor=grant.user, passphrase=DEMO_PASSPHRASE, confirm=DEMO_PASSPHRASE
        )
    made = 0
    for i, text in enumerate(REPORT_TEXTS):
        report, _code = services.report_submit(
            unit=company_root,
            text=text,
            named=i == 1,
            name="王某" if i == 1 else "",
            contact="138****0000" if i == 1 else "",
            today=today - timedelta(days=rng.randint(5, 200)),
        )
        if i == 0:
            services.report_step(
                actor=grant.user, report=report, action="register", today=report.received_on
            )
            report.refresh_from_db()
        made += 1
    _talks(rng=rng, actor=grant.user, company_root=company_root, today=today)
    return made


TALKS = [
    (
        "remind",
        "近期反映其与供应商往来较密,提醒严守廉洁纪律、主动报告有关事项。",
        "本人表示接受提醒,已主动说明情况。",
    ),
    (
        "admonish",
        "在物资验收中把关不严,造成验收记录与实物不符,予以诫勉。",
        "本人认识到问题,保证整改到位。",
    ),
]


def _talks(*, rng, actor, company_root, today) -> None:
    """Two sealed talk records of the 纪委 with people of the company."""
    from apps.orgs.models import Person

    from . import services

    people = list(
        Person.objects.filter(department__path__startswith=company_root.path)
        .select_related("department")
        .order_by("pk")[:50]
    )
    if not people:
        return
    for kind, content, statement in TALKS:
        services.talk_create(
            actor=actor,
            kind=kind,
            person=rng.choice(people),
            on=today - timedelta(days=rng.randint(5, 150)),
            talkers="纪委书记、纪检干事",
            content=content,
            statement=statement,
            follow_up="三个月后回访。",
            today=today,
        )
