"""Demo 关爱帮扶: hardship files for about 1% of the employees (some opened from the demo's
家庭困难 appeals, a few past their yearly review), a year of aid (慰问 within the approved
amount, 金秋助学 for school fees, 医疗互助 for illness) and the 春节送温暖 campaign drawn from
the files, most of it delivered. No logins; deterministic for a given `rng`; bulk-inserted."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from apps.core import bulk
from apps.orgs.choices import UnitKind

from .choices import (
    AidForm,
    AidKind,
    AidStatus,
    CampaignStatus,
    FileStatus,
    HardshipCategory,
    HardshipLevel,
)
from .models import Aid, Campaign, HardshipFile
from .selectors import hardship_category

SITUATIONS = {
    HardshipCategory.ILLNESS: [
        "配偶患尿毒症长期透析,每月自付医疗费用约三千元,家庭收入主要靠本人工资。",
        "本人确诊恶性肿瘤,术后化疗期间收入减少,医疗费用负担较重。",
        "父亲脑梗后长期卧床,需专人照护,家中积蓄已基本用尽。",
    ],
    HardshipCategory.DISASTER: [
        "老家房屋在汛期受损严重,正在修缮,短期内支出较大。",
        "家中遭遇火灾,部分家具电器损毁,需要添置生活必需品。",
    ],
    HardshipCategory.SCHOOLING: [
        "两个子女同时上大学,学费和生活费每年约四万元,配偶无固定收入。",
        "子女考入外地高校,家庭难以承担学费和住宿费。",
    ],
    HardshipCategory.SINGLE_PARENT: [
        "单亲抚养一名上小学的孩子,无其他经济来源,住房为租赁。",
        "离异后独自抚养子女,同时赡养年迈母亲。",
    ],
    HardshipCategory.DISABILITY: [
        "子女为二级肢体残疾,需长期康复训练,费用较高。",
        "本人因工伤致残,调整岗位后收入下降。",
    ],
    HardshipCategory.OTHER: ["配偶失业,家中老人多病,家庭人均收入低于当地平均水平。"],
}
CATEGORY_WEIGHTS = [
    (HardshipCategory.ILLNESS, 40),
    (HardshipCategory.SCHOOLING, 20),
    (HardshipCategory.SINGLE_PARENT, 12),
    (HardshipCategory.DISABILITY, 10),
    (HardshipCategory.DISASTER, 8),
    (HardshipCategory.OTHER, 10),
]
LEVELS = [(HardshipLevel.EXTREME, 15), (HardshipLevel.HARD, 45), (HardshipLevel.RELATIVE, 40)]
GOODS = ["米、面、油各一份", "冬季棉被两床", "营养品一箱", "学习用品一套"]
VISIT_AMOUNTS = [Decimal("500"), Decimal("800"), Decimal("1000"), Decimal("2000")]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def seed(*, rng, company_root, people, units, now, count) -> dict:
    today = now.date()
    departments = {u.pk for u in units if u.kind == UnitKind.DEPARTMENT}
    staff = [p for p in people if p.department_id in departments]
    if not staff:
        return {"files": 0, "aid": 0}
    chosen = rng.sample(staff, min(count, len(staff)))
    # The demo's 家庭困难 appeals with a named submitter become files of their submitters.
    appeals = {}
    category = hardship_category()
    if category is not None:
        from apps.appeals.models import Appeal

        rows = Appeal.objects.filter(
            category=category, anonymous=False, submitter__isnull=False
        ).values_list("pk", "submitter_id")[: max(1, count // 5)]
        appeals = {person_id: pk for pk, person_id in rows}
    by_pk = {p.pk: p for p in staff}
    chosen = [by_pk[pk] for pk in appeals if pk in by_pk] + [
        p for p in chosen if p.pk not in appeals
    ]
    chosen = chosen[:count] if count < len(chosen) else chosen

    files = []
    for person in chosen:
        category_ = _pick(rng, CATEGORY_WEIGHTS)
        opened = today - timedelta(days=rng.randint(20, 720))
        reviewed = None
        due = opened + timedelta(days=365)
        while due < today - timedelta(days=40):
            reviewed = due - timedelta(days=rng.randint(0, 20))
            due = reviewed + timedelta(days=365)
        closed = rng.random() < 0.08 and opened < today - timedelta(days=200)
        files.append(
            HardshipFile(
                person=person,
                unit_id=person.department_id,
                category=category_,
                level=_pick(rng, LEVELS),
                status=FileStatus.CLOSED if closed else FileStatus.ACTIVE,
                family_size=rng.randint(2, 6),
                monthly_income=Decimal(rng.randrange(800, 2600, 50)),
                family_situation=rng.choice(SITUATIONS[category_]),
                opened_on=opened,
                review_due=due,
                reviewed_on=reviewed,
                closed_on=today - timedelta(days=rng.randint(1, 60)) if closed else None,
                appeal_id=appeals.get(person.pk),
                created_at=now - (today - opened),
            )
        )
    aids = []
    year = today.year
    with transaction.atomic():
        bulk.insert(files)
        for f in files:
            for _ in range(rng.randint(0, 3)):
                day = max(f.opened_on, today - timedelta(days=365)) + timedelta(
                    days=rng.randint(0, 200)
                )
                if day > today:
                    continue
                kind = AidKind.VISIT
                if f.category == HardshipCategory.ILLNESS and rng.random() < 0.6:
                    kind = AidKind.MEDICAL
                elif f.category == HardshipCategory.SCHOOLING:
                    kind = AidKind.SCHOOLING
                goods = kind == AidKind.VISIT and rng.random() < 0.25
                approved = rng.choice(VISIT_AMOUNTS) * (3 if kind != AidKind.VISIT else 1)
                amount = approved if rng.random() < 0.85 else approved - Decimal("200")
                aids.append(
                    Aid(
                        person_id=f.person_id,
                        unit_id=f.unit_id,
                        file=f,
                        kind=kind,
                        form=AidForm.GOODS if goods else AidForm.MONEY,
                        status=AidStatus.DELIVERED,
                        amount=None if goods else amount,
                        approved_amount=None if goods else approved,
                        approval_no="" if goods else f"GH{day.year}{len(aids) + 1:04d}",
                        goods=rng.choice(GOODS) if goods else "",
                        day=day,
                        year=day.year,
                        created_at=now - (today - day),
                    )
                )
        # 春节送温暖: the list drawn from the active 特困 and 困难 files, most delivered.
        spring = today - timedelta(days=rng.randint(280, 320))
        campaign = Campaign.objects.create(
            title=f"{spring.year}年春节送温暖",
            year=spring.year,
            unit=company_root,
            levels=[HardshipLevel.EXTREME, HardshipLevel.HARD],
            standard=Decimal("1000.00"),
            status=CampaignStatus.OPEN,
            created_at=now - (today - spring),
        )
        for f in files:
            if f.level == HardshipLevel.RELATIVE or f.opened_on > spring:
                continue
            delivered = rng.random() < 0.9
            day = spring + timedelta(days=rng.randint(1, 20))
            aids.append(
                Aid(
                    person_id=f.person_id,
                    unit_id=f.unit_id,
                    file=f,
                    campaign=campaign,
                    kind=AidKind.WARMTH,
                    form=AidForm.MONEY,
                    status=AidStatus.DELIVERED if delivered else AidStatus.PLANNED,
                    amount=Decimal("1000.00") if delivered else None,
                    approved_amount=Decimal("1000.00"),
                    goods=rng.choice(GOODS) if delivered else "",
                    day=day if delivered else None,
                    year=spring.year,
                    created_at=now - (today - spring),
                )
            )
        bulk.insert(aids)
    return {"files": len(files), "aid": len(aids), "year": year}
