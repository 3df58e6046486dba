"""问卷调查 on a phone: an employee opens 待答问卷, answers every kind of question with big
touch targets, submits once; the survey leaves the list and its page says it was answered.
Everything fits 375 px; the console stays clean."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_employee_answers_a_survey_on_a_phone(open_page, company_live):
    from apps.surveys.models import Invitation, Response
    from apps.surveys.tests.factories import make_survey

    survey = make_survey(company_live)
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "zhigong")
    page.goto("/surveys/mine/")
    fits(page)
    page.get_by_test_id("survey-card").filter(has_text=survey.title).click()
    page.wait_for_url(f"**/surveys/{survey.pk}/answer/")
    fits(page)
    page.locator("label.form-selectgroup-item", has_text="差").click()
    page.locator("label.form-selectgroup-item", has_text="薪酬").click()
    page.locator("label.form-selectgroup-item", has_text="安全").click()
    box = page.locator("label.form-selectgroup-item", has_text="4")
    assert box.bounding_box()["height"] >= 44  # a thumb hits it
    box.click()
    page.get_by_label("4. 建议").fill("多组织技能培训")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "surveys-answer.png"), full_page=True)
    page.get_by_role("button", name="提交答卷").click()
    page.wait_for_url("**/surveys/mine/")
    expect(page.get_by_test_id("empty")).to_be_visible()
    fits(page)
    page.goto(f"/surveys/{survey.pk}/answer/")
    expect(page.get_by_test_id("answered")).to_be_visible()
    response = Response.objects.get()
    questions = [str(pk) for pk in survey.questions.values_list("pk", flat=True)]
    assert response.answers == {
        questions[0]: 1,
        questions[1]: [0, 2],
        questions[2]: 4,
        questions[3]: "多组织技能培训",
    }
    person = company_live.people["zhigong"]
    assert Invitation.objects.get(survey=survey, person=person).answered_on is not None
    assert console.errors == []
