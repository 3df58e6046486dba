"""A hidden cell of the cross-tab (or a hidden unit of the by-unit table) can not be worked out
from what is shown: neither by subtracting the shown cells from a row or column total (the
per-question charts give those totals), nor by chaining such subtractions, nor by any other
table that fits the shown figures (an exhaustive search on small tables)."""

import random
from collections import Counter
from types import SimpleNamespace

import pytest

from apps.surveys import selectors, services
from apps.surveys.choices import QuestionKind
from apps.surveys.tallies import sheet_keys

from .factories import add_prod_people, answers, make_survey

MIN = 5


def _margins(table):
    rows = [sum(r) for r in table]
    columns = [sum(r[j] for r in table) for j in range(len(table[0]))]
    return rows, columns


def _subtraction_attack(cells, rows, columns) -> dict:
    """What an attacker works out from the shown cells and the totals: a line with one unknown
    is its total minus the known cells; a line whose unknowns add up to 0 holds only zeros;
    repeated while anything new comes out (each result feeds the next line)."""
    known = {(i, j): n for i, row in enumerate(cells) for j, n in enumerate(row) if n is not None}
    shown = set(known)
    lines = [([(i, j) for j in range(len(columns))], rows[i]) for i in range(len(rows))]
    lines += [([(i, j) for i in range(len(rows))], columns[j]) for j in range(len(columns))]
    changed = True
    while changed:
        changed = False
        for line, total in lines:
            unknown = [c for c in line if c not in known]
            rest = total - sum(known[c] for c in line if c in known)
            if len(unknown) == 1 or (unknown and rest == 0):
                for c in unknown:
                    known[c] = rest if len(unknown) == 1 else 0
                changed = True
    return {c: n for c, n in known.items() if c not in shown}


def _possible_values(cells, rows, columns) -> dict:
    """Every value each hidden cell takes over all tables of counts ≥ 0 with the shown cells
    and these totals (exhaustive: the tables here are small)."""
    hidden = [(i, j) for i, row in enumerate(cells) for j, n in enumerate(row) if n is None]
    row_left = [
        t - sum(n for n in row if n is not None) for t, row in zip(rows, cells, strict=True)
    ]
    column_left = [
        t - sum(row[j] for row in cells if row[j] is not None) for j, t in enumerate(columns)
    ]
    seen = {c: set() for c in hidden}

    def fill(k, chosen):
        if k == len(hidden):
            if not any(row_left) and not any(column_left):
                for c, n in zip(hidden, chosen, strict=True):
                    seen[c].add(n)
            return
        i, j = hidden[k]
        for n in range(min(row_left[i], column_left[j]) + 1):
            row_left[i] -= n
            column_left[j] -= n
            fill(k + 1, [*chosen, n])
            row_left[i] += n
            column_left[j] += n

    fill(0, [])
    return seen


def _check(table, cells):
    rows, columns = _margins(table)
    for i, row in enumerate(table):
        for j, n in enumerate(row):
            if cells[i][j] is not None:
                assert cells[i][j] == n >= MIN  # a shown cell is true and at least five
    empty = {
        (i, j)
        for i in range(len(rows))
        for j in range(len(columns))
        if not rows[i] or not columns[j]
    }
    # Every hidden cell under five is hidden; a cell of an empty row or column is 0 by its
    # total alone (nobody is in it) and tells nothing about anyone.
    assert all(
        cells[i][j] is None for i, row in enumerate(table) for j, n in enumerate(row) if n < MIN
    )
    recovered = _subtraction_attack(cells, rows, columns)
    assert set(recovered) <= empty, recovered
    possible = _possible_values(cells, rows, columns)
    told = {c for c, values in possible.items() if len(values) == 1}
    assert told <= empty, told
    for (i, j), values in possible.items():
        assert table[i][j] in values


def test_naive_hiding_would_be_undone_by_subtraction():
    """The attack works on the old rule (hide under five only): it is a real attack."""
    table = [[9, 7, 2], [8, 6, 6], [5, 1, 8]]
    naive = [[n if n >= MIN else None for n in row] for row in table]
    assert _subtraction_attack(naive, *_margins(table)) == {(0, 2): 2, (2, 1): 1}


@pytest.mark.parametrize("seed", range(60))
def test_no_hidden_cell_can_be_worked_out_of_a_random_table(seed):
    rng = random.Random(seed)
    shape = (rng.randint(2, 4), rng.randint(2, 4))
    table = [
        [rng.choice((0, 1, 2, 3, 4, 5, 6, 8, 11)) for _ in range(shape[1])] for _ in range(shape[0])
    ]
    hidden = selectors.suppressed(table, MIN)
    cells = [
        [None if (i, j) in hidden else n for j, n in enumerate(r)] for i, r in enumerate(table)
    ]
    _check(table, cells)


def test_as_many_cells_as_possible_stay_shown():
    """Secondary suppression hides only what it must: a table with no small cell hides nothing,
    and a single small cell takes three more with it (the least a 2×2 cycle needs)."""
    assert selectors.suppressed([[9, 7], [8, 6]], MIN) == set()
    hidden = selectors.suppressed([[9, 7, 20], [8, 3, 30], [40, 50, 60]], MIN)
    assert len(hidden) == 4 and (1, 1) in hidden


def _answer(survey, person, extra, **kw):
    actor = SimpleNamespace(person_id=person.pk)
    sheet = {**answers(survey, **kw), **extra}
    services.answer_submit(actor=actor, survey=survey, answers=sheet)


def test_the_crosstab_of_a_survey_resists_the_attack_with_the_chart_totals(company):
    """Two three-option questions on 52 answers: 好/中/差 by 班组 satisfaction. The charts of the
    two questions give every row and column total; still no hidden cell comes out."""
    table = [[9, 7, 2], [8, 6, 6], [5, 1, 8]]
    survey = make_survey(company, open_it=False)
    admin = company.users["dangwei"]
    a = services.question_add(
        actor=admin,
        survey=survey,
        text="工作强度",
        kind=QuestionKind.SINGLE,
        options=["高", "中", "低"],
    )
    b = services.question_add(
        actor=admin,
        survey=survey,
        text="班组氛围",
        kind=QuestionKind.SINGLE,
        options=["好", "一般", "差"],
    )
    people = iter(add_prod_people(company, 52))
    survey = services.survey_open(actor=admin, survey=survey)
    for i, row in enumerate(table):
        for j, n in enumerate(row):
            for _ in range(n):
                _answer(survey, next(people), {str(a.pk): i, str(b.pk): j})
    user = company.users["dangwei"]
    tab = selectors.survey_crosstab(user=user, survey=survey, rows=a.pk, columns=b.pk)
    results = selectors.survey_results(user=user, survey=survey)
    charts = {q.question.pk: [n for _label, n in q.counts] for q in results.questions}
    assert (charts[a.pk], charts[b.pk]) == _margins(table)  # the attacker's totals
    assert tab.cells[0][2] is None and tab.cells[2][1] is None
    _check(table, tab.cells)
    shown = sum(n is not None for row in tab.cells for n in row)
    assert shown == 5  # of nine cells: the two small ones and two covers (7 and 8) are hidden
    assert tab.cells[0][1] is None and tab.cells[2][2] is None


def test_a_lone_small_unit_takes_the_next_smallest_with_it(company):
    """生产部 12 answers, 技术部 3: 技术部's average would be (overall × 15 − 生产部 × 12) / 3,
    so 生产部's is hidden too; with a third unit of 5 answers the two small ones (3 + 5 ≥ 5)
    hide together and the big one stays shown."""
    # each unit: (sheets, sheets answering the question)
    two = {10: (12, 12), 20: (3, 3)}

    def hidden(units):
        answered = {u: n for u, (_sheets, n) in units.items()}
        return selectors._units_hidden(answered, {u: s for u, (s, _n) in units.items()}, MIN)

    assert hidden(two) == {10, 20}
    assert hidden({**two, 30: (5, 5)}) == {20, 30}
    # Sheets that skip the question count as not answering it.
    assert hidden({10: (12, 12), 20: (8, 2)}) == {10, 20}


@pytest.mark.parametrize(
    "kind, values",
    [
        (QuestionKind.SINGLE, [0, 1, 1, 0]),
        (QuestionKind.MULTIPLE, [[0], [0, 1], [1], [1]]),
        (QuestionKind.SCALE, [5, 4, 1, 2]),
        (QuestionKind.MATRIX, [[5, 4], [1, 2], [3, 3], [2, 2]]),
        (QuestionKind.TEXT, ["食堂", "班车", "培训", "夜班"]),
    ],
)
def test_an_optional_question_answered_by_four_shows_only_that_count(kind, values):
    question = SimpleNamespace(pk=1, kind=kind, options=["是", "否"], rows=["食堂", "宿舍"])

    def result(values):
        counts = Counter(k for v in values for k in sheet_keys([question], {"1": v}))
        texts = sorted(values) if kind == QuestionKind.TEXT else ()
        return selectors._question_result(question, counts, MIN, texts)

    four = result(values)
    assert four.answered == 4
    assert (four.counts, four.average, four.texts, four.rows) == ([], None, [], [])
    shown = result([*values, values[0]])
    assert shown.counts or shown.texts or shown.rows


def test_the_results_page_marks_a_unit_hidden_for_the_small_one(client, login, company):
    """生产部 5 answers, the company's own 1: 生产部's average would tell the one answer, so the
    page shows a dash that says why."""
    from django.urls import reverse

    people = add_prod_people(company, 5)
    survey = make_survey(company)
    for person in people:
        _answer(survey, person, {}, scale=4)
    _answer(survey, company.people["tech_worker"], {}, scale=1)
    login("dangwei")
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "与其他单位合计可推算出小单位的结果,不显示" in page
    assert ">4.0<" not in page and ">4.00<" not in page
