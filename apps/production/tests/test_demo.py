"""The demo seeder: two years of monthly figures per department, so 贡献度 has a year to compare."""

import random
from datetime import date

from django.utils import timezone

from apps.core import indicators
from apps.orgs.models import OrgUnit
from apps.production import demo
from apps.production.models import Figure


def test_demo_figures_per_department_and_a_contribution(company):
    units = list(OrgUnit.objects.all())
    now = timezone.now()
    made = demo.seed(
        rng=random.Random(1),
        company_root=company.units["company"],
        people=[],
        units=units,
        now=now,
        count=1,
    )
    assert made == {"figures": 3 * 24 * 5}  # 生产部, 安全部, 技术部 × 24 months × 5 measures
    assert not Figure.objects.filter(value__lt=0, measure__non_negative=True).exists()
    month = now.date().replace(day=1)
    got = indicators.get("production.contribution").fn(
        units=[company.units["company"]], start=month, end=date(month.year, month.month, 28)
    )
    assert got[company.units["company"].pk].denominator == 3 * 5
