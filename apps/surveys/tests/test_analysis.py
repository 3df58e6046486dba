"""Cross-tab, keywords and the Excel export: every group under five answers hidden, and nothing
in the workbook that joins a person to an answer."""

from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.errors import DomainError
from apps.surveys import selectors, services

from .factories import add_prod_people, answers, make_survey


def _answer(survey, person, **kw):
    actor = SimpleNamespace(person_id=person.pk)
    services.answer_submit(actor=actor, survey=survey, answers=answers(survey, **kw))


@pytest.fixture
def answered(company):
    """Twelve answers: 好 × 8 (scores 5,5,5,5,5,4,4,4), 差 × 4 (scores 2,2,2,1): average 44 / 12."""
    people = add_prod_people(company, 12)
    survey = make_survey(company)
    sheets = [(0, 5)] * 5 + [(0, 4)] * 3 + [(1, 2)] * 3 + [(1, 1)]
    texts = [
        "食堂饭菜价格太高",
        "食堂夜班供餐时间短",
        "希望增加技能培训",
        "班车时间不合适",
        "食堂菜品少",
    ]
    for n, (person, (single, scale)) in enumerate(zip(people, sheets, strict=True)):
        text = texts[n] if n < len(texts) else ""
        _answer(survey, person, single=single, multiple=(0,), scale=scale, text=text)
    return survey


def test_the_crosstab_hides_cells_under_five(company, answered):
    q = list(answered.questions.all())
    tab = selectors.survey_crosstab(
        user=company.users["dangwei"], survey=answered, rows=q[0].pk, columns=q[2].pk
    )
    assert (tab.rows, tab.columns) == (["好", "差"], ["1", "2", "3", "4", "5"])
    # 好 × 4 分 = 3, 差 × 2 分 = 3 and 差 × 1 分 = 1 are hidden; 好 × 5 分 = 5 is hidden too:
    # beside it 差 × 5 分 = 0 would be the 5-分 chart count (5) minus 5 (test_small_cells).
    assert tab.cells == [[None] * 5, [None] * 5]


def test_the_crosstab_needs_two_different_choice_questions(company, answered):
    q = list(answered.questions.all())
    for rows, columns in ((q[0].pk, q[0].pk), (q[0].pk, q[3].pk), (q[0].pk, 999_999)):
        with pytest.raises(DomainError) as e:
            selectors.survey_crosstab(
                user=company.users["dangwei"], survey=answered, rows=rows, columns=columns
            )
        assert "交叉分析请选择两道不同的单选、多选或打分题" in str(e.value.message)


def test_the_keywords_of_the_open_answers(company, answered):
    words = dict(selectors.survey_keywords(user=company.users["dangwei"], survey=answered))
    assert words["食堂"] == 3
    assert "希望" not in words and "的" not in words  # stopwords
    assert all(len(w) > 1 for w in words)


def test_four_open_answers_give_no_keywords(company):
    people = add_prod_people(company, 5)
    survey = make_survey(company)
    for n, person in enumerate(people):
        _answer(survey, person, text="食堂饭菜" if n < 4 else "")
    assert selectors.survey_keywords(user=company.users["dangwei"], survey=survey) == []


def test_the_results_page_shows_the_crosstab_and_keywords(client, login, company, answered):
    q = list(answered.questions.all())
    login("dangwei")
    url = reverse("surveys:results", args=[answered.pk])
    page = client.get(url, {"rows": q[0].pk, "columns": q[2].pk}).content.decode()
    assert 'data-testid="crosstab"' in page and 'data-testid="keywords"' in page
    assert page.count("&lt;5") == 10  # every cell: the one of 5 covers a hidden 0 (see above)
    refused = client.get(url, {"rows": q[0].pk, "columns": q[0].pk})
    assert refused.status_code == 400
    assert "交叉分析请选择两道不同的单选、多选或打分题" in refused.content.decode()


def test_the_export_has_the_figures_and_no_person(client, login, company, answered):
    login("dangwei")
    response = client.get(reverse("surveys:export", args=[answered.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["概况", "各题统计", "按单位", "开放题", "关键词"]
    cells = [
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    ]
    people = company.people.values()
    for person in people:
        assert person.name not in cells and person.employee_no not in cells
    stats = list(wb["各题统计"].iter_rows(values_only=True))
    assert ("1. 食堂", "好", 8, None) in stats and ("3. 总体打分", "平均分", None, 3.67) in stats
    units = list(wb["按单位"].iter_rows(values_only=True))
    assert units[1:] == [("生产部", 12, 3.67)]
    texts = [row[1] for row in wb["开放题"].iter_rows(min_row=2, values_only=True)]
    assert texts == sorted(texts) and len(texts) == 5  # sorted: not in the order answered


def test_an_export_of_four_answers_holds_only_the_counts(client, login, company):
    people = add_prod_people(company, 4)
    survey = make_survey(company)
    for person in people:
        _answer(survey, person, text="食堂饭菜")
    login("dangwei")
    wb = load_workbook(BytesIO(client.get(reverse("surveys:export", args=[survey.pk])).content))
    assert len(list(wb["各题统计"].iter_rows())) == 1  # the header only
    assert len(list(wb["开放题"].iter_rows())) == 1
    assert ("说明", "答卷不足 5 份,不显示") in list(wb["概况"].iter_rows(values_only=True))


def test_an_employee_gets_no_results(client, login, company, answered):
    login("zhigong")
    for name in ("results", "export"):
        assert client.get(reverse(f"surveys:{name}", args=[answered.pk])).status_code == 404
