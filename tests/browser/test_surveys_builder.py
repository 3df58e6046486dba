"""The survey builder on a phone: a 党委 cadre creates a survey, adds a single-choice and a
scale question, moves one, publishes, and after five answers reads the results with a
cross-tab; each page fits 375 px and the console stays clean."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_cadre_builds_a_survey_on_a_phone(open_page, company_live):
    from apps.surveys import services
    from apps.surveys.models import Survey
    from apps.surveys.tests.factories import add_prod_people

    people = add_prod_people(company_live, 5)
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "dangwei")
    page.goto("/surveys/")
    page.get_by_test_id("create").click()
    page.wait_for_url("**/surveys/new/")
    fits(page)
    page.get_by_label("标题").fill("班组食堂满意度")
    page.get_by_label("调查范围").select_option(label="\u3000生产部")
    opens = timezone.localtime() - timedelta(hours=1)
    page.get_by_label("开始时间").fill(opens.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="保存").click()
    survey = Survey.objects.get()
    page.wait_for_url(f"**/surveys/{survey.pk}/")
    expect(page.get_by_test_id("empty")).to_be_visible()
    fits(page)

    page.get_by_role("link", name="添加题目").click()
    page.get_by_label("题目").fill("食堂饭菜口味")
    page.get_by_label("题型").select_option("single")
    page.get_by_label("选项").fill("满意\n一般")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/surveys/{survey.pk}/")
    page.get_by_role("link", name="添加题目").click()
    page.get_by_label("题目").fill("总体打分")
    page.get_by_label("题型").select_option("single")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("单选题和多选题至少需要两个选项。")).to_be_visible()
    expect(page.get_by_label("题目")).to_have_value("总体打分")  # kept
    page.get_by_label("题型").select_option("scale")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/surveys/{survey.pk}/")
    page.get_by_role("button", name="上移").click()
    expect(page.get_by_test_id("question").first).to_contain_text("1. 总体打分")
    fits(page)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "surveys-builder.png"), full_page=True)
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_text("问卷已发布")).to_be_visible()
    survey.refresh_from_db()
    assert survey.status == "open" and survey.invitations.count() == 8
    assert [q.text for q in survey.questions.all()] == ["总体打分", "食堂饭菜口味"]
    fits(page)

    # Five answers: the results, their cross-tab and the export fit a phone too.
    scale, single = (str(pk) for pk in survey.questions.values_list("pk", flat=True))
    for n, person in enumerate(people):
        services.answer_submit(
            actor=SimpleNamespace(person_id=person.pk),
            survey=survey,
            answers={scale: 4 + n % 2, single: 0},
        )
    page.get_by_role("link", name="查看结果").click()
    expect(page.get_by_test_id("question-result")).to_have_count(2)
    page.get_by_label("行:按此题分组").select_option(label="2. 食堂饭菜口味")
    page.get_by_label("列:看此题的分布").select_option(label="1. 总体打分")
    page.get_by_role("button", name="分析").click()
    expect(page.get_by_test_id("crosstab")).to_contain_text("<5")
    fits(page)
    page.screenshot(path=str(RESULTS / "surveys-results.png"), full_page=True)
    # The one refusal above answers 400 on purpose; nothing else may fail.
    expected = ("/question/", "status of 400 (Bad Request)")
    assert [e for e in console.errors if not any(x in e for x in expected)] == []
