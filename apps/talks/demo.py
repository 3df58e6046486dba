"""Demo 谈心谈话: a year of talks by the company's political cadres (each branch secretary with
the people of the department the branch is built on, about once a quarter each; the party office
with a sample across the company), concerns on some of them, and the branches' quarterly
思想动态 reports with the figures the platform gives, most of them scored.

Deterministic for a given `rng`; bulk-inserted (no audit rows: this is seed data)."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core import bulk

from .choices import PersonState, ReportStatus, TalkAction, TalkKind, TalkPlace
from .models import (
    POLITICAL_ROLES,
    RUBRIC,
    RUBRIC_MAX,
    Concern,
    ConcernTag,
    MoodReport,
    Talk,
    TalkEvent,
)
from .reports import report_figures
from .selectors import quarter_bounds

MAX_REPORTING_BRANCHES = 40

KINDS = [
    (TalkKind.DAILY, 55),
    (TalkKind.HARDSHIP, 10),
    (TalkKind.MOOD, 10),
    (TalkKind.NEWCOMER, 7),
    (TalkKind.TRANSFER, 8),
    (TalkKind.OTHER, 10),
]
PLACES = [
    (TalkPlace.TEAM, 35),
    (TalkPlace.CANTEEN, 15),
    (TalkPlace.DORM, 10),
    (TalkPlace.OFFICE, 15),
    (TalkPlace.SITE, 18),
    (TalkPlace.PHONE, 5),
    (TalkPlace.OTHER, 2),
]
STATES = [
    (PersonState.STABLE, 62),
    (PersonState.FAIR, 24),
    (PersonState.WAVERING, 10),
    (PersonState.ATTENTION, 4),
]

SUMMARIES = {
    TalkKind.DAILY: [
        "班前会后与{name}聊了近期的工作和生活,{name}对班组的安排没有意见,精神状态不错。",
        "在食堂边吃边聊,{name}提到最近检修任务重、加班多,但表示能理解,希望任务分配更均衡。",
        "到现场看望{name},交流了安全操作规程的落实情况,{name}对新换的劳保用品比较满意。",
    ],
    TalkKind.HARDSHIP: [
        "{name}家中老人住院,经济和照顾压力都比较大,情绪有些低落,已了解具体困难。",
        "{name}孩子今年上学,接送时间和倒班冲突,希望能调整班次,已记录诉求。",
    ],
    TalkKind.MOOD: [
        "近期{name}工作中出现急躁情绪,谈话了解到是对绩效考核结果有想法,已做解释疏导。",
        "{name}因岗位竞聘落选情绪波动较大,谈心中肯定了其工作表现,鼓励继续提升技能。",
    ],
    TalkKind.NEWCOMER: [
        "与新入职的{name}谈心,了解其对岗位和师带徒安排的适应情况,{name}希望尽快独立上岗。",
    ],
    TalkKind.TRANSFER: [
        "{name}刚调整到新岗位,谈到对新设备操作还不够熟悉,有些顾虑,已安排老师傅帮带。",
    ],
    TalkKind.OTHER: [
        "与{name}交流了对公司近期改革措施的看法,{name}提出了几条改进班组管理的建议。",
    ],
}
FOLLOW_UPS = ["", "", "一个月后再回访。", "已向车间反映,跟踪落实情况。", "下次班组会上通报。"]
NOTES = {
    "薪酬待遇": "夜班津贴和加班费计算有疑问,希望公开计算办法。",
    "工作环境": "作业现场噪声大、通风差,夏天温度高。",
    "家庭困难": "家中老人生病住院,医疗费用负担较重。",
    "职业发展": "希望参加技能等级培训,考取高级工证书。",
    "身心健康": "连续倒班睡眠不足,身体有些吃不消。",
    "食堂住宿": "夜班下班后食堂没有热饭,宿舍热水不稳定。",
    "安全生产": "部分安全防护设施老化,建议尽快更换。",
    "人际关系": "与班组同事在任务分配上有些矛盾。",
    "其他": "对通勤班车的时间安排有意见。",
}
ANALYSIS = (
    "本季度共开展谈心谈话{talks}次,覆盖职工{reached}人(覆盖率{coverage}%)。职工思想总体稳定,"
    "对公司改革发展充满信心。从谈话情况看,职工关注的问题主要集中在{top},反映出一线职工对"
    "切身利益和工作条件的关切。少数职工因家庭困难、岗位调整出现思想波动,已逐一跟进疏导。"
)
MEASURES = (
    "一是对职工反映集中的问题建立台账,能转为急难愁盼诉求的及时转办;二是对思想波动职工实行"
    "一人一策,支委分工联系;三是下季度重点做好新入职和岗位调整职工的谈心谈话。"
)


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _talk(rng, *, user, person, unit, day) -> Talk:
    kind = _pick(rng, KINDS)
    state = _pick(rng, STATES)
    if kind == TalkKind.MOOD and state == PersonState.STABLE:
        state = PersonState.WAVERING
    return Talk(
        talker=user,
        talker_name=user.person.name if user.person_id else user.get_username(),
        person=person,
        unit=unit,
        day=day,
        place=_pick(rng, PLACES),
        kind=kind,
        state=state,
        summary=rng.choice(SUMMARIES[kind]).format(name=person.name),
        follow_up=rng.choice(FOLLOW_UPS),
        created_at=timezone.make_aware(datetime.combine(day, time(rng.randint(9, 20)))),
    )


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    today = timezone.localdate(now)
    first = today - timedelta(days=364)
    grants = list(
        RoleAssignment.objects.filter(
            role__in=POLITICAL_ROLES,
            unit__path__startswith=company_root.path,
            user__is_active=True,
        ).select_related("user__person", "unit__serves")
    )
    tags = list(ConcernTag.objects.filter(is_active=True))
    if not grants or not people or not tags:
        return {"talks": 0, "concerns": 0, "reports": 0}
    unit_by_id = {u.pk: u for u in units}

    def unit_of(p):
        return unit_by_id.get(p.team_id) or unit_by_id[p.department_id]

    talks = []
    for g in grants:
        if g.role == Role.PARTY_ADMIN:  # the party office: a sample across the company
            for person in rng.sample(people, min(len(people), max(1, count // 10))):
                day = first + timedelta(days=rng.randint(0, 364))
                talks.append(_talk(rng, user=g.user, person=person, unit=unit_of(person), day=day))
            continue
        reach = g.unit.serves.path if g.unit.serves_id else g.unit.path
        pool = [p for p in people if unit_by_id[p.department_id].path.startswith(reach)]
        for person in pool:  # about once a quarter each, a few missed, some twice
            cursor = first
            while cursor <= today:
                if rng.random() < 0.88:
                    day = cursor + timedelta(days=rng.randint(0, 80))
                    if day <= today:
                        talks.append(
                            _talk(rng, user=g.user, person=person, unit=unit_of(person), day=day)
                        )
                cursor += timedelta(days=91)

    with transaction.atomic():
        bulk.insert(talks)
        concerns = []
        for t in talks:
            roll = rng.random()
            n = 2 if roll < 0.08 else 1 if roll < 0.4 else 0
            if t.state in (PersonState.WAVERING, PersonState.ATTENTION) and n == 0:
                n = 1
            for tag in rng.sample(tags, n):
                concerns.append(Concern(talk=t, tag=tag, note=NOTES.get(tag.name, "")))
        bulk.insert(concerns)
        bulk.insert(_events(talks, concerns))
        reports = _reports(rng, grants=grants, today=today)
    return {"talks": len(talks), "concerns": len(concerns), "reports": reports}


def _events(talks, concerns) -> list[TalkEvent]:
    """Each talk's timeline as the service writes it: recorded, then each concern raised."""

    def step(talk, action, note=""):
        return TalkEvent(
            talk=talk,
            action=action,
            actor=talk.talker,
            actor_name=talk.talker_name[:50],
            at=talk.created_at,
            note=note,
        )

    events = [step(t, TalkAction.RECORDED) for t in talks]
    events += [step(c.talk, TalkAction.CONCERN, c.described) for c in concerns]
    return events


def _reports(rng, *, grants, today: date) -> int:
    """Each secretary's branch reports the quarters of this year that are over; the party office
    has scored all but the latest."""
    assessor = next((g.user for g in grants if g.role == Role.PARTY_ADMIN), None)
    branches = [g for g in grants if g.role == Role.BRANCH_SECRETARY][:MAX_REPORTING_BRANCHES]
    done = [q for q in range(1, 5) if quarter_bounds(today.year, q)[1] < today]
    made = 0
    for g in branches:
        for q in done:
            figures = report_figures(user=g.user, unit=g.unit, year=today.year, quarter=q)
            top = "、".join(name for name, _n in figures["tags"][:3]) or "工作和生活条件"
            report = MoodReport(
                unit=g.unit,
                year=today.year,
                quarter=q,
                figures=figures,
                analysis=ANALYSIS.format(
                    talks=figures["talks"],
                    reached=figures["reached"],
                    coverage=figures["coverage"] or 0,
                    top=top,
                ),
                measures=MEASURES,
                submitted_by=g.user,
            )
            if assessor is not None and q != done[-1]:
                for field, _label in RUBRIC:
                    setattr(report, field, rng.randint(RUBRIC_MAX - 9, RUBRIC_MAX))
                report.score = sum(getattr(report, f) for f, _l in RUBRIC)
                report.score_note = rng.choice(
                    [
                        "数据翔实,分析到位。",
                        "问题找得准,措施还需细化。",
                        "建议结合诉求办理情况深入分析。",
                    ]
                )
                report.status, report.scored_by = ReportStatus.SCORED, assessor
                report.scored_at = timezone.now()
            report.save()
            made += 1
    return made
