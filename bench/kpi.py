"""量化考核 at scale, on the bench database:

1. one quarter's scorecards for every 党支部 and 部门 of the large company, computed as the
   nightly task does (`period_compute` for each scheme's period), timed against 60 s, with the
   units and indicators counted; then the same quarter once more with every 班组 added (the
   部门 scheme's indicators over the teams, in a transaction rolled back at the end), the size
   the issue names (about 3,000 units);
2. the scorecard list /kpi/ (several filters and pages) and scorecards /kpi/<id>/ as the
   党群工作部 (`dangwei`, who sees every unit) opens them: p95 of N requests each against 150 ms,
   with the most queries a request made.

    python -m bench.kpi [requests]     (DJANGO_SETTINGS_MODULE and DATABASE_URL as in run.sh)

The recompute replaces the quarter's lines with the same values (an open period is recomputed
every night anyway); it changes nothing else.
"""

import random
import sys
import time

import django

from bench.timing import page_p95

COMPUTE_LIMIT = 60  # seconds for the whole quarter, both schemes
PAGE_LIMIT = 150  # ms, p95


def compute() -> list:
    """The latest finished quarter of each of this year's schemes, recomputed and timed."""
    from django.utils import timezone

    from apps.kpi.models import Period
    from apps.kpi.services import period_compute, period_units

    today = timezone.localdate()
    periods = []
    for kind in ("branch", "department"):
        period = (
            Period.objects.filter(scheme__unit_kind=kind, end__lt=today, status="open")
            .select_related("scheme")
            .order_by("-end")
            .first()
        )
        if period is not None:
            periods.append(period)
    if not periods:
        print("  (no finished open quarter in the bench database: seed it again)")
        return []
    total_units, started = 0, time.monotonic()
    for period in periods:
        items = period.scheme.items.count()
        units = len(period_units(period))
        t0 = time.monotonic()
        period_compute(period)
        seconds = time.monotonic() - t0
        total_units += units
        print(
            f"  {period.scheme.name} {period.start}—{period.end}: {units:,} units × "
            f"{items} indicators = {units * items:,} lines in {seconds:5.1f} s"
        )
    seconds = time.monotonic() - started
    verdict = "ok" if seconds <= COMPUTE_LIMIT else "OVER"
    print(
        f"  scorecards for one quarter: {total_units:,} units in {seconds:5.1f} s "
        f"(target ≤ {COMPUTE_LIMIT} s: {verdict})"
    )
    teams = with_teams(next((p for p in periods if p.scheme.unit_kind == "department"), None))
    if teams:
        units, team_seconds = teams
        total, seconds = total_units + units, seconds + team_seconds
        verdict = "ok" if seconds <= COMPUTE_LIMIT else "OVER"
        print(
            f"  with every 班组 too: {units:,} teams in {team_seconds:5.1f} s; {total:,} units "
            f"in {seconds:5.1f} s (target ≤ {COMPUTE_LIMIT} s: {verdict})"
        )
    return periods


def with_teams(period):
    """(teams, seconds) of the 部门 scheme's indicators computed over every 班组 for the
    period, in a transaction rolled back afterwards: nothing of it stays."""
    from django.db import transaction

    from apps.kpi.models import Period, Scheme, SchemeItem
    from apps.kpi.services import period_compute

    if period is None:
        return None
    with transaction.atomic():
        scheme = Scheme.objects.create(
            year=period.scheme.year, unit_kind="team", name="bench 班组", status="open"
        )
        SchemeItem.objects.bulk_create(
            SchemeItem(
                scheme=scheme,
                indicator=i.indicator,
                weight=i.weight,
                rule=i.rule,
                floor=i.floor,
                target=i.target,
                steps=i.steps,
            )
            for i in period.scheme.items.select_related("indicator")
        )
        teams = Period.objects.create(scheme=scheme, start=period.start, end=period.end)
        started = time.monotonic()
        units = period_compute(teams)
        seconds = time.monotonic() - started
        transaction.set_rollback(True)
    return units, seconds


def pages(periods, runs: int) -> None:
    from django.test import Client

    from apps.accounts.models import User
    from apps.kpi.models import Scorecard

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="dangwei"))
    rng = random.Random(2025)
    period_ids = [p.pk for p in periods]
    lists = ["/kpi/", "/kpi/?grade=excellent", "/kpi/?unit_kind=branch&page=7"] + [
        f"/kpi/?period={pk}&ordering=-total&page={page}" for pk in period_ids for page in (1, 20)
    ]
    cards = list(Scorecard.objects.filter(period_id__in=period_ids).values_list("pk", flat=True))
    details = [f"/kpi/{pk}/" for pk in rng.sample(cards, min(len(cards), runs))]
    for name, urls in (("/kpi/ (list)", lists), ("/kpi/<id>/ (scorecard)", details)):
        page_p95(client, name, urls, runs, PAGE_LIMIT)


def main(runs: int) -> None:
    django.setup()
    print("bench: 量化考核 — one quarter's scorecards, then the scorecard pages")
    periods = compute()
    if periods:
        pages(periods, runs)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
