import random

import pytest
from django.utils import timezone

from apps.integrity import demo, services
from apps.integrity.models import KeyPost, Pledge, Report, RiskPoint
from apps.orgs.models import OrgUnit, Person

pytestmark = pytest.mark.django_db


def _seed(company):
    return demo.seed(
        rng=random.Random(1),
        company_root=company.units["company"],
        people=list(Person.objects.all()),
        units=list(OrgUnit.objects.all()),
        now=timezone.now(),
        count=6,
    )


def test_the_demo_fills_posts_and_risks_and_no_reports_without_a_jiwei(company):
    made = _seed(company)
    assert made["key_posts"] == KeyPost.objects.count() == 6
    assert made["risk_points"] == RiskPoint.objects.count() == 12
    assert made["pledges"] == Pledge.objects.count() > 0
    assert made["reports"] == 0 and not Report.objects.exists()


def test_the_demo_seals_reports_to_an_existing_jiwei(company, jiwei):
    made = _seed(company)
    assert made["reports"] == Report.objects.count() == 3
    key, private = services.handler_unlock(actor=jiwei, passphrase="correct horse battery")
    texts = [
        services.report_open(actor=jiwei, report=r, key=key, private=private)["report"]["text"]
        for r in Report.objects.all()
    ]
    assert sorted(texts) == sorted(demo.REPORT_TEXTS)
