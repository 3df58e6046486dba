"""关爱帮扶 at scale, on the bench database: the hardship files list and the aid ledger (pages
and API) as the 党群工作部 (`dangwei`, the whole company) and as a 工会干部 where the demo has
one: p50 / p95 of N requests each against 150 ms, with the most queries a request made.

    python -m bench.care [requests]     (DJANGO_SETTINGS_MODULE and DATABASE_URL as in run.sh)
"""

import sys

import django

from bench.timing import as_users, client_as, page_p95

PAGE_LIMIT = 150  # ms, p95


def main(runs: int) -> None:
    django.setup()
    from apps.care.models import Aid, HardshipFile

    print(
        f"bench: 关爱帮扶 — files and the aid ledger ({HardshipFile.objects.count():,} files, "
        f"{Aid.objects.count():,} aid rows)"
    )
    units = list(HardshipFile.objects.values_list("unit_id", flat=True).distinct()[:10])
    year = Aid.objects.order_by("-year").values_list("year", flat=True).first() or 2026
    for who, user in as_users("工会干部", "union_cadre"):
        client = client_as(user)
        pages = {
            "files": [
                "/care/",
                "/care/?page=3",
                "/care/?status=active&level=extreme",
                "/api/v1/care/files?limit=50",
            ]
            + [f"/care/?unit={pk}" for pk in units],
            "aid ledger": [
                "/care/aid/",
                "/care/aid/?page=3",
                f"/care/aid/?year={year}&kind=visit",
                "/api/v1/care/aid?limit=50",
            ]
            + [f"/care/aid/?unit={pk}" for pk in units],
        }
        for name, urls in pages.items():
            page_p95(client, f"{name} as {who}", urls, runs, PAGE_LIMIT)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
