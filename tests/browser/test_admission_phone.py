"""发展党员 on a phone: a branch secretary opens the board, finds the applicant whose talk is
recorded, and names him an activist with his 培养联系人 — one stage on, in a few taps at 375 px,
the console clean."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_secretary_moves_a_person_one_stage_on_a_phone(open_page, company_live):
    from apps.admission import services
    from apps.admission.models import Admission

    company = company_live
    person = company.people["zhigong"]
    person.birth_date = date(1998, 6, 1)
    person.save()
    today = timezone.localdate()
    shuji = company.users["shuji"]
    admission = services.admission_apply(
        actor=shuji, person=person, branch=company.units["branch1"],
        applied_on=today - timedelta(days=20),
    )  # fmt: skip
    services.admission_talk(
        actor=shuji, admission=admission, talked_on=today - timedelta(days=10),
        note="入党动机端正",
    )  # fmt: skip

    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "shuji")
    page.goto("/admission/")
    fits(page)
    card = page.get_by_test_id("cards").get_by_role("link", name=re.compile("张伟"))
    expect(card).to_contain_text("支委会确定积极分子")
    card.click()
    page.get_by_test_id("step-activist").click()
    fits(page)
    page.get_by_label("支委会决定日期").fill(today.isoformat())
    page.get_by_label("培养联系人工号").fill("10001")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "admission-activist.png"), full_page=True)
    page.get_by_role("button", name="确定为入党积极分子").click()
    page.wait_for_url(re.compile(rf"/admission/{admission.pk}/$"))
    expect(page.get_by_test_id("next")).to_contain_text("半年考察")
    fits(page)
    assert Admission.objects.get().status == "activist"
    assert not console.errors
