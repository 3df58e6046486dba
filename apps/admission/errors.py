"""Every code 发展党员 raises, with its Chinese message; shared codes come from CoreError."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class AdmissionError(ErrorCode):
    NO_BIRTH_DATE = ("no_birth_date", _("%(name)s的出生日期未登记,无法核对是否年满 %(age)d 岁。"))
    TOO_YOUNG = (
        "too_young",
        _("%(name)s递交申请时未满 %(age)d 岁(%(day)s 才满),不能受理入党申请。"),
    )
    ALREADY_MEMBER = ("already_member", _("%(name)s已是党员,无需发展。"))
    ALREADY_OPEN = ("already_open", _("%(name)s已在发展流程中。"), 409)
    NOT_BRANCH = ("not_branch", _("请选择一个党支部。"))
    BRANCH_OUT_OF_REACH = ("branch_out_of_reach", _("只能在您负责的党支部受理入党申请。"))
    FUTURE_DAY = ("future_day", _("%(label)s不能晚于今天。"))
    TOO_EARLY = (
        "too_early",
        _("%(label)s不能早于%(after)s(%(day)s)。"),
    )
    NOT_YET = (
        "not_yet",
        _("%(what)s须满 %(period)s:最早 %(day)s,现填 %(typed)s。"),
    )
    CONTACTS_COUNT = ("contacts_count", _("培养联系人须为 %(low)d 至 %(high)d 名正式党员。"))
    SPONSORS_COUNT = ("sponsors_count", _("入党介绍人须为 %(n)d 名正式党员(现填 %(got)d 名)。"))
    NOT_FULL_MEMBER = (
        "not_full_member",
        _("%(names)s不是正式党员(预备党员和非党员不能担任%(role)s)。"),
    )
    SELF_NAMED = ("self_named", _("发展对象本人不能担任%(role)s。"))
    REVIEWS_MISSING = (
        "reviews_missing",
        _("每半年须考察一次:%(since)s以来应有 %(need)d 次考察,只记录了 %(got)d 次。"),
    )
    MISSING = ("missing", _("还不能进行这一步,尚缺:%(items)s。"))
    POLITICAL_FAILED = ("political_failed", _("政治审查不合格的,不能发展入党。"))
    TRAINING_SHORT = (
        "training_short",
        _(
            "集中培训须不少于 %(days)d 天或 %(hours)s 学时:"
            "现为 %(got_days)d 天、%(got_hours)s 学时。"
        ),
    )
    TRAINING_ORDER = ("training_order", _("培训结束日期不能早于开始日期。"))
    BAD_HOURS = ("bad_hours", _("学时须为 0 到 999 之间的数字。"))
    MEETING_UNIT = ("meeting_unit", _("所选会议不是本支部的党员大会。"))
    MEETING_NOT_HELD = ("meeting_not_held", _("所选会议尚未结束,到会情况还没有记录。"))
    NO_QUORUM = (
        "no_quorum",
        _(
            "到会不足法定人数:应到会有表决权的正式党员 %(entitled)d 人,实到 %(present)d 人,"
            "须超过半数(至少 %(need)d 人)。"
        ),
    )
    VOTER_NOT_ENTITLED = (
        "voter_not_entitled",
        _("%(names)s不是本支部有表决权的正式党员,不能参加表决。"),
    )
    VOTER_ABSENT = ("voter_absent", _("%(names)s没有出席这次会议,不能计入表决。"))
    VOTE_SUM = (
        "vote_sum",
        _("赞成、反对、弃权共 %(sum)d 票,与投票人数 %(voters)d 不符。"),
    )
    BAD_COUNT = ("bad_count", _("票数须为不小于 0 的整数。"))
    NOT_APPROVER = ("not_approver", _("只有上级党委可以审批或退回。"), 403)
    REASON_REQUIRED = ("reason_required", _("退回须写明理由。"))
