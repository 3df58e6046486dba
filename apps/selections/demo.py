"""Demo 班组长竞聘: one selection per 20 teams over the past year, in every stage (most in office,
the latest still open or in their rounds), with applicants checked against the roster, five
judges' scores, 民主测评 counts and the timeline. Deterministic from the rng, bulk inserts only
(no role grants: the demo roster already seats its team leaders)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.core import bulk
from apps.orgs.choices import UnitKind

from . import eligibility
from .choices import (
    GRADE_SCORE,
    ApplicantStatus,
    Grade,
    SelectionAction,
    SelectionStatus,
    VoteRound,
)
from .models import Applicant, JudgeScore, Selection, SelectionEvent, Tally

S = SelectionStatus
STATEMENTS = (
    "本人在班组工作{y}年,熟悉本岗位全部工艺和设备,连续三年无违章。如能竞聘成功,将抓好班组安全标准化建设,带好新员工。",
    "参加工作{y}年来先后担任安全员、技术员,带领班组完成多次检修攻关。任职后将推行班组积分管理,把隐患排查落到每个岗位。",
    "我取得了相应技能等级证书,多次在公司技能比武中获奖。希望通过竞聘为班组建设出力,重点抓好师带徒和节能降耗。",
    "在班组{y}年,熟悉每位同事的特长。上任后将完善班组民主管理,按月公开班组考核和奖金分配,提升班组凝聚力。",
)
NOTES = (
    "群众基础好,工作作风扎实,考察组一致同意作为拟任人选。",
    "业务能力突出,组织协调能力有待提升,建议加强管理培训。",
    "安全意识强,近三年无违章记录,同事反映良好。",
)


def _stage(i: int, n: int) -> str:
    """Older selections are in office (a few closed early), the newest still running."""
    share = i / max(1, n)
    if share < 0.75:
        return S.APPOINTED
    if share < 0.82:
        return S.PUBLICITY
    if share < 0.9:
        return S.ROUNDS
    if share < 0.96:
        return S.OPEN
    return S.CANCELLED


@transaction.atomic
def seed(*, rng, company_root, people, units, now, count) -> dict:
    teams = [u for u in units if u.kind == UnitKind.TEAM]
    by_team: dict[int, list] = {}
    for p in people:
        if p.team_id:
            by_team.setdefault(p.team_id, []).append(p)
    chosen = [t for t in rng.sample(teams, len(teams) // 20) if len(by_team.get(t.pk, [])) >= 6]
    by_path = {u.path: u for u in units}
    today = timezone.localdate(now)
    selections, plan = [], []
    for i, team in enumerate(chosen):
        start = today - timedelta(days=365 - i * 330 // max(1, len(chosen)))
        stage = _stage(i, len(chosen))
        audience = by_path.get(team.path[: -team.steplen]) or team
        written = rng.choice((0, 20, 30))
        interview = rng.choice((50, 60)) if written else 70
        s = Selection(
            title=f"{audience.name}{team.name}班组长公开竞聘公告",
            team=team,
            audience=audience,
            places=1,
            description="负责班组安全生产、质量管理和职工队伍建设,落实“竞聘制、任期制”要求。",
            min_age=rng.choice((None, 25)),
            max_age=rng.choice((45, 50)),
            min_service_years=rng.choice((3, 5)),
            min_skill=rng.choice(("", "4", "3")),
            weight_written=written,
            weight_interview=interview,
            weight_vote=100 - written - interview,
            apply_from=start,
            apply_until=start + timedelta(days=10),
            status=stage,
        )
        if stage == S.APPOINTED:
            s.term_start = start + timedelta(days=40)
            s.term_end = s.term_start.replace(year=s.term_start.year + 3) - timedelta(days=1)
        if stage == S.PUBLICITY:
            s.publicity_until = timezone.make_aware(
                datetime.combine(today + timedelta(days=3), time(18))
            )
        selections.append(s)
        plan.append((s, by_team[team.pk], stage, start))
    bulk.insert(selections)

    applicants, events, scores, tallies = [], [], [], []
    for s, members, _stage_of, start in plan:
        judges = rng.sample(members, 5)
        s.judges.set(judges)
        pool = [m for m in members if m not in judges]
        for person in rng.sample(pool, min(len(pool), rng.randint(2, 5))):
            checks = eligibility.check(s, person, on=start)
            met = not eligibility.unmet(checks)
            status = ApplicantStatus.ELIGIBLE if met else ApplicantStatus.REFUSED
            a = Applicant(
                selection=s,
                person=person,
                statement=rng.choice(STATEMENTS).format(y=rng.randint(3, 20)),
                checks=checks,
                status=status,
            )
            if not met:
                a.exception_request = "近两年获公司技术能手称号,申请破格参加竞聘。"
                a.exception_reason = "经审查,不符合条件的情形不属于破格范围。"
            applicants.append(a)
        events.append(
            SelectionEvent(
                selection=s,
                action=SelectionAction.PUBLISH,
                at=timezone.make_aware(datetime.combine(start, time(9))),
                from_status=S.DRAFT,
                to_status=S.OPEN,
                actor_name="党群工作部",
            )
        )
    bulk.insert(applicants)

    per_selection: dict[int, list] = {}
    for a in applicants:
        per_selection.setdefault(a.selection_id, []).append(a)
    for s, members, stage, _start in plan:
        if stage in (S.OPEN, S.CANCELLED):
            continue
        candidates = [
            a for a in per_selection.get(s.pk, []) if a.status in (ApplicantStatus.ELIGIBLE,)
        ]
        judges = list(s.judges.all())
        for a in candidates:
            given = [Decimal(rng.randint(70, 96)) for _ in judges]
            scores += [
                JudgeScore(applicant=a, judge=j, score=v)
                for j, v in zip(judges, given, strict=True)
            ]
            counts = {g: 0 for g in Grade.values}
            for _ in range(int(len(members) * rng.uniform(0.7, 0.95))):
                counts[rng.choices(Grade.values, weights=(5, 4, 1, 0.2))[0]] += 1
            tallies += [
                Tally(applicant=a, round=VoteRound.SELECTION, grade=g, count=c)
                for g, c in counts.items()
            ]
            if stage in (S.PUBLICITY, S.APPOINTED):
                given.sort()
                a.interview = sum(given[1:-1]) / 3
                n = sum(counts.values()) or 1
                a.vote = Decimal(sum(GRADE_SCORE[g] * c for g, c in counts.items())) / n
                a.written = Decimal(rng.randint(60, 98)) if s.weight_written else None
                a.total = (
                    s.weight_interview * a.interview
                    + s.weight_vote * a.vote
                    + s.weight_written * (a.written or 0)
                ) / 100
                a.total = a.total.quantize(Decimal("0.01"))
                a.interview, a.vote = (
                    a.interview.quantize(Decimal("0.01")),
                    a.vote.quantize(Decimal("0.01")),
                )
        ranked = sorted(candidates, key=lambda a: -(a.total or 0))
        for r, a in enumerate(ranked, 1):
            if a.total is not None:
                a.rank = r
                a.appointed = stage == S.APPOINTED and r == 1
                a.inspection_note = rng.choice(NOTES) if r == 1 else ""
        if stage == S.APPOINTED:
            events.append(
                SelectionEvent(
                    selection=s,
                    action=SelectionAction.APPOINT,
                    at=timezone.make_aware(datetime.combine(s.term_start, time(10))),
                    from_status=S.PUBLICITY,
                    to_status=S.APPOINTED,
                    actor_name="党群工作部",
                    note=ranked[0].person.name if ranked else "",
                )
            )
    bulk.update(
        Applicant,
        applicants,
        ["interview", "vote", "written", "total", "rank", "appointed", "inspection_note"],
    )
    bulk.insert(scores)
    bulk.insert(tallies)
    bulk.insert(events)
    return {"selections": len(selections), "applicants": len(applicants)}
