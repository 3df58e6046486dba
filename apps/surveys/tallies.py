"""The running counts behind a survey's results (`Tally`): what one answer sheet adds, kept in
the submit's transaction. Recounting every sheet on each new answer took seconds at 40,000
answers; the results now read one row per unit and key."""

from collections import Counter

from django.db.models import F

from .choices import QuestionKind
from .models import SCALE_MAX, SCALE_MIN, Tally

SHEETS = "*"
SCALE = range(SCALE_MIN, SCALE_MAX + 1)


def question_keys(question) -> list[str]:
    """Every key a question can add to: answered, and each option, score or matrix cell."""
    q = str(question.pk)
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        values = [str(i) for i in range(len(question.options))]
    elif question.kind == QuestionKind.SCALE:
        values = [str(s) for s in SCALE]
    elif question.kind == QuestionKind.MATRIX:
        values = [f"{i}:{s}" for i in range(len(question.rows)) for s in SCALE]
    else:
        values = []
    return [q, *(f"{q}:{v}" for v in values)]


def sheet_keys(questions, answers: dict) -> list[str]:
    """The keys one (cleaned) sheet adds one to: each distinct, so one UPDATE counts them."""
    keys = [SHEETS]
    for question in questions:
        q = str(question.pk)
        value = answers.get(q)
        if value is None:
            continue
        keys.append(q)
        if question.kind == QuestionKind.MATRIX:
            keys += [f"{q}:{i}:{s}" for i, s in enumerate(value)]
        elif question.kind != QuestionKind.TEXT:
            keys += [f"{q}:{v}" for v in sorted(set(value if isinstance(value, list) else [value]))]
    return keys


def tally_add(*, survey, questions, unit_id: int, answers: dict) -> None:
    """Count one sheet (inside the submit's transaction): one UPDATE, unless it is the unit's
    first sheet. The unit's rows are then made all at once (at count 0, the options nobody
    picked too), so no row's existence says what that first sheet said."""
    rows = Tally.objects.filter(
        survey=survey, unit_id=unit_id, key__in=sheet_keys(questions, answers)
    )
    if rows.update(count=F("count") + 1):
        return
    keys = [SHEETS, *(k for q in questions for k in question_keys(q))]
    Tally.objects.bulk_create(
        [Tally(survey=survey, unit_id=unit_id, key=k) for k in keys], ignore_conflicts=True
    )
    rows.update(count=F("count") + 1)


def tally_rows(model, survey, questions, sheets) -> list:
    """The `model` rows (the tally model, or its migration-time copy) counting `sheets`, pairs
    of (unit id, answers): every key of every unit that has a sheet."""
    all_keys = [SHEETS, *(k for q in questions for k in question_keys(q))]
    counts = Counter()
    for unit_id, answers in sheets:
        counts.update((unit_id, k) for k in sheet_keys(questions, answers))
    units = sorted({u for u, _k in counts})
    return [
        model(survey_id=survey.pk, unit_id=u, key=k, count=counts[u, k])
        for u in units
        for k in all_keys
    ]


def tally_rebuild(survey) -> None:
    """Count every sheet of a survey again from its responses (seeded sheets)."""
    sheets = survey.responses.values_list("unit_id", "answers").iterator()
    rows = tally_rows(Tally, survey, list(survey.questions.all()), sheets)
    Tally.objects.filter(survey=survey).delete()
    Tally.objects.bulk_create(rows, batch_size=2000)


def tally_read(survey) -> dict[int, Counter]:
    """Per unit, its counts by key (one query)."""
    by_unit: dict[int, Counter] = {}
    for unit_id, key, count in Tally.objects.filter(survey=survey).values_list(
        "unit_id", "key", "count"
    ):
        by_unit.setdefault(unit_id, Counter())[key] = count
    return by_unit
