"""Every error the appeals ledger raises, once: code, Chinese message, HTTP status."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class AppealError(ErrorCode):
    NO_PERSON = ("no_person", _("您的账号没有关联职工档案,暂不能提交诉求,请联系管理员。"))
    CATEGORY = ("category", _("请选择诉求类别。"))
    URGENCY = ("urgency", _("请选择紧急程度。"))
    TOO_SHORT = ("too_short", _("%(label)s至少需要 %(n)d 个字。"))
    TOO_MANY_FILES = ("too_many_files", _("最多上传 %(n)d 个附件。"))
    RATING = ("rating", _("请选择 1 到 5 星的满意度。"))
    REOPEN_ONCE = ("reopen_once", _("每件诉求只能申请重办一次。"), 409)
    OWNER_UNIT = ("owner_unit", _("请选择责任单位。"))
    OWNER_UNIT_NOT_FOUND = ("owner_unit", _("请选择责任单位。"), 422)
    OWNER_PERSON_NOT_FOUND = ("owner_person", _("找不到该责任人。"), 422)
    TOO_LONG = ("too_long", _("%(label)s不能超过 %(n)d 个字(现在 %(len)d 个字)。"))
    DEADLINE_PAST = ("deadline_past", _("办结时限不能早于当前时间,请重新选择。"))
    OWNER_UNIT_DISSOLVED = ("owner_unit_dissolved", _("该单位已撤销,请选择其他责任单位。"))
    OWNER_PERSON_GONE = ("owner_person_gone", _("该责任人已不在名册中。"))
    REASSIGN_SAME = ("reassign_same", _("改派的责任单位和责任人与当前相同。"))
    MERGE_TARGET = ("merge_target", _("请选择要并入的另一件诉求。"))
    MERGE_NUMBER = ("merge_number", _("请输入原诉求的编号,如 SQ2026-000123。"))
    MERGE_FINAL = ("merge_final", _("不能并入已合并或不予受理的诉求,请选择原始诉求。"))
    MERGE_UNKNOWN = ("merge_unknown", _("找不到该编号的诉求,或您无权查看。"), 404)
    SUBMITTER_ONLY = ("submitter_only", _("只有诉求提交人本人可以进行此操作。"), 403)
    BY_RECEIPT_ONLY = ("by_receipt_only", _("匿名诉求请通过回执码查询页面操作。"), 403)
    RECEIPT_INVALID = (
        "receipt_invalid",
        _("回执码不正确,请核对后重新输入(共 16 位字母和数字)。"),
        404,
    )
    RECEIPT_THROTTLED = ("receipt_throttled", _("回执码错误次数过多,请 %(m)d 分钟后再试。"), 429)
    STEP_QUEUED = (
        "step_queued",
        _("您的评价或重办申请已在排队,将随下一批匿名诉求写入,请在写入后再操作。"),
        409,
    )
    RECEIPT_PENDING = (
        "receipt_pending",
        _("您的诉求已收到,将于 %(at)s 随下一批匿名诉求写入台账,届时凭回执码即可查询进度。"),
        202,
    )
