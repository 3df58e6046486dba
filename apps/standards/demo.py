"""Demo standardization: the year's checklist (25 items, 100 points, 达标 at 90), a monthly
review round since January for every branch, scored so that the 达标率 rises from about 85% in
January to about 95% by July and stays there (the speech's figures). Deterministic from the rng,
bulk inserts only."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core import bulk
from apps.orgs.choices import UnitKind
from apps.supervision.models import SupervisedItem

from . import judges
from .choices import ReviewStatus, RoundStatus
from .models import BranchReview, Checklist, ReviewItem, ReviewRound, StandardItem
from .services import KIND

BATCH = 2000
THRESHOLD = Decimal("90")
# (group, title, points, evidence, needs a file, judge)
ITEMS = (
    (
        "组织设置",
        "支部委员会配备齐全,书记、委员分工明确",
        4,
        "支委分工名单",
        False,
        "standards.committee_complete",
    ),
    ("组织设置", "按期换届选举,程序规范", 4, "换届请示、批复及选举结果报告", True, ""),
    ("组织设置", "党小组划分合理,党小组长配备到位", 3, "党小组名单", False, ""),
    ("组织设置", "党员名册信息完整、及时更新", 4, "", False, "standards.roster_current"),
    ("组织设置", "支部建在部门上,隶属关系清晰", 3, "组织设置批复", False, ""),
    ("组织设置", "支部书记履行第一责任人职责", 2, "书记述职报告", False, ""),
    ("组织生活", "“三会一课”按规定频次召开", 8, "会议记录", False, "meetings.required_held"),
    ("组织生活", "主题党日每月开展,内容紧扣中心工作", 5, "活动方案及照片", True, ""),
    ("组织生活", "组织生活会和民主评议党员按时开展", 5, "会议记录、评议结果", True, ""),
    ("组织生活", "谈心谈话覆盖全体党员", 3, "谈心谈话记录", False, ""),
    ("组织生活", "书记每年至少讲一次党课", 4, "党课讲稿", True, ""),
    ("党员管理", "发展党员程序规范,培养考察材料齐全", 5, "发展党员档案", True, ""),
    ("党员管理", "党费按时足额收缴,台账清楚", 5, "党费收缴台账", True, ""),
    ("党员管理", "党员教育培训学时达标", 4, "学习记录", False, ""),
    ("党员管理", "流动党员、离退休党员管理到位", 3, "联系台账", False, ""),
    ("党员管理", "党员先锋岗、责任区作用发挥明显", 3, "先锋岗事迹材料", False, ""),
    ("阵地建设", "党员活动室标识统一、功能完备", 5, "活动室照片", True, ""),
    ("阵地建设", "党务公开栏内容及时更新", 4, "公开栏照片", True, ""),
    ("阵地建设", "线上阵地信息及时维护", 3, "", False, ""),
    ("阵地建设", "党建品牌创建有特色、有成效", 3, "品牌创建方案", False, ""),
    ("制度落实", "支部工作计划和总结按时报送", 5, "年度计划、总结", True, ""),
    ("制度落实", "党建与生产经营深度融合,急难险重任务中发挥作用", 5, "典型事例", False, ""),
    ("制度落实", "落实党风廉政建设责任", 4, "廉政谈话记录", False, ""),
    ("制度落实", "意识形态工作责任制落实", 3, "专题研究记录", False, ""),
    ("制度落实", "党务档案管理规范", 3, "档案目录", False, ""),
)
SELF_NOTES = (
    "已按要求落实,相关材料已归档。",
    "本月按计划完成,记录齐全。",
    "已落实,详见佐证材料。",
    "基本落实,个别环节正在完善。",
)
REASONS = (
    "记录不够完整,部分内容缺少签字。",
    "佐证材料不全。",
    "开展频次不足。",
    "内容与中心工作结合不够紧密。",
    "台账更新不及时。",
    "落实不够到位,需持续改进。",
)


def target_rate(month: int) -> float:
    """The speech's path: 85% in January, rising evenly to 95% by July, then steady."""
    return 0.85 + 0.10 * min(month - 1, 6) / 6


def _month_end(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _at(day: date, rng) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59))))


def _scores(rng, manual, total_target: Decimal, full: Decimal) -> list[Decimal]:
    """Deduct from manual items (in half points, at most each item's points) until the total
    reaches the target; the scores in the order of `manual`."""
    scores = [ri.item.points for ri in manual]
    left = full - total_target
    while left > 0:
        candidates = [i for i, s in enumerate(scores) if s > 0]
        if not candidates:
            break
        i = rng.choice(candidates)
        cut = min(left, scores[i], Decimal(rng.choice(("0.5", "1", "1", "2"))))
        scores[i] -= cut
        left -= cut
    return scores


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    """A year of monthly rounds for the company's branches: finalized for past months, the
    latest one still in progress when the month has just turned."""
    branches = [
        u for u in units if u.kind == UnitKind.BRANCH and u.path.startswith(company_root.path)
    ]
    party = next(
        (
            u
            for u in units
            if u.kind == UnitKind.PARTY_COMMITTEE and u.path.startswith(company_root.path)
        ),
        company_root,
    )
    if not branches:
        return {"rounds": 0, "reviews": 0}
    today = timezone.localdate(now)
    year, last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)

    with transaction.atomic():
        checklist, _new = Checklist.objects.get_or_create(
            year=year,
            defaults={"threshold": THRESHOLD, "note": "依据《中国共产党支部工作条例(试行)》制定。"},
        )
        if not checklist.items.exists():
            bulk.insert(
                StandardItem(
                    checklist=checklist,
                    group=g,
                    title=t,
                    points=Decimal(p),
                    evidence=e,
                    needs_file=f,
                    judge=j,
                    sort=(i + 1) * 10,
                )
                for i, (g, t, p, e, f, j) in enumerate(ITEMS)
            )
        items = list(checklist.items.all())
        full = sum(i.points for i in items)
        quality = {b.pk: rng.random() for b in branches}

        rounds, plan = [], []
        for month in range(1, last + 1):
            start = date(year, month, 1)
            end = _month_end(start)
            opened = end + timedelta(days=1)
            latest = month == last
            in_progress = latest and (today - opened).days < 20
            rnd = ReviewRound(
                checklist=checklist,
                title=f"{year}年{month}月支部标准化规范化建设检查",
                unit=party,
                period_start=start,
                period_end=end,
                deadline=opened + timedelta(days=9),
                status=RoundStatus.OPEN if latest else RoundStatus.CLOSED,
                closed_at=None if latest else _at(opened + timedelta(days=25), rng),
                created_at=_at(opened, rng),
            )
            rounds.append(rnd)
            plan.append((month, in_progress))
        bulk.insert(rounds)

        reviews = []
        for rnd, (month, in_progress) in zip(rounds, plan, strict=True):
            # Exactly the month's share passes: the best branches of the month (a branch's
            # standing plus some month-to-month wobble), so the figures follow the speech.
            ranked = sorted(branches, key=lambda b: -(quality[b.pk] + rng.uniform(-0.1, 0.1)))
            passing_ids = {b.pk for b in ranked[: int(target_rate(month) * len(branches) + 0.5)]}
            for b in branches:
                r = BranchReview(round=rnd, branch=b, created_at=rnd.created_at)
                passing = b.pk in passing_ids
                if in_progress:
                    roll = rng.random()
                    r.status = (
                        ReviewStatus.DRAFT
                        if roll < 0.4
                        else ReviewStatus.RETURNED
                        if roll < 0.5
                        else ReviewStatus.SUBMITTED
                        if roll < 0.85
                        else ReviewStatus.FINALIZED
                    )
                else:
                    r.status = ReviewStatus.FINALIZED
                r._passing = passing
                reviews.append(r)
        bulk.insert(reviews)

        # The platform's judges, asked once per round for every branch (as at submit).
        verdicts: dict[tuple, dict] = {}
        for rnd in rounds:
            for code in {i.judge for i in items if judges.is_auto(i.judge)}:
                verdicts[(rnd.pk, code)] = judges.get(code).fn(
                    branches=branches, start=rnd.period_start, end=rnd.period_end
                )

        rows = []
        for r in reviews:
            rnd = r.round
            opened = rnd.period_end + timedelta(days=1)
            filled = r.status != ReviewStatus.DRAFT
            review_rows = [ReviewItem(review=r, item=i) for i in items]
            manual = []
            lost = Decimal("0")
            for ri in review_rows:
                code = ri.item.judge
                if judges.is_auto(code) and filled:
                    v = verdicts[(rnd.pk, code)].get(r.branch_id)
                    ri.judged, ri.judge_passed = True, bool(v and v.passed)
                    ri.judge_note, ri.judge_url = (v.note, v.url) if v else ("", "")
                    ri.judged_at = _at(opened + timedelta(days=rng.randint(3, 9)), rng)
                    ri.score = ri.item.points if ri.judge_passed else Decimal("0")
                    ri.reason = "" if ri.judge_passed else ri.judge_note
                    lost += ri.item.points - ri.score
                elif not judges.is_auto(code):
                    manual.append(ri)
                    if filled:
                        ri.self_score = ri.item.points
                        ri.self_note = rng.choice(SELF_NOTES)
            if filled:
                r.submitted_at = _at(opened + timedelta(days=rng.randint(3, 9)), rng)
                r.self_score = full - lost
            if r.status == ReviewStatus.FINALIZED:
                if r._passing:
                    target = THRESHOLD + Decimal(rng.choice(range(0, 17))) / 2
                else:
                    target = THRESHOLD - Decimal(rng.choice(range(1, 25))) / 2
                target = min(target, full - lost)
                cut = _scores(rng, manual, target + lost, full)
                for ri, score in zip(manual, cut, strict=True):
                    ri.score = score
                    if ri.score < ri.item.points:
                        ri.reason = rng.choice(REASONS)
                r.score = sum((ri.score for ri in review_rows), Decimal("0"))
                r.passed = r.score >= checklist.threshold
                r.finalized_at = _at(opened + timedelta(days=rng.randint(12, 22)), rng)
                if r.finalized_at > now:
                    r.finalized_at = now
                if r.submitted_at and r.submitted_at > r.finalized_at:
                    r.submitted_at = r.finalized_at - timedelta(hours=6)
            elif r.status == ReviewStatus.RETURNED:
                r.comment = "佐证材料不全,请补充主题党日活动照片后重新提交。"
                r.returned_count = 1
            rows.extend(review_rows)
        bulk.update(
            BranchReview,
            reviews,
            [
                "status",
                "self_score",
                "score",
                "passed",
                "submitted_at",
                "finalized_at",
                "comment",
                "returned_count",
            ],
        )
        bulk.insert(rows)

        # The open self-checks are supervised (督办) until submitted.
        ct = ContentType.objects.get_for_model(BranchReview)
        url = reverse("standards:review_detail", args=[0]).replace("/0/", "/%d/")
        supervised = [
            SupervisedItem(
                kind=KIND,
                content_type=ct,
                object_id=r.pk,
                title=f"支部标准化自查:{r.branch.name}"[:200],
                url=url % r.pk,
                owner_unit_id=r.branch_id,
                owner_person_id=r.branch.head_id,
                due_at=timezone.make_aware(datetime.combine(r.round.deadline, time(18, 0))),
                opened_at=r.created_at,
            )
            for r in reviews
            if r.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED)
        ]
        bulk.insert(supervised)
    return {"rounds": len(rounds), "reviews": len(reviews), "items": len(rows)}
