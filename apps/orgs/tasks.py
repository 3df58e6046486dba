"""Background work of the roster: parse-and-preview an import, apply it, export a large list.

The apply phase runs in one transaction, so its progress goes to `apps.core.progress`.
"""

import gzip
import json
import logging
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from apps.accounts.provisioning import summary as account_summary
from apps.core.audit import audit_event
from apps.core.errors import DomainError
from apps.core.progress import progress_clear, progress_get, progress_put

from .models import ListExport, RosterImport, RosterImportRow
from .roster.validation import RosterContext, validate_rows
from .roster.writing import apply_results
from .roster.xlsx import excel_row_label, read_xlsx

log = logging.getLogger(__name__)
BATCH = 1000


def progress_key(job: RosterImport) -> str:
    return f"tongxin:roster-import:{job.pk}:{job.token}"


def apply_progress(job: RosterImport) -> dict | None:
    """{"processed", "total"} of a running apply, or None before the first report."""
    return progress_get(progress_key(job))


def _put_progress(job, processed: int, total: int) -> None:
    progress_put(progress_key(job), processed, total)


def rows_path(job: RosterImport) -> str:
    """The parsed rows, kept beside the upload so the apply need not read the workbook again
    (openpyxl's XML parsing is most of the time of a 50,000-row import)."""
    return f"roster/rows/{job.token}.json.gz"


def _plain(value):
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _save_rows(job, columns, rows: list) -> None:
    data = gzip.compress(json.dumps({"columns": columns, "rows": rows}).encode(), 3)
    default_storage.save(rows_path(job), ContentFile(data))


def _load_rows(job):
    """(columns, rows) saved by the parse, or read from the workbook if they are missing."""
    path = rows_path(job)
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as fh:
            data = json.loads(gzip.decompress(fh.read()))
        return data["columns"], [(n, r) for n, r in data["rows"]]
    with job.file.open("rb") as fh:
        columns, _estimate, rows = read_xlsx(fh)
        return columns, list(rows)


def _fail(job_pk: int, message: str) -> None:
    RosterImport.objects.filter(pk=job_pk).update(
        status=RosterImport.Status.FAILED, message=str(message)
    )


@db_task()
def roster_import_parse(job_pk: int) -> None:
    """Read every row, validate it, and store the preview; writes nothing to the roster."""
    job = RosterImport.objects.select_related("created_by").get(pk=job_pk)
    try:
        with job.file.open("rb") as fh:
            columns, estimate, rows = read_xlsx(fh)
            RosterImport.objects.filter(pk=job.pk).update(total=estimate, columns=columns)
            ctx = RosterContext(job.created_by)
            counts = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
            batch: list[RosterImportRow] = []
            seen = 0
            kept: list = []

            def keep(rows):
                for row_no, raw in rows:
                    kept.append([row_no, {k: _plain(v) for k, v in raw.items()}])
                    yield row_no, raw

            for result in validate_rows(ctx, keep(rows), set(columns), excel_row_label):
                seen += 1
                counts[result.action] += 1
                batch.append(
                    RosterImportRow(
                        job_id=job.pk,
                        row_no=result.row_no,
                        employee_no=result.employee_no[:64],
                        name=result.name[:64],
                        action=result.action,
                        changes=result.changes if result.action != "unchanged" else [],
                        errors=result.errors,
                    )
                )
                if len(batch) >= BATCH:
                    RosterImportRow.objects.bulk_create(batch)
                    batch = []
                    RosterImport.objects.filter(pk=job.pk).update(
                        processed=seen, total=max(seen, estimate)
                    )
            RosterImportRow.objects.bulk_create(batch)
        _save_rows(job, columns, kept)
    except DomainError as exc:
        _fail(job.pk, exc.message)
        return
    except Exception:
        log.exception("roster import %s: parse failed", job.pk)
        _fail(job.pk, _("读取文件时出错,文件可能已损坏。请检查后重新上传。"))
        return
    if seen == 0:
        _fail(job.pk, _("文件中除表头外没有数据行。"))
        return
    RosterImport.objects.filter(pk=job.pk).update(
        status=RosterImport.Status.PARSED,
        total=seen,
        processed=seen,
        created_count=counts["create"],
        updated_count=counts["update"],
        unchanged_count=counts["unchanged"],
        error_count=counts["error"],
        parsed_at=timezone.now(),
    )


@db_task()
def roster_import_apply(job_pk: int) -> None:
    """Validate again against today's data, then write every row in one transaction."""
    job = RosterImport.objects.select_related("created_by").get(pk=job_pk)
    if job.status != RosterImport.Status.APPLYING:
        return
    actor = job.created_by
    try:
        columns, rows = _load_rows(job)
        ctx = RosterContext(actor)
        results = []
        steps = len(rows) * 2  # validating again, then writing
        for result in validate_rows(ctx, rows, set(columns), excel_row_label):
            results.append(result)
            if len(results) % BATCH == 0:
                _put_progress(job, len(results), steps)
        bad = sum(1 for r in results if r.action == "error")
        if bad:
            _fail(
                job.pk,
                _("预览之后数据已发生变化,有 %(n)d 行不再有效,未写入任何数据。请重新上传文件校验。")
                % {"n": bad},
            )
            return
        with transaction.atomic():
            counts = apply_results(
                ctx, results, progress=lambda n: _put_progress(job, len(results) + n, steps)
            )
            accounts = account_summary(counts)
            audit_event(
                actor=actor,
                instance=job,
                message=_("导入名册“%(file)s”:新增 %(created)d 人,更新 %(updated)d 人")
                % {"file": job.file_name, **counts}
                + (f";{accounts}" if accounts else ""),
                data={"rows": counts["total"]},
            )
            RosterImport.objects.filter(pk=job.pk).update(
                status=RosterImport.Status.APPLIED,
                processed=counts["total"],
                total=counts["total"],
                created_count=counts["created"],
                updated_count=counts["updated"],
                unchanged_count=counts["unchanged"],
                applied_at=timezone.now(),
                message=accounts,
            )
    except DomainError as exc:
        _fail(job.pk, exc.message)
    except Exception:
        log.exception("roster import %s: apply failed", job.pk)
        _fail(job.pk, _("导入时出错,已全部撤销,未写入任何数据。请稍后重试或联系管理员。"))
    finally:
        progress_clear(progress_key(job))


@db_task()
def list_export_run(export_pk: int) -> None:
    """Build a large export's file in the background, reporting progress as it goes."""
    from .resources import export_build

    export = ListExport.objects.select_related("created_by").get(pk=export_pk)
    try:

        def progress(n):
            ListExport.objects.filter(pk=export.pk).update(processed=n)

        data = export_build(export, progress=progress)
        export.file.save(f"{export.token}.xlsx", ContentFile(data), save=False)
        ListExport.objects.filter(pk=export.pk).update(
            file=export.file.name,
            status=ListExport.Status.DONE,
            finished_at=timezone.now(),
            processed=export.total,
        )
    except Exception:
        log.exception("export %s failed", export.pk)
        ListExport.objects.filter(pk=export.pk).update(
            status=ListExport.Status.FAILED, message=_("导出失败,请稍后重试。")
        )
