"""Quiz and contest results' columns: every graded attempt, ranked by score then time; an
attempt handed in implausibly fast has no rank and is marked for the organiser to check.
apps.core.exports writes the file."""

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exports import yes_no

from .models import Attempt


def results_rows(quiz):
    """The graded attempts in ranking order: the best of each person first, fast ones last."""
    return (
        Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False)
        .select_related("person", "unit")
        .order_by("too_fast", "-is_best", "-score", "duration_seconds", "submitted_at", "pk")
    )


def ranker():
    """A `prepare` that numbers the ranked attempts (each person's best, not too fast) across
    the chunks, in the rows' order."""
    rank = 0

    def prepare(chunk) -> None:
        nonlocal rank
        for a in chunk:
            ranked = a.is_best and not a.too_fast
            rank += ranked
            a.rank = rank if ranked else ""

    return prepare


def columns():
    return [
        (_("名次"), lambda a, now: a.rank),
        (_("工号"), lambda a, now: a.person.employee_no),
        (_("姓名"), lambda a, now: a.person.name),
        (_("单位"), lambda a, now: a.unit.name),
        (_("第几次"), lambda a, now: a.number),
        (_("得分"), lambda a, now: float(a.score or 0)),
        (_("答对"), lambda a, now: a.correct_count),
        (_("题数"), lambda a, now: len(a.question_ids)),
        (_("用时(秒)"), lambda a, now: a.duration_seconds),
        (_("及格"), lambda a, now: yes_no(a.passed)),
        (
            _("交卷时间"),
            lambda a, now: timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M:%S"),
        ),
        (_("最好成绩"), lambda a, now: _("是") if a.is_best else ""),
        (_("用时过短"), lambda a, now: _("是,未计入排名") if a.too_fast else ""),
    ]
