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


# --- 廉政教育 coverage (§2) --------------------------------------------------------------------


def _year_range(year: int):
    from datetime import datetime

    from django.utils import timezone

    start = timezone.make_aware(datetime(year, 1, 1))
    return start, timezone.make_aware(datetime(year + 1, 1, 1))


def education_coverage(*, user, year: int) -> dict:
    """Who must take 廉政教育 this year — the holders of key posts and the cadres (people holding
    a cadre role other than system administrator), among the people `user` sees — and who did:
    finished a learning course of theme 廉政教育, or took part in (or made up) a meeting whose
    kind counts as 廉政教育, within the year. By department and by key post; a constant number
    of queries whatever the size."""
    from apps.accounts.choices import Role
    from apps.learning.choices import Theme
    from apps.learning.models import Course, StudyRecord
    from apps.meetings.choices import ATTENDED, MakeupStatus
    from apps.meetings.models import Attendance
    from apps.orgs.menu import CADRE_ROLES
    from apps.orgs.models import Person

    people = Person.objects.visible_to(user)
    # The posts in scope first, then which holders the user sees: both subqueries in one
    # statement made SQLite scan people per holding (6.5 s on the 50,000-people bench).
    holdings = list(
        PostHolding.objects.filter(
            until=None,
            post__deleted_at=None,
            post__in=KeyPost.objects.visible_to(user),
        )
        .order_by("post__unit__path", "post__name")
        .values_list("post_id", "post__name", "post__unit__name", "person_id")
    )
    seen = set(people.filter(pk__in={h[3] for h in holdings}).values_list("pk", flat=True))
    holdings = [h for h in holdings if h[3] in seen]
    cadre_roles = [r for r in CADRE_ROLES if r != Role.SYSTEM_ADMIN]
    cadres = set(
        people.filter(user__role_assignments__role__in=cadre_roles).values_list("pk", flat=True)
    )
    required = cadres | {h[3] for h in holdings}
    start, end = _year_range(year)
    studied = set(
        StudyRecord.objects.filter(
            # the courses by a subquery: a join on the theme scanned the year's records (0.35 s)
            course__in=Course.objects.filter(theme=Theme.INTEGRITY).values("pk"),
            completed_at__gte=start,
            completed_at__lt=end,
            person_id__in=required,
        ).values_list("person_id", flat=True)
    )
    met = set(
        Attendance.objects.filter(
            meeting__kind__integrity_education=True,
            meeting__deleted_at=None,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
            person_id__in=required,
        )
        .filter(Q(status__in=ATTENDED) | Q(makeup_status=MakeupStatus.DONE))
        .values_list("person_id", flat=True)
    )
    covered = (studied | met) & required
    units: dict[int, dict] = {}
    for pk, dept_id, dept_name, path in Person.objects.filter(pk__in=required).values_list(
        "pk", "department_id", "department__name", "department__path"
    ):
        row = units.setdefault(
            dept_id,
            {"id": dept_id, "name": dept_name, "path": path, "required": 0, "covered": 0},
        )
        row["required"] += 1
        row["covered"] += pk in covered
    posts: dict[int, dict] = {}
    for post_id, name, unit_name, person_id in holdings:
        row = posts.setdefault(
            post_id,
            {"id": post_id, "name": name, "unit": unit_name, "required": 0, "covered": 0},
        )
        row["required"] += 1
        row["covered"] += person_id in covered
    for row in [*units.values(), *posts.values()]:
        row["missing"] = row["required"] - row["covered"]
        row["rate"] = round(100 * row["covered"] / row["required"]) if row["required"] else 0
    return {
        "year": year,
        "required": len(required),
        "covered": len(covered),
        "rate": round(100 * len(covered) / len(required)) if required else 0,
        "units": sorted(units.values(), key=lambda r: r["path"] or ""),
        "posts": list(posts.values()),
        "_required": required,
        "_covered": covered,
        "_holdings": holdings,
    }


def education_missing(coverage: dict, *, unit_id: int | None = None, post_id: int | None = None):
    """The people behind a figure who have not taken 廉政教育 this year: of a department, of a
    key post, or all."""
    from apps.orgs.models import Person

    missing = coverage["_required"] - coverage["_covered"]
    if post_id is not None:
        missing &= {h[3] for h in coverage["_holdings"] if h[0] == post_id}
    qs = Person.objects.filter(pk__in=missing)
    if unit_id is not None:
        qs = qs.filter(department_id=unit_id)
    return qs.select_related("department").order_by("department__path", "name")


def education_chart(coverage: dict) -> dict:
    """Covered and missing by department, stacked; each bar links to its people."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from apps.core import charts

    base = reverse("integrity:education")
    rows = coverage["units"]
    year = coverage["year"]
    return charts.bars(
        [r["name"] for r in rows],
        [
            {
                "name": _("已参加"),
                "data": [r["covered"] for r in rows],
                "links": [f"{base}?year={year}&unit={r['id']}" for r in rows],
                "colour": charts.GREEN,
            },
            {
                "name": _("未参加"),
                "data": [r["missing"] for r in rows],
                "links": [f"{base}?year={year}&unit={r['id']}" for r in rows],
                "colour": charts.RED,
            },
        ],
        stacked=True,
        horizontal=True,
    )
