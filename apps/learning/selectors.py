"""Reads of 学习教育: always through visible_to(user); out of scope is a 404."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from apps.core.errors import NotFound
from apps.core.figures import percent
from apps.core.scope import scope_of, subtree_q
from apps.orgs.choices import ADMIN_KINDS
from apps.orgs.models import OrgUnit, Person

from .audience import ON_DUTY, audience_people
from .choices import QuizKind
from .models import (
    Attempt,
    Course,
    CourseAssignment,
    EssayContest,
    EssaySubmission,
    LearningSettings,
    Question,
    QuestionBank,
    QuestionImport,
    Quiz,
    StudyRecord,
    audience_q,
)

STEP = OrgUnit.steplen
SUMMARY_TTL = 60


def _get(qs, pk):
    row = qs.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


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
    return _get(course_list(user=user).select_related("quiz"), pk)


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
    return _get(assignment_list(user=user), pk)


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
    scope = scope_of(user)
    qs = OrgUnit.objects.alive().filter(kind__in=ADMIN_KINDS).only("pk", "name", "path", "depth")
    if scope.everything:
        return qs
    cond = Q(pk__in=[])
    for prefix in scope.prefixes:
        cond |= subtree_q(prefix)
    return qs.filter(cond)


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
    return _get(QuestionBank.objects.visible_to(user).select_related("unit"), pk)


def question_list(*, user, bank=None):
    qs = Question.objects.visible_to(user).select_related("bank")
    return qs.filter(bank=bank) if bank is not None else qs


def import_get(*, user, pk: int) -> QuestionImport:
    return _get(
        QuestionImport.objects.visible_to(user).filter(created_by=user).select_related("bank"), pk
    )


# --- quizzes ----------------------------------------------------------------------------------


def quiz_list(*, user):
    return Quiz.objects.visible_to(user).select_related("unit")


def quiz_get(*, user, pk: int) -> Quiz:
    return _get(quiz_list(user=user), pk)


def my_attempts(*, user, quiz: Quiz) -> list[Attempt]:
    if user.person_id is None:
        return []
    return list(Attempt.objects.filter(quiz=quiz, person_id=user.person_id).order_by("number"))


def attempt_get(*, user, pk: int) -> Attempt:
    """An attempt is its taker's; cadres who manage the quiz see it too."""
    return _get(Attempt.objects.visible_to(user).select_related("quiz__unit", "person", "unit"), pk)


def attempt_questions(attempt: Attempt) -> list:
    """The questions of an attempt in the order drawn (deleted ones too: they were seen)."""
    found = Question.all_objects.in_bulk(attempt.question_ids)
    return [found[q] for q in attempt.question_ids if q in found]


def ranking_visible(quiz: Quiz) -> bool:
    """Contests rank by nature; a quiz only where an admin switched it on."""
    return quiz.kind == QuizKind.CONTEST or quiz.show_ranking


def ranking(*, quiz: Quiz, unit_id: int | None = None):
    """Each person's best attempt, by score then time: overall, or within one unit."""
    qs = Attempt.objects.filter(quiz=quiz, is_best=True).select_related("person", "unit")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("-score", "duration_seconds", "submitted_at", "pk")


def ranking_units(*, quiz: Quiz) -> list[dict]:
    """Units by their people's average best score (then by how many took part)."""
    return list(
        Attempt.objects.filter(quiz=quiz, is_best=True)
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
    return Attempt.objects.filter(quiz=quiz, is_best=True).aggregate(
        takers=Count("pk"), passed=Count("pk", filter=Q(passed=True)), total=Sum("score")
    )


# --- essay contests ---------------------------------------------------------------------------


def essay_list(*, user):
    return EssayContest.objects.visible_to(user).select_related("unit")


def essay_get(*, user, pk: int) -> EssayContest:
    return _get(essay_list(user=user), pk)


def submission_list(*, user, contest: EssayContest):
    return (
        EssaySubmission.objects.visible_to(user)
        .filter(contest=contest)
        .select_related("person", "unit", "attachment")
    )


def submission_get(*, user, pk: int) -> EssaySubmission:
    return _get(
        EssaySubmission.objects.visible_to(user).select_related(
            "contest", "person", "unit", "attachment"
        ),
        pk,
    )
