"""党风廉政 at scale, on the bench database: the key-post and risk-point lists (page and API) as
the 党群工作部 (`dangwei`, the whole company), p50 / p95 of N requests against 150 ms; then
opening a sealed report (unwrap the session key, open the sealed content key, decrypt, append
to the hash chain) against 100 ms server time. The opening runs inside a transaction that is
rolled back: a bench handler, its key and its report are never left in the database.

    python -m bench.integrity [requests]     (DJANGO_SETTINGS_MODULE and DATABASE_URL as in run.sh)
"""

import statistics
import sys
import time

import django

from bench.timing import p95, page_p95

PAGE_LIMIT = 150  # ms, p95
OPEN_LIMIT = 100  # ms, p95


def _lists(runs: int) -> None:
    from django.test import Client

    from apps.accounts.models import User
    from apps.integrity.models import KeyPost, RiskPoint

    print(
        f"bench: 党风廉政 — {KeyPost.objects.count():,} key posts, "
        f"{RiskPoint.objects.count():,} risk points"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="dangwei"))
    for name, urls in (
        (
            "关键岗位",
            ["/integrity/posts/", "/integrity/posts/?page=2", "/api/v1/integrity/key-posts"],
        ),
        (
            "风险点",
            [
                "/integrity/risks/",
                "/integrity/risks/?level=high",
                "/integrity/risks/?due=true",
                "/api/v1/integrity/risk-points",
            ],
        ),
        ("廉政教育", ["/integrity/education/", "/integrity/education/?missing=1"]),
    ):
        page_p95(client, name, urls, runs, PAGE_LIMIT)


def _open(runs: int) -> None:
    from django.db import transaction

    from apps.accounts.models import RoleAssignment, User
    from apps.integrity import sealing, services
    from apps.orgs.models import OrgUnit

    with transaction.atomic():
        root = OrgUnit.objects.filter(depth=1).order_by("path").first()
        user = User.objects.create_user(username="bench-jiwei", password="x")
        RoleAssignment.objects.create(user=user, role="discipline", unit=root)
        passphrase = "bench passphrase 2026"
        key = services.handler_key_create(actor=user, passphrase=passphrase, confirm=passphrase)
        started = time.perf_counter()
        key, private = services.handler_unlock(actor=user, passphrase=passphrase)
        unlock_ms = (time.perf_counter() - started) * 1000
        report, _code = services.report_submit(
            unit=root, text="反映某项目结算问题。" * 200, named=False
        )
        for i in range(5):
            services.report_add(report=report, text=f"补充材料 {i}")
        wrap = sealing.secret_encrypt(b"k" * 32, private)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            held = sealing.secret_decrypt(b"k" * 32, wrap)  # what keyring.unlocked does
            opened = services.report_open(actor=user, report=report, key=key, private=held)
            times.append((time.perf_counter() - started) * 1000)
        assert opened["report"]["text"].startswith("反映")
        transaction.set_rollback(True)
    verdict = "ok" if p95(times) <= OPEN_LIMIT else "OVER"
    print(
        f"  open a sealed report (6 texts) p50 {statistics.median(times):5.1f} ms  "
        f"p95 {p95(times):5.1f} ms (target ≤ {OPEN_LIMIT} ms: {verdict}); "
        f"unlock (Argon2id) {unlock_ms:.0f} ms once a session"
    )


def main(runs: int) -> None:
    django.setup()
    _lists(runs)
    _open(runs)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
