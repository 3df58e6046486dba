"""The codes 关爱帮扶 raises that the shared catalogue has no word for, with their Chinese
messages."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class CareError(ErrorCode):
    OUTSIDE_SCOPE = (
        "care_outside_scope",
        _("工号为“%(no)s”的职工不在您的管理范围内,不能为其建立困难职工档案或登记帮扶。"),
    )
    FILE_OPEN = (
        "care_file_open",
        _("“%(name)s”已有在档的困难职工档案,请在原档案上复核或登记帮扶。"),
        409,
    )
    NOT_HARDSHIP = (
        "care_not_hardship",
        _("只有“家庭困难”类的诉求或谈话问题可以建立困难职工档案。"),
    )
    ANONYMOUS = ("care_anonymous", _("匿名诉求没有提交人,无法建立困难职工档案。"))
    LINKED = ("care_linked", _("该诉求或谈话问题已建立过困难职工档案。"), 409)
    FILE_CLOSED = ("care_file_closed", _("该档案已销档,不能再复核或登记帮扶。"), 409)
    OVER_APPROVED = (
        "care_over_approved",
        _("发放金额 %(amount)s 元超过批准金额 %(approved)s 元,请按批准金额发放或重新报批。"),
    )
    APPROVAL_REQUIRED = ("care_approval_required", _("慰问金须填写批准金额和审批单号。"))
    GOODS_REQUIRED = ("care_goods_required", _("慰问品须写明物品。"))
    AMOUNT_RANGE = ("care_amount_range", _("金额须大于 0 且不超过 1,000,000 元,最多两位小数。"))
    AID_DAY = ("care_aid_day", _("发放日期不能晚于今天。"))
    CAMPAIGN_CLOSED = ("care_campaign_closed", _("该送温暖活动已结束。"), 409)
    DELIVERED = ("care_delivered", _("该慰问已登记发放。"), 409)
    NO_FILES = ("care_no_files", _("范围内没有符合条件的在档困难职工,名单为空。"))
    YEAR = ("care_year", _("年度须在 2000 到 2100 之间。"))
