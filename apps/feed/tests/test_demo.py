import random
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from apps.feed.choices import PostKind
from apps.feed.demo import seed
from apps.feed.models import Comment, Post
from apps.orgs.models import OrgUnit, Person


def test_seed_small(company):
    now = timezone.now()
    stats = seed(
        rng=random.Random(7),
        company_root=company.units["company"],
        people=list(Person.objects.all()),
        units=list(OrgUnit.objects.all()),
        now=now,
        count=300,
    )
    assert stats["posts"] == Post.objects.count() == 300
    kinds = dict(Post.objects.values_list("kind").annotate(n=Count("pk")))
    assert set(kinds) == set(PostKind.values)
    assert kinds[PostKind.PROGRESS] > kinds[PostKind.CASE] > 0
    # One plan per unit and period at most.
    plans = Post.objects.filter(kind=PostKind.PLAN)
    assert plans.values("unit", "period_kind", "period_start").distinct().count() == plans.count()
    assert Post.objects.filter(kind=PostKind.CASE, featured=True, tags__isnull=False).exists()
    assert Comment.objects.count() == stats["comments"] > 0
    for post in Post.objects.filter(comment_count__gt=0)[:20]:
        assert post.comment_count == Comment.objects.filter(post=post).count()
    assert not Post.objects.filter(published_at__gt=now).exists()
    assert not Post.objects.filter(published_at__lt=now - timedelta(days=380)).exists()
    # The seeded rows read back through the pages' selectors: an employee sees company posts.
    zhigong = Post.objects.visible_to(company.users["zhigong"]).count()
    assert Post.objects.filter(audience="company").count() <= zhigong < 300
