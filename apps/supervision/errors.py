"""Every refusal the 督办 area gives, once."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class SupervisionError(ErrorCode):
    CLOSED = ("item_closed", _("该督办事项已办结。"), 409)
    NOT_REMINDER = ("not_reminder", _("只有能管理该事项的干部可以催办,责任人本人不能催办。"), 403)
    REMINDED_TODAY = ("reminded_today", _("该事项今天已催办过,请明天再催办。"), 429)
    NOT_OWNER = ("not_owner", _("只有责任人或责任单位负责人可以申请延期。"), 403)
    EXTENSION_PENDING = ("extension_pending", _("已有一份延期申请待审批,请等待审批结果。"), 409)
    EXTENSION_NOT_LATER = ("extension_not_later", _("申请延至的日期须晚于现在的办结时限。"))
    NOT_ASSIGNER = ("not_assigner", _("只有交办单位可以审批延期申请。"), 403)
    EXTENSION_DECIDED = ("extension_decided", _("该延期申请已审批。"), 409)
