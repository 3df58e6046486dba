"""Quiz and contest results as .xlsx: every graded attempt, ranked by score then time; an
attempt handed in implausibly fast has no rank and is marked for the organiser to check."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exports import XLSX_CONTENT_TYPE

from .models import Attempt

__all__ = ["XLSX_CONTENT_TYPE", "results_xlsx"]

MAX_ROWS = 100_000


def results_xlsx(quiz) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("成绩"))
    header = [_("名次"), _("工号"), _("姓名"), _("单位"), _("第几次"), _("得分"), _("答对"),
              _("题数"), _("用时(秒)"), _("及格"), _("交卷时间"), _("最好成绩"),
              _("用时过短")]  # fmt: skip
    sheet.append([str(h) for h in header])
    rows = (
        Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False)
        .select_related("person", "unit")
        .order_by("too_fast", "-is_best", "-score", "duration_seconds", "submitted_at", "pk")
    )
    rank = 0
    for a in rows[:MAX_ROWS].iterator(chunk_size=2000):
        ranked = a.is_best and not a.too_fast
        rank += 1 if ranked else 0
        sheet.append(
            [
                rank if ranked else "",
                a.person.employee_no,
                a.person.name,
                a.unit.name,
                a.number,
                float(a.score or 0),
                a.correct_count,
                len(a.question_ids),
                a.duration_seconds,
                _("是") if a.passed else _("否"),
                timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M:%S"),
                _("是") if a.is_best else "",
                _("是,未计入排名") if a.too_fast else "",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
