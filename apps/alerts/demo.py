"""Demo early warnings: the weekly pass over the texts the areas seeded (the appeals' demo
plants the rising 夜班津贴 complaints of one workshop), for the last weeks."""

from datetime import timedelta

from . import detect, services


def seed(*, rng, company_root, people, units, now, count, **_):
    this_week = detect.monday(now.date())
    made = 0
    for back in (3, 2, 1):
        made += len(services.weekly_pass(week=this_week - timedelta(weeks=back)))
    return {"warnings": made}
