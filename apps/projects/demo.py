"""Demo projects: a year of 项目化管理 for the demo company, in bulk.

`seed(...)` is deterministic for a given `rng`. Projects spread over the year in realistic
states (most under way, some accepted and evaluated, a few returned or terminated), each with
targets, co-operating units, members, about ten milestones (some overdue), monthly progress
reports with figures, issues, acceptance rounds, its timeline and its 督办 rows. Everything is
bulk-inserted (no signals, no audit rows: this is seed data).
"""

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

from .choices import Grade, IssueStatus, MilestoneStatus, ProjectAction, ProjectStatus, Verdict
from .models import (
    Acceptance,
    AcceptanceResult,
    Cooperation,
    Issue,
    Member,
    Milestone,
    ProgressReport,
    Project,
    ProjectEvent,
    ProjectType,
    ReportFigure,
    Target,
)

BATCH = 2000
S = ProjectStatus
A = ProjectAction
TYPES = {
    "安全生产党员攻关项目": (
        ("高处作业防护", "受限空间作业管控", "行车安全隐患治理", "危化品储存规范化",
         "电气安全专项整治", "消防设施提档升级"),
        "安全生产党员攻关项目",
        (("隐患整改完成率", "%", (95, 100)), ("完成安全攻关课题", "项", (2, 6)),
         ("减少违章作业", "%", (20, 50)), ("缩短隐患整改周期", "天", (3, 10))),
    ),
    "降本增效青年突击项目": (
        ("锅炉燃烧优化", "废旧物资修旧利废", "刀具寿命提升", "压缩空气系统节能",
         "库存压降", "铸件废品率压降"),
        "降本增效青年突击项目",
        (("降低成本", "万元", (30, 400)), ("节约用电", "万千瓦时", (10, 120)),
         ("废品率降低", "%", (10, 40)), ("完成合理化建议", "项", (5, 20))),
    ),
    "党员先锋岗/责任区项目": (
        ("党员先锋岗创建", "党员责任区建设", "党员示范班组创建"),
        "项目",
        (("设立党员先锋岗", "项", (3, 10)), ("责任区设备完好率", "%", (95, 100)),
         ("解决生产难题", "项", (3, 12))),
    ),
    "技术改造攻坚项目": (
        ("数控车床自动上下料", "铸造砂处理系统", "热处理炉温控系统", "涂装线VOCs治理",
         "装配线工装优化", "空压站集中控制"),
        "技术改造攻坚项目",
        (("缩短生产周期", "天", (3, 15)), ("提高生产效率", "%", (10, 35)),
         ("降低改造成本", "万元", (20, 200)), ("形成专利或工法", "项", (1, 5))),
    ),
}  # fmt: skip
MILESTONES = (
    "完成现状调研和问题清单", "制定实施方案并通过评审", "成立项目团队并明确分工",
    "完成关键设备选型", "完成第一阶段实施", "开展中期检查", "完成试运行",
    "完成第二阶段实施", "形成数据对比分析", "完成总结和成果固化",
    "组织经验交流", "完成验收资料整理",
)  # fmt: skip
REPORTS = (
    "<p>本月按计划推进,{m}。项目团队每周例会跟踪进度,配合单位按分工落实。</p>",
    "<p>{m}。党员突击队利用检修窗口集中攻坚,各项指标稳步提升。</p>",
    "<p>本期重点推进{m},已协调解决外部配合问题,下一步抓好数据跟踪。</p>",
)
ISSUES = (
    ("备件到货延迟", "关键备件供货周期长,影响现场进度,需物资供应部协调。"),
    ("检修窗口不足", "生产任务紧,停机检修时间难以保证。"),
    ("配合单位人员不足", "配合单位抽调人员不到位,需统筹安排。"),
    ("资金拨付滞后", "部分预算尚未拨付,需财务部协调。"),
)
ROLES = ("技术骨干", "党员突击队员", "青年突击队员", "数据统计", "现场实施", "安全监护")
PARTS = ("技术支持", "物资保障", "资金保障", "安全监督", "现场配合")
COMMENTS = ("项目组织有力,指标全面完成。", "成效明显,建议推广。", "基本完成目标,资料较完整。")


def _aware(day: date, hour: int = 18) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _figure(target: Target, value: Decimal) -> Decimal:
    """A reported figure: whole numbers for counts (项), two places otherwise."""
    return value.quantize(Decimal("1") if target.measure == "项" else Decimal("0.01"))


def _types() -> dict[str, ProjectType]:
    out = {}
    for i, name in enumerate(TYPES):
        out[name], _c = ProjectType.objects.get_or_create(name=name, defaults={"sort": i * 10})
    return out


# The first projects take these states, so even the small demo shows every step of the loop.
FIRST = (S.EVALUATED, S.RETURNED, S.ACCEPTED, S.TERMINATED, S.EVALUATED, S.PENDING, S.ACCEPTANCE)


def _per_target(model, owner: str, field: str, owners, values) -> None:
    """One `model` row per target figure of each owner (a report's figures, an acceptance's
    results): `values[i]` holds the (target, value) pairs of `owners[i]`."""
    bulk.insert(
        (
            model(**{owner: o, "target": t, field: v})
            for o, pairs in zip(owners, values, strict=True)
            for t, v in pairs
        )
    )


def _state(rng, end: date, today: date, index: int) -> str:
    if index < len(FIRST):
        return FIRST[index]
    r = rng.random()
    if r < 0.04:
        return S.DRAFT
    if r < 0.09:
        return S.PENDING
    if r < 0.12:
        return S.RETURNED
    if r < 0.15:
        return S.TERMINATED
    if end >= today:
        return S.ACTIVE
    r = rng.random()
    if r < 0.55:
        return S.EVALUATED
    if r < 0.75:
        return S.ACCEPTED
    if r < 0.87:
        return S.ACCEPTANCE
    return S.ACTIVE  # past its deadline and still running


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    """A year of projects under `company_root`, led by its departments and workshops."""
    departments = [u for u in units if u.kind == UnitKind.DEPARTMENT and u.name != "公司领导"]
    if not departments or not people:
        return {"projects": 0, "milestones": 0}
    today = timezone.localdate(now)
    types = _types()
    crew: dict[int, list] = {}
    for p in people:
        for unit_id in (p.department_id, p.team_id):
            if unit_id:
                crew.setdefault(unit_id, []).append(p)
    departments = [d for d in departments if crew.get(d.pk)]
    party_dept = next((d for d in departments if "党群" in d.name), departments[0])

    with transaction.atomic():
        projects, plans = [], []
        for index in range(count):
            type_name = rng.choice(list(TYPES))
            topics, suffix, pool = TYPES[type_name]
            lead = rng.choice(departments)
            start = today - timedelta(days=rng.randint(0, 360))
            end = start + timedelta(days=rng.randint(90, 300))
            state = _state(rng, end, today, index)
            if state in (S.DRAFT, S.PENDING, S.RETURNED):
                start = today + timedelta(days=rng.randint(-20, 40))
                end = start + timedelta(days=rng.randint(90, 240))
            if state in (S.ACCEPTANCE, S.ACCEPTED, S.EVALUATED) and end >= today:
                end = today - timedelta(days=rng.randint(10, 60))
                start = end - timedelta(days=rng.randint(90, 240))
            topic = rng.choice(topics)
            name = f"{topic}{suffix}" if suffix != "项目" else f"{lead.name}{topic}项目"
            staff = crew[lead.pk]
            leader = rng.choice(staff)
            projects.append(
                Project(
                    name=name[:100],
                    type=types[type_name],
                    aim=f"<p>围绕{topic},由{lead.name}牵头,明确配合单位和完成时限,"
                    "形成工作闭环,以党建引领推动生产经营难题解决。</p>",
                    team_name=f"{lead.name}{'青年' if '青年' in type_name else '党员'}突击队",
                    lead_unit=lead,
                    leader=leader,
                    start_date=start,
                    end_date=end,
                    budget=Decimal(rng.randint(5, 200) * 10000),
                    status=state,
                    created_at=_aware(start - timedelta(days=20), 9),
                )
            )
            plans.append((state, pool, staff))

        targets, coops, members, milestones = [], [], [], []
        per_project: dict[int, dict] = {}
        for p, (state, pool, staff) in zip(projects, plans, strict=True):
            chosen = rng.sample(pool, rng.randint(2, 3))
            ts = [
                Target(
                    project=p,
                    name=n,
                    measure=m,
                    target_value=Decimal(rng.randint(lo, hi)),
                    sort=i,
                )
                for i, (n, m, (lo, hi)) in enumerate(chosen)
            ]
            targets += ts
            others = [d for d in departments if d.pk != p.lead_unit_id]
            co_units = rng.sample(others, min(len(others), rng.randint(1, 3)))
            coops += [
                Cooperation(
                    project=p,
                    unit=u,
                    contribution="负责" + rng.choice(PARTS),
                )
                for u in co_units
            ]
            team = rng.sample(staff, min(len(staff), rng.randint(3, 8)))
            members += [Member(project=p, person=x, role=rng.choice(ROLES)) for x in team]
            n = rng.randint(8, 12)
            span = (p.end_date - p.start_date).days
            titles = sorted(rng.sample(MILESTONES, min(n, len(MILESTONES))), key=MILESTONES.index)
            ms = []
            for k, title in enumerate(titles):
                due = p.start_date + timedelta(days=max(1, span * (k + 1) // len(titles)))
                owner = rng.choice([p.lead_unit, p.lead_unit, *co_units])
                owner_crew = crew.get(owner.pk) or staff
                m = Milestone(
                    project=p,
                    title=title,
                    owner_unit=owner,
                    owner_person=rng.choice(owner_crew) if rng.random() < 0.7 else None,
                    due_date=min(due, p.end_date),
                    created_at=p.created_at,
                )
                if state in (S.ACCEPTANCE, S.ACCEPTED, S.EVALUATED) or (
                    state in (S.ACTIVE, S.TERMINATED)
                    and (
                        (m.due_date < today and rng.random() < 0.85)
                        or (m.due_date >= today and rng.random() < 0.1)
                    )
                ):
                    done_day = m.due_date - timedelta(days=rng.randint(-6, 10))
                    done_day = min(done_day, today)
                    m.status, m.progress = MilestoneStatus.DONE, 100
                    m.done_at = _aware(max(done_day, p.start_date), 16)
                    m.done_note = "已按计划完成,相关资料已归档。"
                elif state == S.TERMINATED:
                    m.status = MilestoneStatus.CANCELLED
                elif state == S.ACTIVE and m.due_date < today + timedelta(days=30):
                    m.progress = rng.choice((20, 40, 60, 80))
                ms.append(m)
            milestones += ms
            per_project[id(p)] = {"targets": ts, "milestones": ms, "co": co_units}

        reports, report_values, events, issues, acceptances, acc_values, supervised = (
            [], [], [], [], [], [], []
        )  # fmt: skip
        for p, (state, _pool, _staff) in zip(projects, plans, strict=True):
            info = per_project[id(p)]
            ts, ms = info["targets"], info["milestones"]
            created = p.created_at
            submitted = created + timedelta(days=rng.randint(1, 5))
            approved = submitted + timedelta(days=rng.randint(1, 7))
            plan = [(A.CREATE, created, "", S.DRAFT, "")]
            if state == S.DRAFT:
                pass
            elif state == S.RETURNED:
                plan.append((A.SUBMIT, submitted, S.DRAFT, S.PENDING, ""))
                p.return_comment = "指标不够量化,请补充目标值和配合单位分工后再报。"
                plan.append((A.RETURN, approved, S.PENDING, S.RETURNED, p.return_comment))
            else:
                plan.append((A.SUBMIT, submitted, S.DRAFT, S.PENDING, ""))
                p.submitted_at = submitted
            if state not in (S.DRAFT, S.PENDING, S.RETURNED):
                if approved > now:
                    approved = now - timedelta(hours=2)
                p.approved_at = approved
                plan.append((A.APPROVE, approved, S.PENDING, S.ACTIVE, "同意立项。"))
            # Monthly reports while under way, figures climbing towards the targets.
            if p.approved_at:
                last = min(today, p.end_date)
                day = p.start_date + timedelta(days=30)
                months = max(1, ((last - p.start_date).days // 30))
                k = 0
                while day <= last:
                    k += 1
                    share = min(1.0, k / months * rng.uniform(0.75, 1.05))
                    done_ms = sum(
                        1 for m in ms if m.status == MilestoneStatus.DONE and m.due_date <= day
                    )
                    r = ProgressReport(
                        project=p,
                        reported_on=day,
                        summary=rng.choice(REPORTS).format(m=rng.choice(MILESTONES)),
                        reporter_name=p.leader.name,
                        created_at=_aware(day, 17),
                        progress=Decimal(str(round(100 * (done_ms / len(ms) + share) / 2, 1))),
                    )
                    reports.append(r)
                    for t in ts:
                        t.latest_value = _figure(t, t.target_value * Decimal(str(share)))
                    report_values.append([(t, t.latest_value) for t in ts])
                    day += timedelta(days=30)
                if rng.random() < 0.4:
                    title, text = rng.choice(ISSUES)
                    raised = p.approved_at + timedelta(days=rng.randint(5, 60))
                    if raised < now:
                        resolved = state not in (S.ACTIVE, S.TERMINATED) or rng.random() < 0.6
                        issues.append(
                            Issue(
                                project=p,
                                title=title,
                                description=text,
                                raised_name=p.leader.name,
                                raised_at=raised,
                                created_at=raised,
                                status=IssueStatus.RESOLVED if resolved else IssueStatus.OPEN,
                                resolution="已协调相关单位解决。" if resolved else "",
                                resolved_at=raised + timedelta(days=7) if resolved else None,
                            )
                        )
            if state in (S.ACCEPTANCE, S.ACCEPTED, S.EVALUATED):
                asked = _aware(p.end_date, 10)
                a = Acceptance(
                    project=p, summary="项目各项指标已完成,申请验收。", submitted_at=asked
                )
                plan.append((A.REQUEST_ACCEPTANCE, asked, S.ACTIVE, S.ACCEPTANCE, a.summary))
                results = []
                for t in ts:
                    t.actual_value = _figure(
                        t, t.target_value * Decimal(str(rng.uniform(0.9, 1.15)))
                    )
                    t.latest_value = t.actual_value
                    results.append((t, t.actual_value))
                if state != S.ACCEPTANCE:
                    decided = asked + timedelta(days=rng.randint(3, 10))
                    a.verdict, a.decided_at = Verdict.PASS, decided
                    a.verdict_note, a.acceptor_name = (
                        "资料齐全,指标达到预期,同意验收。",
                        "党群工作部",
                    )
                    p.accepted_at = decided
                    plan.append((A.ACCEPT, decided, S.ACCEPTANCE, S.ACCEPTED, a.verdict_note))
                    if state == S.EVALUATED:
                        evaluated = decided + timedelta(days=rng.randint(3, 15))
                        evaluated = min(evaluated, now - timedelta(hours=1))
                        p.score = Decimal(rng.randint(68, 98))
                        p.grade = Grade.for_score(p.score)
                        p.evaluation_comment = rng.choice(COMMENTS)
                        p.evaluated_at = p.closed_at = evaluated
                        plan.append(
                            (A.EVALUATE, evaluated, S.ACCEPTED, S.EVALUATED, f"得分 {p.score}")
                        )
                acceptances.append(a)
                acc_values.append(results)
            if state == S.TERMINATED:
                stopped = min(now, p.approved_at + timedelta(days=rng.randint(20, 90)))
                p.terminate_reason = "生产计划调整,项目内容并入公司技改专项,经研究终止。"
                p.closed_at = stopped
                plan.append((A.TERMINATE, stopped, S.ACTIVE, S.TERMINATED, p.terminate_reason))
            for action, at, src, dst, note in plan:
                events.append(
                    ProjectEvent(
                        project=p,
                        action=action,
                        actor_name=p.leader.name
                        if action in (A.CREATE, A.SUBMIT, A.REQUEST_ACCEPTANCE)
                        else party_dept.name,
                        at=at,
                        from_status=src,
                        to_status=dst,
                        note=note,
                    )
                )
            counted = [m for m in ms if m.status != MilestoneStatus.CANCELLED]
            parts = []
            if counted:
                parts.append(sum(m.status == MilestoneStatus.DONE for m in counted) / len(counted))
            parts.append(sum(t.achieved or 0 for t in ts) / len(ts))
            p.progress = Decimal(str(round(100 * sum(parts) / len(parts), 1)))
            if p.approved_at:
                supervised += [(p, m) for m in ms if m.status != MilestoneStatus.CANCELLED]

        # Every row is complete before it is written: one insert per table, no updates after.
        bulk.insert(projects)
        bulk.insert(targets)
        Cooperation.objects.bulk_create(coops, batch_size=BATCH, ignore_conflicts=True)
        Member.objects.bulk_create(members, batch_size=BATCH, ignore_conflicts=True)
        bulk.insert(milestones)
        ct = ContentType.objects.get_for_model(Milestone)
        url = reverse("projects:detail", args=[0]).replace("/0/", "/%d/")
        items = [
            SupervisedItem(
                kind="milestone",
                content_type=ct,
                object_id=m.pk,
                title=f"项目里程碑:{m.title}({p.name})"[:200],
                url=url % p.pk,
                owner_unit_id=m.owner_unit_id,
                owner_person_id=m.owner_person_id,
                due_at=_aware(m.due_date),
                opened_at=p.approved_at,
                closed_at=m.done_at or p.closed_at,
            )
            for p, m in supervised
        ]
        bulk.insert(reports)
        _per_target(ReportFigure, "report", "value", reports, report_values)
        bulk.insert(acceptances)
        _per_target(AcceptanceResult, "acceptance", "actual_value", acceptances, acc_values)
        bulk.insert(issues)
        bulk.insert(events)
        bulk.insert(items)
    return {
        "projects": len(projects),
        "milestones": len(milestones),
        "reports": len(reports),
        "supervised": len(items),
    }
