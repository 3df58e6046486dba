"""Every code early warning raises, with its Chinese message."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class AlertError(ErrorCode):
    NOT_OPEN = ("not_open", _("该预警已处理,不能再次处理。"), 409)
    REASON_REQUIRED = ("reason_required", _("请填写排除理由。"))
    REASON_TOO_LONG = ("reason_too_long", _("排除理由不能超过 500 字。"))
    DUE_REQUIRED = ("due_required", _("请填写督办期限。"))
    DUE_PAST = ("due_past", _("督办期限不能早于当前时间。"))
    OUT_OF_RANGE = ("out_of_range", _("%(label)s应在 %(lo)s 到 %(hi)s 之间。"))
    NOT_A_COMPANY = ("not_a_company", _("请选择您管理范围内的公司。"))
