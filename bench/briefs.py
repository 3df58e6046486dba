"""月度简报 at scale (issue 15: "a brief for the whole company ≤ 30 s"): the brief of the last
complete month for the whole company, made as the 党群工作部 (`dangwei`, who sees every unit)
the way the background job makes it (gather, Word, Excel, both stored), timed per step; then
the year-end data appendix of the same year. On a copy of the bench database (it writes the
files and the archive row).

    python -m bench.briefs var/bench/bench-large.sqlite3
"""

import sys

from bench.copies import run_on_copy

CHILD = """
import time, django
django.setup()
from datetime import timedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from apps.accounts.models import User
from apps.briefs import services
from apps.briefs.models import Brief, BriefKind
from apps.orgs.models import OrgUnit

LIMIT = 30.0
user = User.objects.get(username="dangwei")
company = OrgUnit.objects.filter(depth=1).order_by("path").first()
month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
print(f"  {company.name}: {OrgUnit.objects.count():,} units; month {month:%Y-%m}")
for kind, label in ((BriefKind.MONTH, "monthly brief"), (BriefKind.YEAR, "year appendix")):
    first = month.replace(month=1) if kind == BriefKind.YEAR else month
    brief = Brief.objects.create(
        unit=company, kind=kind, month=first, version=999, made_by=user
    )
    marks = []
    started = time.monotonic()

    def mark(done, total):
        marks.append((done, time.monotonic() - started))

    with CaptureQueriesContext(connection) as ctx:
        services.brief_make(brief, progress=mark)
    seconds = time.monotonic() - started
    steps = ", ".join(f"{d}:{t:.1f}s" for d, t in marks)
    verdict = "ok" if seconds <= LIMIT else f"SLOW (target {LIMIT:.0f} s)"
    size = brief.document.size if brief.document_id else 0
    print(
        f"  {label}: {seconds:6.2f} s, {len(ctx.captured_queries)} queries,"
        f" docx {size:,} bytes; steps {steps}; {verdict}"
    )
"""


def main(db: str) -> None:
    run_on_copy(db, "briefs-make", CHILD)


if __name__ == "__main__":
    main(sys.argv[1])
