"""Every refusal the suggestion area gives, once (shared ones are apps.core.errors.CoreError)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class SuggestionError(ErrorCode):
    NO_PERSON = (
        "no_person",
        _("您的账号没有关联职工档案,无法以个人名义提交建议。请联系管理员。"),
    )
    BAD_CATEGORY = ("bad_category", _("请选择建议类别。"))
    BAD_TARGET = ("bad_target", _("请选择建议涉及的部门或班组。"))
    SELF_CO_PROPOSER = ("self_co_proposer", _("共同建议人不需要填写您自己。"))
    TOO_MANY_CO_PROPOSERS = ("too_many_co_proposers", _("共同建议人最多 %(n)d 人。"))
    AMOUNT_EXPONENT = (
        "amount_exponent",
        _("金额请按普通写法填写(如 12000.50 元),不能使用“1e9”这样的科学计数法。"),
    )
    AMOUNT_NEGATIVE = ("negative_amount", _("金额不能为负数。"))
    AMOUNT_CENTS = ("amount_cents", _("金额最多保留两位小数(分)。"))
    AMOUNT_TOO_LARGE = (
        "amount_too_large",
        _("金额 %(amount)s 元超过了上限 %(max)s 元,请核对;确需更大金额,请联系党群管理员调整上限。"),
    )
    BAD_WINDOW = ("bad_window", _("截止日期不能早于开始日期。"))
    PAST_WINDOW = ("past_window", _("截止日期已经过去,请重新选择。"))
    SCOPE_OUT_OF_REACH = ("scope_out_of_reach", _("征集范围超出了您的管辖范围。"))
    CAMPAIGN_NOT_STARTED = (
        "campaign_not_started",
        _("征集活动“%(t)s”将于 %(d)s 开始,届时再提交吧。"),
    )
    CAMPAIGN_CLOSED = (
        "campaign_closed",
        _("征集活动“%(t)s”已于 %(d)s 截止。您仍可以不选活动,直接提交建议。"),
    )
    CAMPAIGN_OUT_OF_SCOPE = (
        "campaign_out_of_scope",
        _("征集活动“%(t)s”面向%(u)s的职工,您不在征集范围内。您仍可以不选活动,直接提交建议。"),
    )
    CAMPAIGN_UNKNOWN = ("campaign_unknown", _("找不到该征集活动。"))
    CAMPAIGN_CATEGORY = ("campaign_category", _("征集活动“%(t)s”只征集:%(c)s。"))
    NO_CRITERIA = ("no_criteria", _("没有启用的评分项,请联系管理员设置。"))
    BAD_DECISION = ("bad_decision", _("请选择评审结论。"))
    NOT_SCORED = ("not_scored", _("请先完成评分,再决定采纳。"))
    SAME_AMOUNT = ("same_amount", _("更正后的金额与原核定金额相同。"))
