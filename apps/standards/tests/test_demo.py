"""The demo seeder on the small company: monthly rounds since January, 达标率 rising from about
85% to about 95% by July (the speech's figures), read back through the selectors."""

import random
from datetime import datetime

from django.utils import timezone

from apps.orgs.demo import seed_demo
from apps.orgs.models import OrgUnit
from apps.standards import selectors
from apps.standards.demo import ITEMS, seed
from apps.standards.models import BranchReview, Checklist, ReviewItem, ReviewRound
from apps.supervision.models import SupervisedItem


def test_checklist_has_a_hundred_points():
    assert sum(p for _g, _t, p, *_rest in ITEMS) == 100
    assert len({g for g, *_rest in ITEMS}) >= 5 and len(ITEMS) >= 25


def test_seed_small(db, django_assert_max_num_queries):
    built = seed_demo(people=500, seed=7, logins=True)
    root = next(u for u in built.units if u.depth == 1)
    now = timezone.make_aware(datetime(2026, 12, 1, 0, 0))
    stats = seed(
        rng=random.Random(7),
        company_root=root,
        people=built.people,
        units=built.units,
        now=now,
        count=1,
    )
    branches = OrgUnit.objects.filter(kind="branch").count()
    assert stats["rounds"] == ReviewRound.objects.count() == 11
    assert BranchReview.objects.count() == 11 * branches
    assert ReviewItem.objects.count() == 11 * branches * len(ITEMS)
    checklist = Checklist.objects.get(year=2026)
    assert checklist.total_points == 100 and checklist.threshold == 90
    data = selectors.figures(user=built.logins["dangwei"], year=2026)
    rates = [t["rate"] for t in data["trend"]]
    assert 80 <= rates[0] <= 88, rates
    assert all(92 <= r <= 97 for r in rates[6:10]), rates
    assert rates[0] < rates[6]
    # Passed means finalized at or above the threshold; the registered judges were asked.
    assert not BranchReview.objects.filter(passed=True, score__lt=90).exists()
    assert ReviewItem.objects.filter(judged=True).exists()
    # The latest round is in progress: open self-checks are supervised.
    assert data["current"] is not None
    open_reviews = BranchReview.objects.filter(status__in=("draft", "returned")).count()
    assert SupervisedItem.objects.filter(kind="standard_review").count() == open_reviews > 0
