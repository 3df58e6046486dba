"""发展党员 at scale, on the bench database: the pipeline board (/admission/ and its API) as the
党群工作部 (`dangwei`, every branch), filtered to one branch and one stage, and as a branch
secretary: p50 / p95 of N requests each against 150 ms, with the most queries a request made.

    python -m bench.admission [requests]     (DJANGO_SETTINGS_MODULE and DATABASE_URL as in run.sh)
"""

import sys

import django

from bench.timing import as_users, client_as, page_p95

PAGE_LIMIT = 150  # ms, p95


def main(runs: int) -> None:
    django.setup()
    from apps.admission.models import Admission

    print(f"bench: 发展党员 — the pipeline board ({Admission.objects.count():,} records)")
    branches = list(Admission.objects.values_list("branch_id", flat=True).distinct()[:20])
    for who, user in as_users("支部书记", "branch_secretary", branches):
        client = client_as(user)
        urls = [
            "/admission/",
            "/admission/?page=3",
            "/admission/?stage=candidate",
            "/api/v1/admission/items?limit=50",
        ] + [f"/admission/?branch={pk}" for pk in branches]
        page_p95(client, f"board as {who}", urls, runs, PAGE_LIMIT)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
