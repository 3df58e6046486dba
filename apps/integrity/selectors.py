"""Reads of 党风廉政, always through visible_to: a report exists only for the 纪委 that reaches
its unit (anyone else gets a 404), a key post and its risk points for the cadres of its unit."""

from django.db.models import Count, Q

from apps.core.errors import CoreError

from .models import (
    AccessEntry,
    HandlerKey,
    KeyPost,
    Pledge,
    PostHolding,
    Report,
    ReportEvent,
    ReportFile,
    RiskPoint,
    Talk,
)


def report_list(*, user):
    return Report.objects.visible_to(user).select_related("unit")


def report_get(*, user, pk: int) -> Report:
    row = Report.objects.visible_to(user).select_related("unit").filter(pk=pk).first()
    if row is None:
        raise CoreError.NOT_FOUND()
    return row


def report_file_get(*, user, report: Report, pk: int) -> ReportFile:
    row = ReportFile.objects.visible_to(user).filter(report=report, pk=pk).first()
    if row is None:
        raise CoreError.NOT_FOUND()
    return row


def talk_list(*, user):
    return (
        Talk.objects.visible_to(user)
        .select_related("person", "unit", "created_by")
        .defer("body", "keys")
    )


def talk_get(*, user, pk: int) -> Talk:
    row = Talk.objects.visible_to(user).select_related("person", "unit", "created_by")
    row = row.filter(pk=pk).first()
    if row is None:
        raise CoreError.NOT_FOUND()
    return row


def report_events(report: Report):
    return ReportEvent.objects.filter(report=report).select_related("actor").order_by("on", "pk")


def report_counts(qs) -> dict[str, int]:
    return dict(qs.order_by().values_list("status").annotate(n=Count("pk")))


def handler_key(user) -> HandlerKey | None:
    return HandlerKey.objects.filter(user=user).first()


def other_handlers(*, user):
    """Handlers with a key whose reports this handler could open to them."""
    return HandlerKey.objects.exclude(user=user).select_related("user")


def access_list(*, user):
    return (
        AccessEntry.objects.visible_to(user)
        .select_related("user", "report", "talk__person")
        .defer("report__body", "report__keys", "talk__body", "talk__keys")
        .order_by("-seq")
    )


def access_verify() -> dict:
    """Walk the whole chain in order: the first row whose stored digest, or whose link to the
    row before, does not match its recomputed value is where it was altered (or a row went)."""
    prev, count = None, 0
    for entry in AccessEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        expected_prev = prev.digest if prev else "0" * 64
        expected_seq = prev.seq + 1 if prev else 1
        if (
            entry.prev_digest != expected_prev
            or entry.seq != expected_seq
            or entry.digest != entry.compute_digest()
        ):
            return {"ok": False, "count": count, "bad_seq": entry.seq}
        prev = entry
    return {"ok": True, "count": count, "bad_seq": None}


def key_post_list(*, user):
    return (
        KeyPost.objects.visible_to(user)
        .select_related("category", "unit")
        .annotate(
            risk_count=Count("risks", filter=Q(risks__deleted_at=None), distinct=True),
            holder_count=Count("holdings", filter=Q(holdings__until=None), distinct=True),
        )
    )


def key_post_get(*, user, pk: int) -> KeyPost:
    row = KeyPost.objects.visible_to(user).select_related("category", "unit").filter(pk=pk).first()
    if row is None:
        raise CoreError.NOT_FOUND()
    return row


def holdings_of(post: KeyPost):
    return PostHolding.objects.filter(post=post, until=None).select_related("person")


def risk_list(*, user):
    return RiskPoint.objects.visible_to(user).select_related(
        "post__unit", "post__category", "owner"
    )


def risk_get(*, user, pk: int) -> RiskPoint:
    row = risk_list(user=user).filter(pk=pk).first()
    if row is None:
        raise CoreError.NOT_FOUND()
    return row


def pledge_list(*, user):
    return Pledge.objects.visible_to(user).select_related("person", "unit")


def my_pledge(*, user, year: int) -> Pledge | None:
    if not user.person_id:
        return None
    return Pledge.objects.filter(person_id=user.person_id, year=year).first()


def risk_chart(qs) -> dict:
    """Risk points by key-post category and level, stacked; each bar links to its rows."""
    from django.urls import reverse

    from apps.core import charts

    from .choices import RiskLevel
    from .models import PostCategory

    counts = {
        (cat, level): n
        for cat, level, n in qs.order_by()
        .values_list("post__category", "level")
        .annotate(n=Count("pk"))
    }
    cats = list(PostCategory.objects.filter(active=True).order_by("order", "name"))
    base = reverse("integrity:risk_list")
    colours = {
        RiskLevel.HIGH: charts.RED,
        RiskLevel.MEDIUM: charts.ORANGE,
        RiskLevel.LOW: charts.GREEN,
    }
    return charts.bars(
        [c.name for c in cats],
        [
            {
                "name": str(level.label),
                "data": [counts.get((c.pk, level.value), 0) for c in cats],
                "links": [f"{base}?category={c.pk}&level={level.value}" for c in cats],
                "colour": colours[level],
            }
            for level in RiskLevel
        ],
        stacked=True,
    )
