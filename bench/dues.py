"""党费 at scale, on the bench database (~15,000 members × a year of months):

1. the dues ledger of a branch (as its secretary), of the committee (`dangwei`, every branch),
   the arrears list with its 欠交金额 column (all, one branch, the 党章第九条 flag), the
   committee's review of reductions and exemptions (page and API) and the rates page: p50 / p95
   of N requests each against 150 ms, with the most queries a request made;
2. a payroll base import of 15,000 rows (parse, preview and the all-or-nothing write, with
   progress), against 60 s: next year's bases (all new), then this year's rewritten — on a copy
   of the database, since it writes (where the demo has fewer than 15,000 party members, the
   copy makes members of people outside the party so that every row is valid).

    python -m bench.dues var/bench/bench-large.sqlite3 [requests]
    (DJANGO_SETTINGS_MODULE as in run.sh)
"""

import statistics
import sys
import time

from bench.timing import p95

PAGE_LIMIT = 150  # ms, p95
IMPORT_LIMIT = 60  # s
IMPORT_ROWS = 15000


def pages(runs: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import RoleAssignment, User
    from apps.dues.models import DuesBase, DuesPayment

    print(
        f"bench: 党费 — {DuesBase.objects.count():,} bases, "
        f"{DuesPayment.objects.count():,} payments"
    )
    branches = list(DuesBase.objects.values_list("branch_id", flat=True).distinct()[:20])
    secretary = (
        RoleAssignment.objects.filter(role="branch_secretary", unit_id__in=branches)
        .select_related("user")
        .first()
    )
    plans = [
        (
            "committee ledger (dangwei)",
            User.objects.get(username="dangwei"),
            ["/dues/", "/api/v1/dues/ledger"],
        ),
        (
            "branch ledger (dangwei)",
            User.objects.get(username="dangwei"),
            [f"/dues/branches/{pk}/" for pk in branches],
        ),
        (
            "arrears (dangwei)",
            User.objects.get(username="dangwei"),
            [
                "/dues/arrears/",
                "/dues/arrears/?page=3",
                "/dues/arrears/?lapsed=1",
                "/api/v1/dues/arrears?limit=50",
            ]
            + [f"/dues/arrears/?branch={pk}" for pk in branches[:5]],
        ),
        (
            "reliefs review (dangwei)",
            User.objects.get(username="dangwei"),
            [
                "/dues/reliefs/?status=pending",
                "/dues/reliefs/",
                "/api/v1/dues/reliefs?status=pending&limit=50",
                "/api/v1/dues/reliefs?limit=50",
            ],
        ),
        (
            "rates page (dangwei)",
            User.objects.get(username="dangwei"),
            ["/dues/rates/"],
        ),
    ]
    if secretary is not None:
        plans.append(
            (
                "secretary's branch + arrears",
                secretary.user,
                [f"/dues/branches/{secretary.unit_id}/", "/dues/arrears/"],
            )
        )
    for who, user, urls in plans:
        if not urls:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        client.get(urls[0])  # warm: templates and the session
        times, status, most = [], set(), 0
        for i in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                status.add(client.get(urls[i % len(urls)], follow=True).status_code)
                times.append((time.perf_counter() - started) * 1000)
            most = max(most, len(queries))
        verdict = "ok" if p95(times) <= PAGE_LIMIT else "OVER"
        print(
            f"  {who:30} p50 {statistics.median(times):5.0f} ms  p95 {p95(times):5.0f} ms "
            f"(target ≤ {PAGE_LIMIT} ms: {verdict})  queries ≤ {most}  status {sorted(status)}"
        )


CHILD = """
import io, random, time, django
django.setup()
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from apps.accounts.models import User
from apps.dues.imports import import_apply, import_start
from apps.orgs.choices import UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person
# The issue's figure is 15,000 rows: where the demo company has fewer party members, this copy
# of the database makes members of people outside the party, spread over the branches.
short = ROWS - PartyMembership.objects.count()
if short > 0:
    branches = list(OrgUnit.objects.filter(kind=UnitKind.BRANCH).values_list("pk", flat=True))
    rng = random.Random(13)
    outside = Person.objects.filter(party_membership__isnull=True).values_list("pk", flat=True)
    made = PartyMembership.objects.bulk_create(
        [PartyMembership(person_id=pk, branch_id=rng.choice(branches)) for pk in outside[:short]],
        batch_size=1000,
    )
    print(f"  (copy: {len(made):,} people outside the party made members for the sheet)")
rows = list(PartyMembership.objects.values_list("person__employee_no", "person__name")[:ROWS])
book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet()
sheet.append(["工号", "姓名", "月收入基数", "类别"])
for i, (no, name) in enumerate(rows):
    sheet.append([no, name, 3000 + (i * 37) % 9000, "离退休" if i % 17 == 0 else "在职"])
buffer = io.BytesIO()
book.save(buffer)
admin = User.objects.get(username="dangwei")
this = timezone.localdate().year
# next year's bases (all new), then this year's again (each member's base rewritten)
for label, year in (("new year", this + 1), ("re-import", this)):
    upload = SimpleUploadedFile("payroll.xlsx", buffer.getvalue())
    started = time.monotonic()
    job = import_start(actor=admin, upload=upload, year=year)
    parsed = time.monotonic() - started
    job.status = "applying"
    job.save(update_fields=["status"])
    written = import_apply(job)
    total = time.monotonic() - started
    verdict = "ok" if total <= LIMIT else "OVER"
    print(f"  payroll import of {len(rows):,} rows ({label}): preview {parsed:5.1f} s, "
          f"all {total:5.1f} s (target ≤ LIMIT s: {verdict}); errors {len(job.errors)}, "
          f"written {written:,}")
"""


def payroll(db: str) -> None:
    from bench.copies import run_on_copy

    code = CHILD.replace("ROWS", str(IMPORT_ROWS)).replace("LIMIT", str(IMPORT_LIMIT))
    run_on_copy(db, "dues-import", code)


if __name__ == "__main__":
    payroll(sys.argv[1])
    pages(int(sys.argv[2]) if len(sys.argv) > 2 else 100)
