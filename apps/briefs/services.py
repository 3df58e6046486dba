"""Requesting and making a 月度简报: one job per unit and month at a time (a second request is
answered with the running one), each refresh a new version."""

import secrets
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.models import Attachment
from apps.core.progress import progress_get, progress_put
from apps.orgs.models import OrgUnit

from . import documents, selectors
from .errors import BriefError
from .models import Brief, BriefKind, BriefStatus

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A job not heard of for this long is taken for dead: a new request starts another.
STALE = 15 * 60


def progress_key(brief: Brief) -> str:
    return f"tongxin:brief:{brief.pk}"


def brief_progress(brief: Brief) -> dict | None:
    """{"processed", "total"} while the brief is made; None once made, failed or taken for dead
    (a queued job not yet started shows 0 until STALE)."""
    if brief.status != BriefStatus.RUNNING:
        return None
    live = progress_get(progress_key(brief), stale_after=STALE)
    if live is None and (timezone.now() - brief.created_at).total_seconds() < STALE:
        live = {"processed": 0, "total": 6}
    return live


def parse_month(value) -> date:
    """'2026-11' (or a date) as the month's first day; a later month than this is refused."""
    try:
        month = value if isinstance(value, date) else date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        raise BriefError.BAD_MONTH(field="month") from None
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise BriefError.BAD_MONTH(field="month")
    return month


def parse_year(value) -> date:
    """'2026' (or '2026-11', or a date) as the year's 1 January; a later year is refused."""
    text = value.isoformat() if isinstance(value, date) else str(value or "").strip()
    head = text[:4]
    if not head.isdigit() or (len(text) > 4 and text[4] != "-"):
        raise BriefError.BAD_YEAR(field="month")
    year = int(head)
    if not 2000 <= year <= timezone.localdate().year:
        raise BriefError.BAD_YEAR(field="month")
    return date(year, 1, 1)


def brief_request(*, actor, unit: OrgUnit, month, kind: str = BriefKind.MONTH) -> Brief:
    """Queue a brief of the unit's month (or, kind "year", the year-end data appendix of the
    month's year); while one runs, that one is the answer."""
    from .tasks import brief_make_task

    if kind not in BriefKind.values:
        raise BriefError.BAD_KIND(field="kind")
    month = parse_year(month) if kind == BriefKind.YEAR else parse_month(month)
    selectors.unit_get(user=actor, pk=unit.pk)  # out of scope: a 404
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=unit.pk).first()  # one request at a time
        same = Brief.objects.filter(unit=unit, kind=kind, month=month)
        running = same.filter(status=BriefStatus.RUNNING).first()
        if running is not None:
            if brief_progress(running) is not None:
                return running
            running.status, running.error = BriefStatus.FAILED, _("生成超时")
            running.save(update_fields=["status", "error", "updated_at"])
        last = Brief.all_objects.filter(unit=unit, kind=kind, month=month).aggregate(
            v=Max("version")
        )["v"]
        try:
            with transaction.atomic():
                brief = Brief.objects.create(
                    unit=unit, kind=kind, month=month, version=(last or 0) + 1, made_by=actor
                )
        except IntegrityError:  # another request won the race: answer with its job
            return same.get(status=BriefStatus.RUNNING)

        def queue():
            progress_put(progress_key(brief), 0, 6)  # the bar shows before the worker starts
            brief_make_task(brief.pk)

        transaction.on_commit(queue)
    return brief


def _attach(brief: Brief, data: bytes, name: str, mime: str, ext: str) -> Attachment:
    token = secrets.token_hex(16)
    return Attachment.objects.create(
        token=token,
        file=ContentFile(data, name=f"{token}{ext}"),
        name=name,
        size=len(data),
        content_type=mime,
        extension=ext,
        owner_type=ContentType.objects.get_for_model(Brief),
        owner_id=brief.pk,
        uploaded_by=brief.made_by,
    )


def brief_make(brief: Brief, *, progress=lambda done, total: None) -> Brief:
    """Gather the month (or the year) as the requester may see it and store both files."""
    if brief.kind == BriefKind.YEAR:
        year = brief.month.year
        got = selectors.appendix(unit=brief.unit, year=year, progress=progress)
        stem = f"{brief.unit.name}-{year}-年度数据附件-v{brief.version}"
        docx = documents.appendix_docx(unit=brief.unit, year=year, appendix=got)
        xlsx = documents.appendix_xlsx(appendix=got)
    else:
        got = selectors.content(
            user=brief.made_by, unit=brief.unit, month=brief.month, progress=progress
        )
        stem = f"{brief.unit.name}-{brief.month:%Y-%m}-v{brief.version}"
        docx = documents.docx_bytes(unit=brief.unit, month=brief.month, content=got)
        xlsx = documents.xlsx_bytes(content=got)
    with transaction.atomic():
        brief.document = _attach(brief, docx, f"{stem}.docx", DOCX_TYPE, ".docx")
        brief.workbook = _attach(brief, xlsx, f"{stem}.xlsx", XLSX_TYPE, ".xlsx")
        brief.status, brief.made_at = BriefStatus.DONE, timezone.now()
        brief.save(update_fields=["document", "workbook", "status", "made_at", "updated_at"])
    return brief
