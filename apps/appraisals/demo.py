"""Demo 民主评议 and 换届: last year's appraisal of every branch (self-appraisals, a sample of
ballots, the branch's grades, reasons for the lower ones) and a committee on record for every
party organisation, elected over the past terms so that a few end within six months and one is
overdue. Deterministic for a given `rng`; bulk-inserted (seed data has no audit rows)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction

from apps.core import bulk
from apps.orgs.choices import UnitKind
from apps.orgs.models import PartyMembership

from .choices import AppraisalStatus, CommitteeStatus, Grade
from .models import Appraisal, AppraisalEntry, AppraisalVote, Committee, TermSettings
from .services import TERM_KINDS, term_years

SELF = [
    "一年来认真学习党的创新理论,按时参加组织生活,在检修攻坚中冲在前面;不足是理论联系实际不够。",
    "能够完成岗位任务,积极参加志愿服务;对新技术学习抓得不紧,今后要加强。",
    "带头落实安全规程,帮助两名新员工尽快上岗;批评与自我批评开展得还不够大胆。",
    "按时足额交纳党费,参加主题党日活动;工作中有时急躁,今后注意方式方法。",
]
GRADES = [(Grade.EXCELLENT, 18), (Grade.QUALIFIED, 76), (Grade.BASIC, 5), (Grade.UNQUALIFIED, 1)]
REASONS = {
    Grade.BASIC: "全年无故缺席组织生活两次,学习笔记不全,经支部委员会研究评为基本合格。",
    Grade.UNQUALIFIED: "连续六个月未参加组织生活且未说明理由,经支部大会讨论评为不合格,限期改正。",
}
VOTERS_PER_BRANCH = 5


def seed(*, rng, company_root, people, units, now, count) -> dict:
    year = now.year - 1
    branches = [u for u in units if u.kind == UnitKind.BRANCH]
    members: dict[int, list[int]] = {}
    for branch_id, person_id in PartyMembership.objects.filter(
        branch__in=[b.pk for b in branches]
    ).values_list("branch_id", "person_id"):
        members.setdefault(branch_id, []).append(person_id)
    closed = now - timedelta(days=rng.randint(300, 330))
    appraisals = [
        Appraisal(branch=b, year=year, status=AppraisalStatus.CLOSED, closed_at=closed)
        for b in branches
        if members.get(b.pk)
    ]
    grades, weights = zip(*GRADES, strict=True)
    with transaction.atomic():
        bulk.insert(appraisals)
        entries = []
        for a in appraisals:
            for person_id in members[a.branch_id]:
                grade = rng.choices(grades, weights)[0]
                entries.append(
                    AppraisalEntry(
                        appraisal=a,
                        person_id=person_id,
                        self_text=rng.choice(SELF),
                        self_at=closed - timedelta(days=10),
                        grade=grade,
                        reason=REASONS.get(grade, ""),
                        decided_at=closed,
                    )
                )
        bulk.insert(entries)
        by_appraisal: dict[int, list] = {}
        for e in entries:
            by_appraisal.setdefault(e.appraisal_id, []).append(e)
        votes = []
        for a in appraisals:
            listed = by_appraisal[a.pk]
            for voter in rng.sample(listed, min(VOTERS_PER_BRANCH, len(listed))):
                votes += [
                    AppraisalVote(
                        appraisal=a,
                        voter_id=voter.person_id,
                        subject=e,
                        grade=e.grade if rng.random() < 0.8 else Grade.QUALIFIED,
                    )
                    for e in listed
                ]
        bulk.insert(votes)
        terms = TermSettings.current()
        committees = []
        today = now.date()
        for i, unit in enumerate(u for u in units if u.kind in TERM_KINDS):
            years = term_years(unit, terms)
            if i == 0:  # one due within the month, one overdue, the rest spread over the term
                ends = today + timedelta(days=20)
            elif i == 1:
                ends = today - timedelta(days=15)
            else:
                ends = today + timedelta(days=rng.randint(40, years * 365 - 30))
            committees.append(
                Committee(
                    unit=unit,
                    elected_on=ends - relativedelta(years=years),
                    term_years=years,
                    ends_on=ends,
                    status=CommitteeStatus.CURRENT,
                )
            )
        bulk.insert(committees)
    return {"appraisals": len(appraisals), "entries": len(entries), "committees": len(committees)}
