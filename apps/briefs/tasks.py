"""Background work of 月度简报: one brief made off the request, reporting its progress."""

import logging

from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from apps.core.progress import progress_clear, progress_put

from . import services
from .models import Brief, BriefStatus

log = logging.getLogger(__name__)


@db_task()
def brief_make_task(brief_id: int) -> None:
    brief = Brief.objects.select_related("unit", "made_by").get(pk=brief_id)
    key = services.progress_key(brief)
    try:
        services.brief_make(brief, progress=lambda done, total: progress_put(key, done, total))
    except Exception:
        log.exception("brief %s failed", brief_id)
        Brief.objects.filter(pk=brief_id).update(
            status=BriefStatus.FAILED, error=_("生成出错,请稍后重新生成。")
        )
        raise
    finally:
        progress_clear(key)
