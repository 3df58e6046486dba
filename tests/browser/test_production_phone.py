"""A unit's production page on a 375-px phone: the month charts draw beside the party-and-masses
work, nothing overflows, the console stays clean."""

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser


def test_unit_page_on_a_phone(open_page, company_live):
    from django.utils import timezone

    from apps.production.models import Figure, Measure
    from apps.production.selectors import last_months

    unit = company_live.units["prod"]
    # A live-server test's database is flushed between tests, taking the measures the data
    # migration seeds with it.
    output, _ = Measure.objects.get_or_create(
        code="output", defaults={"name": "产量", "unit_of_measure": "吨", "direction": "higher"}
    )
    Figure.objects.bulk_create(
        Figure(unit=unit, month=m, measure=output, value=1000 + 20 * i)
        for i, m in enumerate(last_months(timezone.localdate()))
    )
    page, console = open_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, "bumen")
    page.goto(f"/production/units/{unit.pk}/")
    expect(page.get_by_test_id("chart").locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("work")).to_contain_text("合理化建议核定效益")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not console.errors
