"""Every code 月度简报 raises, with its Chinese message."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class BriefError(ErrorCode):
    BAD_MONTH = ("bad_month", _("请选择正确的月份(格式 2026-11),不能晚于本月。"))
    BAD_YEAR = (
        "brief_bad_year",
        _("请选择正确的年度(如 2026 或该年的任一月份),不早于 2000 年、不晚于今年。"),
    )
    BAD_KIND = ("brief_bad_kind", _("请选择月度简报或年度数据附件。"))
