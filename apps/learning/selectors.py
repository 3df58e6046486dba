"""Reads of 学习教育: always through visible_to(user); out of scope is a 404."""

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from apps.accounts.models import RoleAssignment, User
from apps.core.figures import percent
from apps.core.selectors import get_or_not_found
from apps.orgs.choices import ADMIN_KINDS
from apps.orgs.models import OrgUnit, Person
from apps.orgs.scope import subtree_q, units_reached

from .audience import ON_DUTY, audience_people
from .choices import EssayStatus, QuizKind
from .models import (
    Attempt,
    Course,
    CourseAssignment,
    CourseStart,
    EssayContest,
    EssayScore,
    EssaySubmission,
    LearningSettings,
    Material,
    MaterialProgress,
    Question,
    QuestionBank,
    QuestionImport,
    Quiz,
    StudyRecord,
    audience_q,
)

STEP = OrgUnit.steplen
SUMMARY_TTL = 60


def _tenths(value) -> Decimal:
    """Hours to one decimal place (SQLite sums decimals without their scale)."""
    return Decimal(value or 0).quantize(Decimal("0.1"))


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


# --- courses ----------------------------------------------------------------------------------


def course_list(*, user):
    return Course.objects.visible_to(user).select_related("unit")


def course_get(*, user, pk: int) -> Course:
    return get_or_not_found(course_list(user=user).select_related("quiz"), pk)


def my_finished(*, user, courses) -> set[int]:
    """Which of these courses the user has completed."""
    if user.person_id is None:
        return set()
    return set(
        StudyRecord.objects.filter(
            person_id=user.person_id, course_id__in=[c.pk for c in courses]
        ).values_list("course_id", flat=True)
    )


def material_get(*, user, pk: int) -> Material:
    """A material of a course the user sees (the course's audience rule)."""
    return get_or_not_found(
        Material.objects.visible_to(user).select_related("course__quiz", "attachment"), pk
    )


def study_share() -> int:
    """The share (%) of a course's hours that must pass after its materials were first opened."""
    return LearningSettings.current().study_share


def study_needed(course) -> timedelta:
    """How long after first opening the materials the course may be credited."""
    return timedelta(seconds=math.ceil(course.hours * 3600 * study_share() / 100))


def course_status(*, person, course, now: datetime | None = None) -> dict:
    """What the learner still owes the course: materials not done, the check quiz not passed,
    and the study time (`ready_at`: when the hours may be credited)."""
    material_ids = list(course.materials.values_list("pk", flat=True))
    record = StudyRecord.objects.filter(person=person, course=course).first()
    if record is not None:  # completed: every material counts as studied, later ones too
        return {"done": set(material_ids), "left": 0, "quiz_passed": True, "record": record,
                "can_complete": False, "ready_at": None, "time_left": False}  # fmt: skip
    done = set(
        MaterialProgress.objects.filter(person=person, material_id__in=material_ids).values_list(
            "material_id", flat=True
        )
    )
    quiz_passed = course.quiz_id is None or (
        Attempt.objects.filter(quiz_id=course.quiz_id, person=person, passed=True).exists()
    )
    needed = study_needed(course)
    opened_at = (
        CourseStart.objects.filter(person=person, course=course)
        .values_list("opened_at", flat=True)
        .first()
    )
    ready_at = opened_at + needed if opened_at is not None and needed else None
    time_left = bool(needed) and (ready_at is None or (now or timezone.now()) < ready_at)
    return {
        "done": done,
        "left": len(set(material_ids) - done),
        "quiz_passed": quiz_passed,
        "record": None,
        "can_complete": not set(material_ids) - done and quiz_passed and not time_left,
        "started": opened_at is not None,
        "ready_at": ready_at,
        "needed_minutes": math.ceil(needed.total_seconds() / 60),
        "time_left": time_left,
    }


def my_required(*, user) -> list[dict]:
    """The required courses assigned to the user, soonest deadline first, with whether done."""
    if user.person_id is None:
        return []
    rows = list(
        CourseAssignment.objects.filter(audience_q(user), course__deleted_at__isnull=True)
        .select_related("course")
        .order_by("due_on", "pk")[:100]
    )
    done = dict(
        StudyRecord.objects.filter(
            person_id=user.person_id, course_id__in={r.course_id for r in rows}
        ).values_list("course_id", "completed_at")
    )
    today = timezone.localdate()
    return [
        {
            "assignment": r,
            "course": r.course,
            "done_at": done.get(r.course_id),
            "overdue": r.course_id not in done and r.due_on < today,
        }
        for r in rows
    ]


def my_hours(*, user, year: int) -> dict:
    """The user's credited hours in a year, by quarter, and the records behind them."""
    if user.person_id is None:
        return {"quarters": [], "total": Decimal(0), "records": []}
    records = StudyRecord.objects.filter(
        person_id=user.person_id,
        completed_at__gte=day_start(date(year, 1, 1)),
        completed_at__lt=day_start(date(year + 1, 1, 1)),
    )
    quarters = []
    for q in range(1, 5):
        start, end = quarter_bounds(year, q)
        quarters.append(
            {
                "quarter": q,
                "hours": _tenths(
                    records.filter(
                        completed_at__gte=day_start(start), completed_at__lt=day_start(end)
                    ).aggregate(h=Sum("hours"))["h"]
                ),
            }
        )
    return {
        "quarters": quarters,
        "total": _tenths(sum(q["hours"] for q in quarters)),
        "records": list(records.select_related("course").order_by("-completed_at")[:200]),
    }


def assignment_list(*, user):
    return CourseAssignment.objects.visible_to(user).select_related("course", "unit")


def assignment_get(*, user, pk: int) -> CourseAssignment:
    return get_or_not_found(assignment_list(user=user), pk)


def assignments_managed(*, user):
    """The assignments of the units the user's roles reach (a learner sees theirs on the
    course page)."""
    return CourseAssignment.objects.managed_by(user).select_related("course", "unit")


def assignment_progress(*, assignment: CourseAssignment) -> dict:
    """How many of the people it is for have completed the course (ever, and by the deadline)."""
    people = audience_people(assignment.unit, assignment.audience)
    records = StudyRecord.objects.filter(
        course_id=assignment.course_id, person_id__in=people.values("pk")
    )
    total = people.count()
    counts = records.aggregate(
        done=Count("pk"),
        on_time=Count(
            "pk", filter=Q(completed_at__lt=day_start(assignment.due_on + timedelta(days=1)))
        ),
    )
    return {
        "total": total,
        "done": counts["done"],
        "on_time": counts["on_time"],
        "rate": percent(counts["done"], total),
    }


def assignment_by_unit(*, assignment: CourseAssignment) -> list[dict]:
    """Completion of a required course in each child unit of the unit it was assigned to (people
    counted in their team, else department), or by department for a party unit's members. Two
    queries."""
    unit = assignment.unit
    width = len(unit.path) + STEP
    if unit.kind in ADMIN_KINDS:
        home = Substr(Coalesce("team__path", "department__path"), 1, width)
    else:  # a party unit's members sit in departments elsewhere in the forest: by department
        home = F("department__path")
    people = audience_people(unit, assignment.audience)
    finished = StudyRecord.objects.filter(course_id=assignment.course_id).values("person_id")
    counts = {
        row["p"]: row
        for row in people.annotate(p=home)
        .values("p")
        .order_by()
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(pk__in=finished)))
    }
    names = dict(OrgUnit.objects.filter(path__in=list(counts)).values_list("path", "name"))
    return sorted(
        (
            {
                "name": names.get(path, "—"),
                "people": row["n"],
                "done": row["done"],
                "rate": percent(row["done"], row["n"]),
            }
            for path, row in counts.items()
            if path
        ),
        key=lambda r: (r["rate"] if r["rate"] is not None else 101, r["name"]),
    )


def assignment_unfinished(*, assignment: CourseAssignment):
    """The people it is for who have not completed the course (for the unit's cadres)."""
    finished = StudyRecord.objects.filter(course_id=assignment.course_id).values("person_id")
    return (
        audience_people(assignment.unit, assignment.audience)
        .exclude(pk__in=finished)
        .select_related("department", "team")
        .order_by("department__path", "employee_no")
    )


def required_course_finishers(*, start: datetime, end: datetime):
    """理论教育覆盖率 source: people who completed a required course in [start, end)."""
    required = CourseAssignment.objects.values("course_id")
    return (
        StudyRecord.objects.filter(
            completed_at__gte=start, completed_at__lt=end, course_id__in=required
        )
        .values("person_id")
        .distinct()
    )


# --- unit summaries ---------------------------------------------------------------------------


def summary_units(*, user):
    """The companies, departments and teams a cadre may summarise (their scope)."""
    return units_reached(user, kinds=ADMIN_KINDS).only("pk", "name", "path", "depth")


def unit_summary(*, unit: OrgUnit, start: date, end: date) -> dict:
    """Study of each child unit of `unit` in [start, end): people on duty, learners (of them,
    those who completed at least one course there), their share, hours credited and hours per
    person. Two grouped queries, cached a minute."""
    key = f"learning:summary:{unit.pk}:{start}:{end}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    width = len(unit.path) + STEP
    children = list(
        OrgUnit.objects.alive()
        .filter(subtree_q(unit.path), depth=unit.depth + 1, kind__in=ADMIN_KINDS)
        .order_by("path")
        .values("pk", "name", "path")
    )
    # A person counts in their team when they have one, else in their department: the same
    # unit their study records carry.
    home = Coalesce("team__path", "department__path")
    people = dict(
        Person.objects.filter(status__in=ON_DUTY)
        .filter(subtree_q(unit.path, "department__path") | subtree_q(unit.path, "team__path"))
        .annotate(p=Substr(home, 1, width))
        .values("p")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("p", "n")
    )
    study = {
        row["p"]: row
        for row in StudyRecord.objects.filter(
            subtree_q(unit.path, "unit__path"),
            completed_at__gte=day_start(start),
            completed_at__lt=day_start(end),
            person__status__in=ON_DUTY,
        )
        .annotate(p=Substr("unit__path", 1, width))
        .values("p")
        .order_by()
        .annotate(
            hours=Sum("hours"), learners=Count("person_id", distinct=True), records=Count("pk")
        )
    }
    rows = []
    for child in [*children, {"pk": unit.pk, "name": unit.name, "path": unit.path, "own": 1}]:
        n = people.get(child["path"], 0)
        s = study.get(child["path"], {})
        if child.get("own") and not n and not s:
            continue
        hours = _tenths(s.get("hours"))
        rows.append(
            {
                "unit_id": child["pk"],
                "name": child["name"],
                "own": bool(child.get("own")),
                "people": n,
                "learners": s.get("learners", 0),
                "rate": percent(s.get("learners", 0), n),
                "records": s.get("records", 0),
                "hours": hours,
                "per_person": (hours / n).quantize(Decimal("0.1")) if n else None,
            }
        )
    total_people = sum(r["people"] for r in rows)
    total_learners = sum(r["learners"] for r in rows)
    total_hours = sum((r["hours"] for r in rows), Decimal(0))
    result = {
        "rows": rows,
        "people": total_people,
        "learners": total_learners,
        "rate": percent(total_learners, total_people),
        "hours": total_hours,
        "per_person": (total_hours / total_people).quantize(Decimal("0.1"))
        if total_people
        else None,
    }
    cache.set(key, result, SUMMARY_TTL)
    return result


def hours_ranking(*, user, unit: OrgUnit, start: date, end: date, limit: int = 20):
    """Individuals by hours in the period — only where an admin has switched rankings on."""
    if not LearningSettings.current().rank_individuals:
        return None
    return list(
        StudyRecord.objects.visible_to(user)
        .filter(
            subtree_q(unit.path, "unit__path"),
            completed_at__gte=day_start(start),
            completed_at__lt=day_start(end),
        )
        .values("person_id", "person__name", "unit__name")
        .order_by()
        .annotate(hours=Sum("hours"), courses=Count("pk"))
        .order_by("-hours", "person_id")[:limit]
    )


# --- banks ------------------------------------------------------------------------------------


def bank_list(*, user):
    return (
        QuestionBank.objects.visible_to(user)
        .select_related("unit")
        .annotate(n=Count("questions", filter=Q(questions__deleted_at__isnull=True)))
    )


def bank_get(*, user, pk: int) -> QuestionBank:
    return get_or_not_found(QuestionBank.objects.visible_to(user).select_related("unit"), pk)


def question_list(*, user, bank=None):
    qs = Question.objects.visible_to(user).select_related("bank")
    return qs.filter(bank=bank) if bank is not None else qs


def import_get(*, user, pk: int) -> QuestionImport:
    return get_or_not_found(
        QuestionImport.objects.visible_to(user).filter(created_by=user).select_related("bank"), pk
    )


# --- quizzes ----------------------------------------------------------------------------------


def quiz_list(*, user):
    return Quiz.objects.visible_to(user).select_related("unit")


def quiz_get(*, user, pk: int) -> Quiz:
    return get_or_not_found(quiz_list(user=user), pk)


def quizzes_managed(*, user):
    """The quizzes of the units the user's roles reach (a course's check quiz is one of them)."""
    return Quiz.objects.managed_by(user).select_related("unit")


def my_attempts(*, user, quiz: Quiz) -> list[Attempt]:
    if user.person_id is None:
        return []
    return list(Attempt.objects.filter(quiz=quiz, person_id=user.person_id).order_by("number"))


def best_scores(*, quiz_id: int, person_ids) -> dict[int, Decimal]:
    """Each person's score in their best graded attempt of a quiz (server-timed, graded once):
    what another area reads when its written round is held in a quiz (竞聘's 笔试, a
    contest's theory round)."""
    return dict(
        Attempt.objects.filter(
            quiz_id=quiz_id, is_best=True, score__isnull=False, person_id__in=list(person_ids)
        ).values_list("person_id", "score")
    )


def attempt_get(*, user, pk: int) -> Attempt:
    """An attempt is its taker's; cadres who manage the quiz see it too."""
    return get_or_not_found(
        Attempt.objects.visible_to(user).select_related("quiz__unit", "person", "unit"), pk
    )


def attempt_questions(attempt: Attempt) -> list:
    """The questions of an attempt in the order drawn (deleted ones too: they were seen)."""
    found = Question.all_objects.in_bulk(attempt.question_ids)
    return [found[q] for q in attempt.question_ids if q in found]


def ranking_visible(quiz: Quiz) -> bool:
    """Contests rank by nature; a quiz only where an admin switched it on."""
    return quiz.kind == QuizKind.CONTEST or quiz.show_ranking


def ranking(*, quiz: Quiz, unit_id: int | None = None):
    """Each person's best attempt, by score then time: overall, or within one unit. Attempts
    handed in implausibly fast are not ranked (`flagged_attempts` lists them)."""
    qs = Attempt.objects.filter(quiz=quiz, is_best=True, too_fast=False).select_related(
        "person", "unit"
    )
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("-score", "duration_seconds", "submitted_at", "pk")


def min_seconds_per_question() -> int:
    """Below this many seconds per question an attempt is too fast to rank (0: no check)."""
    return LearningSettings.current().min_seconds_per_question


def flagged_attempts(*, quiz: Quiz):
    """Attempts handed in faster than the minimum time per question, for the organiser."""
    return (
        Attempt.objects.filter(quiz=quiz, too_fast=True)
        .select_related("person", "unit")
        .order_by("duration_seconds", "pk")
    )


def ranking_units(*, quiz: Quiz) -> list[dict]:
    """Units by their people's average best score (then by how many took part)."""
    return list(
        Attempt.objects.filter(quiz=quiz, is_best=True, too_fast=False)
        .values("unit_id", "unit__name")
        .order_by()
        .annotate(
            takers=Count("pk"),
            passed=Count("pk", filter=Q(passed=True)),
            avg=Sum("score") / Count("pk"),
        )
        .order_by("-avg", "-takers", "unit_id")
    )


def quiz_stats(*, quiz: Quiz) -> dict:
    stats = Attempt.objects.filter(quiz=quiz, is_best=True).aggregate(
        takers=Count("pk"), passed=Count("pk", filter=Q(passed=True)), total=Sum("score")
    )
    stats["flagged"] = Attempt.objects.filter(quiz=quiz, too_fast=True).count()
    return stats


# --- essay contests ---------------------------------------------------------------------------


def essay_list(*, user):
    return EssayContest.objects.visible_to(user).select_related("unit")


def essay_get(*, user, pk: int) -> EssayContest:
    return get_or_not_found(essay_list(user=user), pk)


def judge_candidates(*, user):
    """The judges a cadre may name: active users holding a role on a unit the cadre reaches."""
    grants = RoleAssignment.objects.visible_to(user).values("user_id")
    return User.objects.filter(is_active=True, pk__in=grants)


def my_entry(*, user, contest: EssayContest) -> EssaySubmission | None:
    if user.person_id is None:
        return None
    return EssaySubmission.objects.filter(contest=contest, person_id=user.person_id).first()


def my_score(*, user, entry: EssaySubmission) -> EssayScore | None:
    return EssayScore.objects.filter(submission=entry, judge=user).first()


def mark_my_scores(*, user, entries) -> None:
    """Set `my_score` on each entry: the judge's own score of it, or None."""
    scored = dict(
        EssayScore.objects.filter(judge=user, submission__in=[e.pk for e in entries]).values_list(
            "submission_id", "score"
        )
    )
    for entry in entries:
        entry.my_score = scored.get(entry.pk)


def essay_blind(*, user, contest: EssayContest) -> bool:
    """Review is blind: a judge sees no author's name or unit until the results are out."""
    return contest.status != EssayStatus.PUBLISHED and contest.judges.filter(pk=user.pk).exists()


def missing_scores(contest: EssayContest) -> list[tuple[EssaySubmission, list]]:
    """Each entry still lacking a judge's score, with those judges (a judge's own entry is not
    theirs to score). Three queries."""
    judges = list(contest.judges.filter(is_active=True).order_by("pk"))
    entries = list(EssaySubmission.objects.filter(contest=contest).order_by("submitted_at", "pk"))
    scored = set(
        EssayScore.objects.filter(submission__in=entries).values_list("submission_id", "judge_id")
    )
    missing = []
    for entry in entries:
        lacking = [
            j for j in judges if (entry.pk, j.pk) not in scored and j.person_id != entry.person_id
        ]
        if lacking:
            missing.append((entry, lacking))
    return missing


def submission_list(*, user, contest: EssayContest):
    return (
        EssaySubmission.objects.visible_to(user)
        .filter(contest=contest)
        .select_related("person", "unit", "attachment")
    )


def submission_get(*, user, pk: int) -> EssaySubmission:
    return get_or_not_found(
        EssaySubmission.objects.visible_to(user).select_related(
            "contest", "person", "unit", "attachment"
        ),
        pk,
    )
