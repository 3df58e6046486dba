"""Demo surveys: a 职工满意度测评 and a 思想动态调查 of the whole company in the last year, closed,
with about four in five invitees answering. Everything is bulk-inserted in the anonymity
schema: invitations carry the opening day only, responses a random key, the department (or the
company, for a department of fewer than five) and the answers."""

import random
from collections import Counter
from datetime import timedelta

from django.db import transaction

from apps.core import bulk

from .choices import QuestionKind, SurveyStatus
from .models import MIN_GROUP, Invitation, Question, Response, Survey
from .presets import SATISFACTION, THOUGHT
from .tallies import tally_rebuild

# How the scores of a department lean: most are content, a few less so.
LEANINGS = ((2, 4, 14, 45, 35), (3, 7, 22, 43, 25), (6, 12, 30, 35, 17))
TEXTS = {
    "satisfaction": (
        "希望食堂夜班延长供餐时间,增加夜宵品种。",
        "宿舍热水供应不稳定,希望尽快维修。",
        "通勤班车发车时间和交接班时间对不上,建议调整。",
        "希望多组织技能培训,给一线职工更多晋升机会。",
        "急难愁盼问题反映后处理及时,点赞。",
        "建议薪酬向一线倒班岗位倾斜。",
        "劳保用品发放要更及时,手套质量有待提高。",
        "希望多开展文体活动,丰富业余生活。",
        "职工书屋开放时间太短,希望延长。",
        "食堂饭菜价格上涨,希望保持平价。",
    ),
    "thought": (
        "企业改革涉及岗位调整,希望提前和职工沟通。",
        "倒班作息不规律,身体有些吃不消。",
        "子女上学问题让人操心,希望工会帮助协调。",
        "班组氛围很好,大家互相帮助。",
        "绩效考核细则不够透明,希望公开。",
        "收入增长跟不上物价,压力较大。",
        "希望多听听一线职工的意见,定期开座谈会。",
        "新入职职工适应慢,建议安排师傅带教。",
        "安全生产压力大,希望加强培训。",
    ),
}


def _score(rng, leaning) -> int:
    return rng.choices(range(1, 6), weights=leaning)[0]


def _answer(rng, question: Question, leaning, texts) -> object:
    kind, n = question.kind, len(question.options)
    if kind == QuestionKind.SCALE:
        return _score(rng, leaning)
    if kind == QuestionKind.MATRIX:
        return [_score(rng, leaning) for _row in question.rows]
    if kind == QuestionKind.SINGLE:
        # the first options are the common answers
        return rng.choices(range(n), weights=[n - i + 1 for i in range(n)])[0]
    if kind == QuestionKind.MULTIPLE:
        return sorted(rng.sample(range(n), rng.randint(1, min(3, n))))
    return rng.choice(texts) if rng.random() < 0.3 else None


def _survey(rng, preset, *, audience, opens_at, people, dept_size, root_id) -> int:
    survey = Survey.objects.create(
        title=f"{opens_at.year}年{preset.title}",
        intro=preset.intro,
        kind=preset.kind,
        audience=audience,
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=14),
        status=SurveyStatus.CLOSED,
        counts_for_satisfaction=preset.counts_for_satisfaction,
    )
    questions = bulk.insert(preset.build(survey))
    day = opens_at.date()
    leanings = {}
    invitations, responses = [], []
    for person in people:
        answered = rng.random() < 0.82
        invitations.append(
            Invitation(survey=survey, person_id=person.pk, answered_on=day if answered else None)
        )
        if not answered:
            continue
        dept = person.department_id
        leaning = leanings.setdefault(dept, rng.choice(LEANINGS))
        answers = {}
        for q in questions:
            value = _answer(rng, q, leaning, TEXTS[preset.key])
            if value is not None:
                answers[str(q.pk)] = value
        unit = dept if dept and dept_size[dept] >= MIN_GROUP else root_id
        responses.append(Response(survey=survey, unit_id=unit, answers=answers))
    # The responses go in shuffled: their order says nothing about the invitations'.
    rng.shuffle(responses)
    bulk.insert(invitations)
    bulk.insert(responses)
    tally_rebuild(survey)
    return len(responses)


def seed(*, rng: random.Random, company_root, people, units, now, count: int) -> dict:
    if not people:
        return {"surveys": 0, "responses": 0}
    dept_size = Counter(p.department_id for p in people)
    made = 0
    with transaction.atomic():
        for preset, days_ago in ((SATISFACTION, rng.randint(40, 80)), (THOUGHT, 200)):
            made += _survey(
                rng,
                preset,
                audience=company_root,
                opens_at=now - timedelta(days=days_ago),
                people=people,
                dept_size=dept_size,
                root_id=company_root.pk,
            )
    return {"surveys": 2, "responses": made}
