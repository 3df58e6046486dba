"""Every code 量化考核 raises, with its Chinese message; shared codes come from CoreError."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class KpiError(ErrorCode):
    WEIGHTS_NOT_100 = ("weights_not_100", _("各指标权重之和须为 100,当前为 %(total)s。"))
    NO_ITEMS = ("no_items", _("考核方案至少需要一项指标。"))
    SCHEME_LOCKED = (
        "scheme_locked",
        _("该方案已有锁定的考核期,不能再修改指标和权重。"),
        409,
    )
    PERIOD_LOCKED = ("period_locked", _("该考核期已锁定,结果不能重新计算或修改。"), 409)
    LINEAR_INCOMPLETE = ("bad_rule", _("“%(name)s”按线性计分,请填写不相等的底线值和目标值。"))
    STEPS_EMPTY = ("bad_rule", _("“%(name)s”按分档计分,请填写分档表。"))
    NO_CALCULATOR = ("no_calculator", _("指标“%(name)s”没有可用的计算器,请改为人工评分。"))
