"""Every code the cockpit raises, with its Chinese message."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class InsightsError(ErrorCode):
    BAD_PERIOD = ("bad_period", _("请选择正确的期间:月度、季度或年度。"))
    BAD_MONTH = ("bad_month", _("请选择正确的月份(格式 2026-11),不能晚于本月。"))
    BAD_INDICATOR = ("bad_indicator", _("没有这个指标,请从列表中选择。"))
    NO_ACCESS = ("no_access", _("驾驶舱供党委、党群工作部和单位负责人使用。"), 403)
