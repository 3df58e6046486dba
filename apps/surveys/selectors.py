"""Reads of surveys. Results are figures over anonymous responses, and a group of fewer than
the survey's `min_group` answers shows no figure at all (decision 0007)."""

import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Func, Q, TextField

from apps.core.errors import NotFound
from apps.core.scope import reaches
from apps.orgs.models import OrgUnit

from .choices import CHOICE_KINDS, QuestionKind, SurveyStatus
from .errors import SurveyError
from .models import SCALE_MIN, Invitation, Question, Survey
from .tallies import SCALE, SHEETS, tally_read


def survey_get(*, user, pk: int) -> Survey:
    survey = Survey.objects.visible_to(user).select_related("audience").filter(pk=pk).first()
    if survey is None:
        raise NotFound()
    return survey


def survey_managed_get(*, user, pk: int) -> Survey:
    """A survey the user builds and reads the results of: one whose audience their roles
    reach (to someone only invited, it is not there)."""
    survey = Survey.objects.managed_by(user).select_related("audience").filter(pk=pk).first()
    if survey is None:
        raise NotFound()
    return survey


def question_get(*, survey: Survey, pk: int) -> Question:
    question = survey.questions.filter(pk=pk).first()
    if question is None:
        raise NotFound()
    question.survey = survey
    return question


def survey_counts(survey: Survey) -> dict:
    """Invited, answered and the answer sheets (the builder refuses edits from the first)."""
    counts = survey.invitations.aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered_on__isnull=False))
    )
    return {**counts, "responses": survey.responses.count()}


def surveys_to_answer(*, user):
    """The open surveys the user is invited to and has not answered yet."""
    person_id = getattr(user, "person_id", None)
    pending = Invitation.objects.filter(person_id=person_id, answered_on__isnull=True)
    return Survey.objects.filter(
        status=SurveyStatus.OPEN, pk__in=pending.values("survey_id")
    ).order_by("closes_at", "pk")


def surveys_managed(*, user):
    """The surveys whose audience the user's roles reach, each with `invited` and `answered`."""
    return (
        Survey.objects.managed_by(user)
        .select_related("audience")
        .annotate(
            invited=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__answered_on__isnull=False)),
        )
        .order_by("-opens_at", "-pk")
    )


def invitation_of(*, user, survey: Survey) -> Invitation | None:
    return Invitation.objects.filter(survey=survey, person_id=user.person_id).first()


@dataclass
class MatrixRow:
    text: str
    counts: list[int]  # answers scoring 1 … 5
    average: float | None


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)
    average: float | None = None
    texts: list[str] = field(default_factory=list)
    rows: list[MatrixRow] = field(default_factory=list)


@dataclass
class UnitResult:
    unit: OrgUnit
    responses: int
    averages: dict[int, float] | None  # None: fewer answers than the survey's min_group


@dataclass
class SurveyResults:
    survey: Survey
    invited: int
    responses: int
    hidden: bool  # fewer answers than min_group: nothing but the two counts is shown
    questions: list[QuestionResult]
    units: list[UnitResult]

    @property
    def rate(self) -> float:
        return round(100 * self.responses / self.invited, 1) if self.invited else 0.0


def _average(counts: list[int]) -> float | None:
    """The average score of the counts of scores 1 … 5."""
    n = sum(counts)
    return round(sum(s * c for s, c in zip(SCALE, counts, strict=True)) / n, 2) if n else None


def _question_result(question: Question, counts: Counter, min_group: int, texts=()):
    """A question's figures from its tallies (`counts`, summed over units) and, for open text,
    its answers in text order."""
    q = str(question.pk)
    result = QuestionResult(question=question, answered=counts[q])
    if result.answered < min_group:
        # An optional question fewer than min_group answered is a small group of its own: only
        # how many answered it is shown (its counts would be those few people's answers).
        return result
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        result.counts = [(text, counts[f"{q}:{i}"]) for i, text in enumerate(question.options)]
    elif question.kind == QuestionKind.SCALE:
        scores = [counts[f"{q}:{s}"] for s in SCALE]
        result.counts = [(str(s), n) for s, n in zip(SCALE, scores, strict=True)]
        result.average = _average(scores)
    elif question.kind == QuestionKind.MATRIX:
        pooled = [0] * len(SCALE)
        for i, text in enumerate(question.rows):
            scores = [counts[f"{q}:{i}:{s}"] for s in SCALE]
            pooled = [a + b for a, b in zip(pooled, scores, strict=True)]
            result.rows.append(MatrixRow(text, scores, _average(scores)))
        result.average = _average(pooled)
    else:
        result.texts = list(texts)
    return result


def _scores(counts: Counter, question: Question) -> list[int]:
    """The counts of scores 1 … 5 given to a scale or matrix question (a matrix's rows pooled)."""
    q = str(question.pk)
    if question.kind == QuestionKind.SCALE:
        return [counts[f"{q}:{s}"] for s in SCALE]
    return [sum(counts[f"{q}:{i}:{s}"] for i in range(len(question.rows))) for s in SCALE]


def survey_results(*, user, survey: Survey) -> SurveyResults:
    """Per question the counts (and the average of a scale), per unit the scale averages; a
    group under `min_group` answers is hidden, and open text is listed only from `min_group`
    answers on. Only cadres whose roles reach the audience see them; to an invited employee
    the results are not there (404)."""
    if not reaches(user, survey.audience):
        raise NotFound()
    # Answers are never edited: the count of them names the results' version (a page opened
    # twice between two answers reads the tallies once).
    key = f"surveys:results:{survey.pk}:{survey.min_group}:{survey.responses.count()}"
    return cache.get_or_set(key, lambda: _results(survey), KEYWORDS_CACHE_SECONDS)


class AnswerText(Func):
    """A sheet's answer to a question as text (a list or a number as its JSON), read by the
    database. Django's JSON key lookups
    take a key of digits (a question's id) for an array index, so the path is written here."""

    output_field = TextField()

    def __init__(self, question_id: int):
        self.question_id = int(question_id)
        super().__init__(F("answers"))

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"json_extract({sql}, %s)", (*params, f'$."{self.question_id}"')

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} ->> %s)", (*params, str(self.question_id))


def _decoded(value):
    """An answer as `AnswerText` reads it: SQLite gives a number as a number, a list (and, on
    PostgreSQL, everything) as its JSON text."""
    return json.loads(value) if isinstance(value, str) else value


def _text_counts(survey: Survey, question: Question):
    """A text question's distinct answers with how many gave each, in text order (the order of
    answering is not shown), grouped by the database."""
    return (
        survey.responses.annotate(text=AnswerText(question.pk))
        .filter(text__gt="")
        .values("text")
        .annotate(n=Count("pk"))
        .order_by("text")
        .values_list("text", "n")
    )


def _texts(survey: Survey, question: Question) -> list[str]:
    return [text for text, n in _text_counts(survey, question) for _ in range(n)]


def _results(survey: Survey) -> SurveyResults:
    questions = list(survey.questions.all())
    by_unit = tally_read(survey)
    total = sum(by_unit.values(), Counter())
    invited = survey.invitations.count()
    hidden = total[SHEETS] < survey.min_group
    results = SurveyResults(survey, invited, total[SHEETS], hidden, [], [])
    if hidden:
        return results
    for question in questions:
        texts = ()
        if question.kind == QuestionKind.TEXT and total[str(question.pk)] >= survey.min_group:
            texts = _texts(survey, question)
        results.questions.append(_question_result(question, total, survey.min_group, texts))
    sheets = {u: c[SHEETS] for u, c in by_unit.items() if c[SHEETS]}
    scales = [q for q in questions if q.kind in SCORED_KINDS]
    hidden = {
        q.pk: _units_hidden({u: by_unit[u][str(q.pk)] for u in sheets}, sheets, survey.min_group)
        for q in scales
    }
    for unit in OrgUnit.objects.filter(pk__in=sheets).order_by("path"):
        averages = None
        if sheets[unit.pk] >= survey.min_group:
            averages = {
                q.pk: None if unit.pk in hidden[q.pk] else _average(_scores(by_unit[unit.pk], q))
                for q in scales
            }
        results.units.append(UnitResult(unit, sheets[unit.pk], averages))
    return results


def _units_hidden(answered: dict[int, int], sheets: dict[int, int], min_group: int) -> set[int]:
    """The units whose average of a question is not shown, from each unit's sheets and those
    answering the question. The question's overall average and the units' answer counts are
    shown, so the hidden units together are a group whose average anyone can work out
    (total − the shown units): one hidden unit of 3 answers would be told exactly. So a unit
    under `min_group` answers is hidden, and then the next-smallest shown unit too, until the
    hidden units together hold `min_group` answers or none is left shown (secondary
    suppression, as in the cross-tab)."""
    hidden = {u for u, n in answered.items() if n < min_group or sheets[u] < min_group}
    shown = sorted((answered[u], u) for u in answered if u not in hidden)
    while shown and 0 < sum(answered[u] for u in hidden) < min_group:
        hidden.add(shown.pop(0)[1])
    return hidden


# --- cross-tab and keywords -------------------------------------------------------------------

SCORED_KINDS = (QuestionKind.SCALE, QuestionKind.MATRIX)
CROSSABLE_KINDS = (*CHOICE_KINDS, QuestionKind.SCALE)


def _categories(question: Question) -> list[str]:
    if question.kind == QuestionKind.SCALE:
        return [str(s) for s in SCALE]
    return list(question.options)


def _picked(question: Question, value) -> list[int]:
    """The category indexes one answer falls in (several for a multiple choice)."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [v - SCALE_MIN if question.kind == QuestionKind.SCALE else v for v in values]


@dataclass
class Crosstab:
    row_question: Question
    column_question: Question
    rows: list[str]
    columns: list[str]
    cells: list[list[int | None]]  # None: fewer answers than min_group, not shown

    @property
    def table(self):
        return list(zip(self.rows, self.cells, strict=True))


def crossable(survey: Survey) -> list[Question]:
    return [q for q in survey.questions.all() if q.kind in CROSSABLE_KINDS]


def survey_crosstab(*, user, survey: Survey, rows: int, columns: int) -> Crosstab:
    """How the answers to one choice (or scale) question split by the answers to another. A
    cell of fewer than `min_group` answers is hidden, and so are the cells that would let it be
    worked out from the row and column totals (`suppressed`); no totals are given here, but the
    per-question charts give them, so the cells are protected as if they were shown."""
    if not reaches(user, survey.audience):
        raise NotFound()
    questions = {q.pk: q for q in crossable(survey)}
    a, b = questions.get(rows), questions.get(columns)
    if a is None or b is None or a == b:
        raise SurveyError.NOT_CROSSABLE()
    # Answers are never edited: the count of them names the table's version.
    key = f"surveys:crosstab:{survey.pk}:{a.pk}:{b.pk}:{survey.responses.count()}"
    counts = cache.get_or_set(key, lambda: _pair_counts(survey, a, b), KEYWORDS_CACHE_SECONDS)
    row_labels, column_labels = _categories(a), _categories(b)
    table = [[counts[i, j] for j in range(len(column_labels))] for i in range(len(row_labels))]
    hidden = suppressed(table, survey.min_group)
    cells = [
        [None if (i, j) in hidden else n for j, n in enumerate(row)] for i, row in enumerate(table)
    ]
    return Crosstab(a, b, row_labels, column_labels, cells)


def _pair_counts(survey: Survey, a: Question, b: Question) -> Counter:
    """How many sheets fall in each pair of categories of `a` and `b`. The database groups the
    sheets by the pair of answers (a few dozen pairs, a multiple choice's list being one value),
    so no sheet is loaded here."""
    pairs = (
        survey.responses.values(a_value=AnswerText(a.pk), b_value=AnswerText(b.pk))
        .annotate(n=Count("pk"))
        .values_list("a_value", "b_value", "n")
    )
    counts = Counter()
    for a_value, b_value, n in pairs:
        for i in _picked(a, _decoded(a_value)):
            for j in _picked(b, _decoded(b_value)):
                counts[i, j] += n
    return counts


# --- small-cell protection ---------------------------------------------------------------------
#
# Hiding a cell of fewer than `min_group` answers is not enough when its row or column total is
# known — and the totals are known: they are the per-question chart counts. A row with exactly one
# hidden cell gives it away by subtraction (total − the shown cells), and so do longer chains
# (solve one line, then the next) and a line whose hidden cells must add up to 0. So a hidden cell
# is kept only if another table with the same shown cells and the same totals has a different
# count in it: there is a cycle through it, alternating rows and columns over hidden cells, along
# which one could move an answer (+1 / −1) without any cell going below 0. Every hidden cell
# without such a cycle gets more cells hidden (secondary suppression, the rule statistical
# offices use: "a row or column never has exactly one suppressed cell"): the smallest shown cell,
# or pair of cells, that gives it a cycle, until none is left exposed. Cells of a row or column
# nobody is in are 0 by that total alone: hidden, but they tell nothing about anyone, so they
# need no cover.


def _covered(cell, hidden: set, counts) -> bool:
    """Whether another table with the same totals differs in `cell`: a path from the cell's
    column back to its row alternating between hidden cells that gain an answer and hidden cells
    (of at least 1) that lose one, for the cell gaining or (if it is at least 1) losing one."""
    i, j = cell
    by_row, by_column = defaultdict(list), defaultdict(list)
    for r, c in hidden:
        if (r, c) != cell:
            by_row[r].append(c)
            by_column[c].append(r)
    for gains in (True, False):
        if not gains and counts[i][j] < 1:
            continue
        # The cell gains: its column needs a cell that loses (≥ 1), that cell's row one that
        # gains, …, back to row i through a cell that loses. The cell loses: the other way round.
        rows_seen, columns_seen, todo = set(), {j}, [j]
        while todo:
            c = todo.pop()
            for r in by_column[c]:
                if r in rows_seen or (gains and counts[r][c] < 1):
                    continue
                if r == i:
                    return True
                rows_seen.add(r)
                for c2 in by_row[r]:
                    if c2 not in columns_seen and (gains or counts[r][c2] >= 1):
                        columns_seen.add(c2)
                        todo.append(c2)
    return False


PAIR_CANDIDATES = 40


def _cover(exposed, guarded: set, shown: list, counts) -> set:
    """The cells to hide so that `exposed` gets a cycle: the smallest one that does, else the
    pair of least total that does, else the smallest of its row or column (and go on)."""
    single = next((c for c in shown if _covered(exposed, guarded | {c}, counts)), None)
    if single is not None:
        return {single}
    few = shown[:PAIR_CANDIDATES]  # the smallest cells: a wide table stays quick
    pairs = [
        (counts[a[0]][a[1]] + counts[b[0]][b[1]], a, b)
        for k, a in enumerate(few)
        for b in few[k + 1 :]
        if _covered(exposed, guarded | {a, b}, counts)
    ]
    if pairs:
        _total, a, b = min(pairs)
        return {a, b}
    i, j = exposed
    return {next((c for c in shown if c[0] == i or c[1] == j), shown[0])}


def suppressed(counts: list[list[int]], min_group: int) -> set[tuple[int, int]]:
    """The cells of a table to hide: every cell under `min_group`, and more until no hidden cell
    can be told from the row and column totals (see the comment above)."""
    n_rows, n_columns = len(counts), len(counts[0]) if counts else 0
    cells = [(i, j) for i in range(n_rows) for j in range(n_columns)]
    row_totals = [sum(row) for row in counts]
    column_totals = [sum(counts[i][j] for i in range(n_rows)) for j in range(n_columns)]
    hidden = {(i, j) for i, j in cells if counts[i][j] < min_group}
    empty = {(i, j) for i, j in cells if not row_totals[i] or not column_totals[j]}
    while True:
        guarded = hidden - empty
        exposed = next((c for c in sorted(guarded) if not _covered(c, guarded, counts)), None)
        shown = sorted((c for c in cells if c not in hidden), key=lambda c: (counts[c[0]][c[1]], c))
        if exposed is None or not shown:
            return hidden
        hidden |= _cover(exposed, guarded, shown, counts)


# Words that say nothing about what the answers are about.
STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 或 也 都 就 还 又 很 更 最 太 把 被 对
    给 让 向 从 到 为 以 等 着 过 吗 呢 吧 啊 我 我们 你 你们 他
    他们 她 它 大家 自己 这 那 这个 那个 这些 那些 这样 那样 什么 怎么
    如何 一个 一些 有 没有 没 不 能 能够 可以 应该 需要 希望 建议 意见
    要求 问题 进一步 加强 一下 比较 非常 有些 现在 目前 已经 还是 但是
    因为 所以 如果 而且 并且 以及 无 暂无 没什么 没有意见 谢谢 好 挺 多
    少""".split()
)
KEYWORDS_SHOWN = 30


def survey_keywords(*, user, survey: Survey, question: int | None = None) -> list[tuple[str, int]]:
    """The most frequent words (jieba, stopwords and single characters left out) of the open
    answers, of one text question or all; none when the texts are fewer than `min_group`
    (as on the results page, where such texts are not listed)."""
    if not reaches(user, survey.audience):
        raise NotFound()
    # Answers are never edited, so the count of them names the keywords' version: jieba runs
    # once per new answer count, not on every opening of the results page.
    key = f"surveys:keywords:{survey.pk}:{question or 0}:{survey.responses.count()}"
    return cache.get_or_set(key, lambda: _keywords(survey, question), KEYWORDS_CACHE_SECONDS)


KEYWORDS_CACHE_SECONDS = 24 * 3600


def _keywords(survey: Survey, question: int | None) -> list[tuple[str, int]]:
    texts = Counter()  # each distinct text with how many gave it: jieba cuts it once
    for q in survey.questions.all():
        if q.kind == QuestionKind.TEXT and (question is None or q.pk == question):
            texts.update(dict(_text_counts(survey, q)))
    if texts.total() < survey.min_group:
        return []
    import jieba  # loaded on first use: its dictionary is large and only this page needs it

    jieba.setLogLevel(logging.WARNING)
    words = Counter()
    for text, n in texts.items():
        for w in jieba.lcut(text):
            if len(w.strip()) > 1 and w not in STOPWORDS and not w.isdigit():
                words[w] += n
    return sorted(words.items(), key=lambda item: (-item[1], item[0]))[:KEYWORDS_SHOWN]
