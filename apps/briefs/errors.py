"""Every code 月度简报 raises, with its Chinese message."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class BriefError(ErrorCode):
    BAD_MONTH = ("bad_month", _("请选择正确的月份(格式 2026-11),不能晚于本月。"))
