"""Every code 组织关系转接 and 流动党员 raise, with its Chinese message."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class TransferError(ErrorCode):
    NOT_MEMBER = ("not_member", _("“%(name)s”不是本公司党员,无法转接组织关系。"))
    ALREADY_MEMBER = ("already_member", _("“%(name)s”已在“%(branch)s”,不能重复转入。"))
    BRANCH_UNKNOWN = ("branch_unknown", _("转入支部不存在或已撤销,请重新选择。"))
    SAME_BRANCH = ("same_branch", _("转入支部与所在支部相同,无需转接。"))
    PLACE_REQUIRED = ("place_required", _("请填写对方党组织名称。"))
    LETTER_UNKNOWN = ("letter_unknown", _("没有编号为“%(number)s”的介绍信,请核对回执上的编号。"))
    RECEIPT_DONE = ("receipt_done", _("介绍信 %(number)s 的回执已登记过。"), 409)
    RECEIPT_DATE = ("receipt_date", _("回执日期不能早于开具日期,也不能晚于今天。"))
    BAD_DAYS = ("bad_days", _("回执期限须为 1 到 180 天。"))
    CERTIFICATE_TAKEN = ("certificate_taken", _("活动证编号“%(no)s”已登记。"))
    FLOW_DATES = ("flow_dates", _("结束日期不能早于开始日期。"))
    FLOW_PERSON = ("flow_person", _("流出登记须选择本支部党员。"))
    FLOW_ENDED = ("flow_ended", _("该流动党员登记已结束。"), 409)
    HOURS = ("hours", _("学时须在 0 到 24 之间。"))
    ACTIVITY_DAY = ("activity_day", _("活动日期须在流动期间内,且不晚于今天。"))
