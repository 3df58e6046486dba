"""Background work of 党费: writing a confirmed payroll import."""

import logging

from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from .choices import ImportStatus
from .models import DuesImport

log = logging.getLogger(__name__)


@db_task()
def dues_import_apply(job_id: int) -> None:
    from .imports import import_apply

    job = DuesImport.objects.filter(pk=job_id, status=ImportStatus.APPLYING).first()
    if job is None:
        return
    try:
        import_apply(job)
    except Exception:
        log.exception("dues import %s failed", job_id)
        DuesImport.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED, message=_("导入失败,未写入任何数据。请重新上传。")
        )
