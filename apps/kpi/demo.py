"""Demo 量化考核: the indicator library (every registered calculator plus two manual
indicators), this year's 党支部 scheme and 部门 scheme by quarter, the 党群工作部's manual scores
and a few 加分/扣分/一票否决 for the past quarters, and those quarters' scorecards computed from
the demo's own records. Runs after every area it reads (kpi is the last app). Deterministic
from the rng, bulk inserts only."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.core import bulk, indicators
from apps.orgs.choices import UnitKind

from . import services
from .choices import AdjustmentKind, PeriodKind, RuleKind, SchemeStatus, Source, Vote
from .models import Adjustment, Indicator, ManualScore, Period, Scheme, SchemeItem
from .setup_services import period_ranges

MANUAL = (
    ("manual.mood_report", "思想动态调研报告质量", "分"),
    ("manual.production_contribution", "党建对关键生产指标的贡献度", "分"),
)
# (calculator or manual code, weight, rule, floor, target, steps)
LINEAR, STEPS, RANK = RuleKind.LINEAR, RuleKind.STEPS, RuleKind.RANK
RATE_STEPS = [[95, 100], [85, 80], [70, 60], [50, 30]]
BRANCH = (
    ("meetings.required_held_rate", 15, LINEAR, 60, 100, ()),
    ("meetings.study_coverage", 10, LINEAR, 50, 95, ()),
    ("standards.pass_rate", 15, STEPS, None, None, RATE_STEPS),
    ("suggestions.adoption_rate", 10, LINEAR, 10, 40, ()),
    ("appeals.on_time_rate", 10, LINEAR, 60, 95, ()),
    ("hazards.on_time_rate", 10, LINEAR, 60, 95, ()),
    ("collab.actions_on_time_rate", 10, STEPS, None, None, RATE_STEPS),
    ("projects.evaluation_score", 5, LINEAR, 60, 90, ()),
    ("manual.mood_report", 15, LINEAR, 60, 95, ()),
)
DEPARTMENT = (
    ("appeals.on_time_rate", 10, LINEAR, 60, 95, ()),
    ("appeals.satisfaction", 10, LINEAR, 3, "4.8", ()),
    ("suggestions.adoption_rate", 10, LINEAR, 10, 40, ()),
    ("suggestions.verified_benefit", 10, RANK, None, None, ()),
    ("hazards.on_time_rate", 15, LINEAR, 60, 95, ()),
    ("collab.actions_on_time_rate", 10, STEPS, None, None, RATE_STEPS),
    ("projects.evaluation_score", 10, LINEAR, 60, 90, ()),
    ("meetings.study_coverage", 5, LINEAR, 50, 95, ()),
    ("manual.production_contribution", 10, LINEAR, 50, 95, ()),
    ("manual.mood_report", 10, LINEAR, 60, 95, ()),
)
KINDS = {
    UnitKind.BRANCH: ("党支部党建工作考核", BRANCH),
    UnitKind.DEPARTMENT: ("部门党群工作考核", DEPARTMENT),
}
NOTES = (
    "调研报告问题分析深入,措施具体。",
    "覆盖班组全面,职工诉求梳理清楚。",
    "报告内容较为笼统,建议补充一线数据。",
    "结合生产实际,提出的建议已被采纳。",
    "按时报送,格式规范。",
)
ADJUSTMENTS = (
    (AdjustmentKind.BONUS, 2, "获公司“先进党支部”表彰"),
    (AdjustmentKind.BONUS, 3, "党员突击队完成检修攻坚任务,获集团通报表扬"),
    (AdjustmentKind.DEDUCT, 2, "主题党日活动未按计划开展"),
    (AdjustmentKind.DEDUCT, 3, "职工集体诉求处置不及时,被上级督办"),
    (AdjustmentKind.VETO, 0, "发生一般及以上生产安全事故"),
)


def _indicators() -> dict[str, Indicator]:
    """Every registered calculator and the manual indicators, by code (kept when present)."""
    rows = [
        Indicator(
            code=c.code,
            name=str(c.label),
            measure=c.measure,
            direction=c.direction,
            source=Source.COMPUTED,
            calculator=c.code,
        )
        for c in (indicators.get(code) for code, _label in indicators.choices())
    ] + [
        Indicator(code=code, name=name, measure=m, source=Source.MANUAL) for code, name, m in MANUAL
    ]
    have = set(Indicator.objects.values_list("code", flat=True))
    bulk.insert([i for i in rows if i.code not in have])
    return {i.code: i for i in Indicator.objects.all()}


def _assessor(company_root):
    grant = (
        RoleAssignment.objects.filter(
            role=Role.PARTY_ADMIN, unit__path__startswith=company_root.path
        )
        .select_related("user")
        .first()
    )
    return grant.user if grant else None


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    """This year's two schemes by quarter, opened; the past quarters scored (manual values,
    adjustments) and computed."""
    today = timezone.localdate(now)
    year = today.year
    library = _indicators()
    assessor = _assessor(company_root)
    made = {"schemes": 0, "periods": 0, "manual": 0, "adjustments": 0, "scorecards": 0}
    for kind, (title, spec) in KINDS.items():
        scoped = [u for u in units if u.kind == kind and u.path.startswith(company_root.path)]
        if not scoped:
            continue
        with transaction.atomic():
            scheme, new = Scheme.objects.get_or_create(
                year=year,
                unit_kind=kind,
                defaults={
                    "name": f"{year}年{title}",
                    "period_kind": PeriodKind.QUARTER,
                    "status": SchemeStatus.OPEN,
                },
            )
            if not new:
                continue
            made["schemes"] += 1
            items = bulk.insert(
                SchemeItem(
                    scheme=scheme,
                    indicator=library[code],
                    weight=Decimal(weight),
                    rule=rule,
                    floor=None if floor is None else Decimal(str(floor)),
                    target=None if target is None else Decimal(str(target)),
                    steps=[list(s) for s in steps],
                )
                for code, weight, rule, floor, target, steps in spec
                if code in library
            )
            services.scheme_check(scheme)
            periods = bulk.insert(
                Period(scheme=scheme, start=start, end=end)
                for start, end in period_ranges(year, PeriodKind.QUARTER)
                if start <= today
            )
            made["periods"] += len(periods)
            past = [p for p in periods if p.end < today]
            manual = [i for i in items if i.indicator.source == Source.MANUAL]
            scores, adjustments = [], []
            quality = {u.pk: rng.gauss(82, 8) for u in scoped}
            for period in past:
                for item in manual:
                    for unit in scoped:
                        value = max(40, min(100, quality[unit.pk] + rng.gauss(0, 5)))
                        scores.append(
                            ManualScore(
                                period=period,
                                unit=unit,
                                item=item,
                                value=Decimal(round(value)),
                                assessor=assessor,
                                note=rng.choice(NOTES),
                            )
                        )
                for unit in rng.sample(scoped, k=max(1, len(scoped) // 12)):
                    adj_kind, points, reason = rng.choice(ADJUSTMENTS)
                    adjustments.append(
                        Adjustment(
                            period=period,
                            unit=unit,
                            kind=adj_kind,
                            points=Decimal(points),
                            reason=reason,
                            assessor=assessor,
                        )
                    )
            bulk.insert(scores)
            bulk.insert(adjustments)
            made["manual"] += len(scores)
            made["adjustments"] += len(adjustments)
        for period in past:
            made["scorecards"] += services.period_compute(period, now=now)
        if past and assessor is not None:
            with transaction.atomic():
                _close(rng, past[0], assessor, today)
    return made


OBJECTIONS = (
    (
        "“三会一课”按时召开率漏计了补开的支委会,附会议记录。",
        True,
        "经核实补开会议有效,已补加得分。",
    ),
    (
        "隐患整改按期率偏低是因上级停产检修,请求不计。",
        False,
        "停产检修已提前通知,整改期限未受影响,维持原结果。",
    ),
)
REPORTS = (Decimal(92), Decimal(86), Decimal(78))


def _close(rng, period, assessor, today):
    """The oldest past quarter through the closing flow as a party admin runs it: the 述职评议
    of a few 党支部书记 (report scores and members' votes), 公示 the day after the quarter,
    one objection accepted and one rejected, then locked once the window is over."""
    scored = list(period.scorecards.values_list("unit_id", flat=True))
    if period.scheme.unit_kind == UnitKind.BRANCH:
        secretaries = (
            RoleAssignment.objects.filter(
                role=Role.BRANCH_SECRETARY,
                unit__in=scored,
                user__person__party_membership__isnull=False,
            )
            .select_related("user__person__party_membership")
            .distinct()[: len(REPORTS)]
        )
        for grant, score in zip(secretaries, REPORTS, strict=False):
            person = grant.user.person
            review = services.cadre_review_create(actor=assessor, period=period, person=person)
            services.cadre_report_save(
                actor=assessor, review=review, report_score=score, report_weight=40
            )
            voters = User.objects.filter(
                person__party_membership__branch_id=review.unit_id
            ).exclude(person=person)[:12]
            for voter in voters:
                choice = rng.choices(Vote.values, weights=(6, 3, 1, 0))[0]
                services.cadre_vote(actor=voter, review=review, choice=choice)
    day = period.end + timedelta(days=1)
    period = services.period_publish(actor=assessor, period=period, today=day)
    cards = list(period.scorecards.select_related("unit"))
    heads = {
        g.unit_id: g.user
        for g in RoleAssignment.objects.filter(
            unit__in=scored, role__in=services.UNIT_ROLES
        ).select_related("user")
    }
    objecting = [c for c in cards if c.unit_id in heads]
    for card, (reason, accept, answer) in zip(objecting, OBJECTIONS, strict=False):
        raised = services.objection_raise(
            actor=heads[card.unit_id], card=card, reason=reason, today=day
        )
        services.objection_answer(
            actor=assessor,
            objection=raised,
            accept=accept,
            answer=answer,
            points=Decimal(2) if accept else None,
        )
    if period.public_until < today:
        services.period_lock(actor=assessor, period=period, today=today)
