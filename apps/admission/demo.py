"""Demo 发展党员: in every branch a few people at each stage (applicants just talked with,
activists with their contacts and half-yearly reviews, 发展对象 part-way through review,
training and sponsors, probationary members in their year), drawn from the department the
branch is built on, with dates that keep every rule.

Deterministic for a given `rng`; bulk-inserted (no audit rows: this is seed data)."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.core import bulk
from apps.orgs.choices import MemberKind, PoliticalStatus, UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person

from . import rules
from .choices import AdmissionAction as A
from .choices import AdmissionStatus as S
from .models import Admission, AdmissionEvent, AdmissionPolicy, Review

TALKS = [
    "入党动机端正,对党的基本知识有一定了解,希望在岗位上发挥带头作用。",
    "谈了对扭亏脱困工作的认识,表示愿意在急难险重任务中接受组织考验。",
    "工作积极肯干,对党的理论学习还需加强,已推荐学习《入党教材》。",
]
REVIEWS = [
    "本半年完成检修任务饱满,主动参加主题党日,思想汇报按时提交;不足是理论学习深度不够。",
    "在设备抢修中冲在前面,群众反映好;需进一步提高政治理论水平。",
    "能按时参加支部组织的学习,带头落实安全规程,团结同事;表达和总结能力有待提高。",
    "积极参与班组降本增效攻关,提出合理化建议两条;需注意工作方法。",
]
PLAN = ((S.APPLICANT, 2), (S.ACTIVIST, 2), (S.CANDIDATE, 2), (S.PROBATIONARY, 2))


def _dates(rng, status, today):
    """Dates of the steps taken so far, ending before today, spaced as the rules allow."""
    d = {}
    if status == S.APPLICANT:
        d["applied_on"] = today - timedelta(days=rng.randint(3, 40))
        if rng.random() < 0.6:
            d["talked_on"] = d["applied_on"] + timedelta(days=rng.randint(5, 25))
        return d
    back = {S.ACTIVIST: 200, S.CANDIDATE: 480, S.PROBATIONARY: 720}[status]
    d["applied_on"] = today - timedelta(days=back + rng.randint(0, 120))
    d["talked_on"] = d["applied_on"] + timedelta(days=rng.randint(7, 25))
    d["activist_on"] = d["talked_on"] + timedelta(days=rng.randint(20, 60))
    if status == S.ACTIVIST:
        return d
    d["candidate_on"] = rules.add_months(d["activist_on"], 12) + timedelta(days=rng.randint(1, 20))
    if status == S.CANDIDATE:
        return d
    d["political_on"] = d["candidate_on"] + timedelta(days=20)
    d["training_start"] = d["candidate_on"] + timedelta(days=30)
    d["training_end"] = d["training_start"] + timedelta(days=3)
    d["sponsored_on"] = d["training_end"]
    d["publicity_start"] = d["training_end"] + timedelta(days=5)
    d["publicity_end"] = rules.publicity_end(d["publicity_start"], 5)
    d["admitted_on"] = d["publicity_end"] + timedelta(days=rng.randint(5, 20))
    d["probation_end"] = rules.add_months(d["admitted_on"], 12)
    return d


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    today = timezone.localdate(now)
    policy = AdmissionPolicy.current()
    branches = list(
        OrgUnit.objects.filter(
            path__startswith=company_root.path, kind=UnitKind.BRANCH, dissolved_at__isnull=True
        ).select_related("serves")
    )
    members = {}
    for pid, branch_id in PartyMembership.objects.filter(
        branch__in=branches, kind=MemberKind.FULL
    ).values_list("person_id", "branch_id"):
        members.setdefault(branch_id, []).append(pid)
    adult = rules.add_months(today, -12 * 19)
    pool = [
        p
        for p in people
        if p.political_status not in (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY)
        and p.birth_date is not None
        and p.birth_date < adult
    ]
    by_dept = {}
    for p in pool:
        by_dept.setdefault(p.department_id, []).append(p)
    taken = set(Admission.objects.values_list("person_id", flat=True))
    rows, links = [], []
    for branch in branches:
        full = members.get(branch.pk, [])
        candidates = [p for p in by_dept.get(branch.serves_id, []) if p.pk not in taken]
        rng.shuffle(candidates)
        if len(full) < 2 or not candidates:
            continue
        for status, n in PLAN:
            for _ in range(n):
                if not candidates:
                    break
                person = candidates.pop()
                taken.add(person.pk)
                d = _dates(rng, status, today)
                a = Admission(person=person, branch=branch, status=status, **d)
                if d.get("training_end"):
                    a.training_hours = Decimal(24)
                rows.append(a)
                links.append(rng.sample(full, 2))
    with transaction.atomic():
        bulk.insert(rows)
        contacts = Admission.contacts.through
        sponsors = Admission.sponsors.through
        contact_rows, sponsor_rows, reviews, events = [], [], [], []
        for a, pair in zip(rows, links, strict=True):
            if a.activist_on:
                contact_rows.append(contacts(admission_id=a.pk, person_id=pair[0]))
            if a.sponsored_on:
                sponsor_rows += [sponsors(admission_id=a.pk, person_id=p) for p in pair]
            lasts = {}
            for start, until, probation in (
                (a.activist_on, a.candidate_on or today, False),
                (a.admitted_on, today, True),
            ):
                day = start and rules.add_months(start, policy.review_months)
                while day and day <= until and day < today:
                    reviews.append(
                        Review(
                            admission=a,
                            probation=probation,
                            reviewed_on=day,
                            note=rng.choice(REVIEWS),
                        )
                    )
                    lasts[probation] = day
                    day = rules.add_months(day, policy.review_months)
            last = lasts.get(a.status == S.PROBATIONARY)
            a.next_step, a.next_due = rules.next_step(a, policy, last_review=last, vote_on=None)
            events += _events(rng, a)
        bulk.insert(contact_rows)
        bulk.insert(sponsor_rows)
        bulk.insert(reviews)
        bulk.insert(events)
        bulk.update(Admission, rows, ["next_step", "next_due"])
        probationary = [a for a in rows if a.status == S.PROBATIONARY]
        bulk.insert(
            [
                PartyMembership(
                    person_id=a.person_id,
                    branch=a.branch,
                    kind=MemberKind.PROBATIONARY,
                    joined_on=a.admitted_on,
                )
                for a in probationary
            ]
        )
        Person.objects.filter(pk__in=[a.person_id for a in probationary]).update(
            political_status=PoliticalStatus.PROBATIONARY
        )
    return {"admissions": len(rows), "reviews": len(reviews)}


def _events(rng, a) -> list[AdmissionEvent]:
    """The record's timeline as the services write it, one row per step taken."""
    steps = [
        (A.APPLY, "", S.APPLICANT, a.applied_on, ""),
        (A.TALK, S.APPLICANT, S.APPLICANT, a.talked_on, rng.choice(TALKS)),
        (A.ACTIVIST, S.APPLICANT, S.ACTIVIST, a.activist_on, ""),
        (A.CANDIDATE, S.ACTIVIST, S.CANDIDATE, a.candidate_on, ""),
        (A.POLITICAL, S.CANDIDATE, S.CANDIDATE, a.political_on, "政治审查合格"),
        (A.TRAINING, S.CANDIDATE, S.CANDIDATE, a.training_end, ""),
        (A.PUBLICITY, S.CANDIDATE, S.CANDIDATE, a.publicity_start, ""),
        (A.APPROVE, S.ADMIT_PENDING, S.PROBATIONARY, a.admitted_on, ""),
    ]
    tz = timezone.get_current_timezone()
    out = []
    for action, source, target, day, note in steps:
        if day is None:
            continue
        at = timezone.datetime.combine(day, timezone.datetime.min.time(), tzinfo=tz)
        on_time = True if action == A.TALK else None
        out.append(
            AdmissionEvent(
                admission=a,
                action=action,
                from_status=source,
                to_status=target,
                at=at + timedelta(hours=10),
                day=day,
                note=note,
                on_time=on_time,
            )
        )
    return out
