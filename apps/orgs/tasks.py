"""Background work of the roster: parse-and-preview an import, apply it, export a large list.

Progress of the apply phase cannot live in the database: the apply runs in one transaction, and
nothing it writes (its own progress included) is visible before the commit. It is kept in Huey's
key-value store instead (the same SQLite file or Redis the queue uses), which the page polls.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY, db_task

from apps.core.audit import audit_event
from apps.core.errors import DomainError

from .models import ListExport, RosterImport, RosterImportRow
from .roster import RosterContext, apply_results, excel_row_label, read_xlsx, validate_rows

log = logging.getLogger(__name__)
BATCH = 1000


def progress_key(job: RosterImport) -> str:
    return f"tongxin:roster-import:{job.pk}:{job.token}"


def apply_progress(job: RosterImport) -> dict | None:
    """{"processed", "total"} of a running apply, or None before the first report."""
    try:
        return HUEY.get(progress_key(job), peek=True)
    except Exception:  # the progress store is a nicety: a page must not fail for it
        return None


def _put_progress(job, processed: int, total: int) -> None:
    try:
        HUEY.put(progress_key(job), {"processed": processed, "total": total})
    except Exception:
        log.warning("roster import %s: progress not stored", job.pk, exc_info=True)


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
            for result in validate_rows(ctx, rows, set(columns), excel_row_label):
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
        with job.file.open("rb") as fh:
            columns, estimate, rows = read_xlsx(fh)
            ctx = RosterContext(actor)
            results = []
            steps = max(job.total, estimate) * 2  # validating, then writing
            for result in validate_rows(ctx, rows, set(columns), excel_row_label):
                results.append(result)
                if len(results) % BATCH == 0:
                    _put_progress(job, len(results), steps)
        steps = len(results) * 2
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
            audit_event(
                actor=actor,
                instance=job,
                message=_("导入名册“%(file)s”:新增 %(created)d 人,更新 %(updated)d 人")
                % {"file": job.file_name, **counts},
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
                message="",
            )
    except DomainError as exc:
        _fail(job.pk, exc.message)
    except Exception:
        log.exception("roster import %s: apply failed", job.pk)
        _fail(job.pk, _("导入时出错,已全部撤销,未写入任何数据。请稍后重试或联系管理员。"))
    finally:
        try:
            HUEY.delete(progress_key(job))
        except Exception:
            log.debug("progress key not removed", exc_info=True)


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
