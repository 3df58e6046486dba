"""Every code 民主评议党员 and 换届 raise, with its Chinese message."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class AppraisalError(ErrorCode):
    NOT_BRANCH = ("not_branch", _("民主评议以党支部为单位开展,请选择党支部。"))
    YEAR = ("year", _("评议年度须在 2000 年到明年之间。"))
    EXISTS = ("exists", _("“%(branch)s”%(year)d 年度的民主评议已开展。"), 409)
    NO_MEMBERS = ("no_members", _("该支部还没有党员,无法开展评议。"))
    CLOSED = ("closed", _("本次评议已结束,不能再修改。"), 409)
    NOT_SELF = ("not_self", _("只能填写本人的自评。"), 403)
    SELF_EMPTY = ("self_empty", _("请填写自我评价。"))
    NOT_VOTER = ("not_voter", _("只有参加本次评议的党员可以投票。"), 403)
    VOTED = ("voted", _("您已投过票,每人只能投一次。"), 409)
    VOTES_EMPTY = ("votes_empty", _("请至少为一名党员选择等次。"))
    BAD_SUBJECT = ("bad_subject", _("被评议人不在本次评议名单中。"))
    BAD_GRADE = ("bad_grade", _("请选择等次:优秀、合格、基本合格或不合格。"))
    REASON_REQUIRED = ("reason_required", _("评为“%(grade)s”须写明理由。"))
    UNDECIDED = ("undecided", _("还有 %(n)d 名党员未确定等次,不能结束评议。"))


class TermError(ErrorCode):
    NOT_PARTY_UNIT = ("not_party_unit", _("换届只适用于党委、党总支和党支部。"))
    HELD_ON = ("held_on", _("选举日期不能晚于今天。"))
    NO_CANDIDATES = ("no_candidates", _("请至少填写一名候选人。"))
    DUPLICATE_CANDIDATE = ("duplicate_candidate", _("候选人“%(name)s”重复。"))
    NOT_MEMBER = ("not_member", _("候选人“%(name)s”不是本组织的正式党员。"))
    VOTES = ("votes", _("得票数须在 0 到实到会人数(%(n)d)之间。"))
    ELECTORS = ("electors", _("应到会人数须大于 0,实到会人数不能超过应到会人数。"))
    QUORUM = (
        "quorum",
        _("实到会 %(present)d 人,未超过应到会 %(electors)d 人的五分之四,选举无效。"),
    )
    ONE_SECRETARY = ("one_secretary", _("当选人中须有且只有一名书记。"))
    NONE_ELECTED = ("none_elected", _("请至少选出一名当选人。"))
    ELECTED_MAJORITY = (
        "elected_majority",
        _("“%(name)s”得票 %(votes)d,未超过实到会人数的半数,不能当选。"),
    )
    BAD_YEARS = ("bad_years", _("任期须为 1 到 10 年。"))
    BAD_MONTHS = ("bad_months", _("提醒月数须在 1 到 12 之间,且第一次提醒早于第二次。"))
