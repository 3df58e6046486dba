"""Every code of 人才队伍 (竞赛, 人才库, 荣誉) with its Chinese message; the generic ones are
CoreError's."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class TalentError(ErrorCode):
    LEVEL_UNKNOWN = ("level_unknown", _("请选择人才等级。"))
    VALID_DATES = ("valid_dates", _("有效期止不能早于有效期起。"))
    SOURCE_TEXT = ("source_text", _("请写明入库依据(竞赛名称和名次、证书名称或聘任文件)。"))
    SAME_PERSON = ("same_person", _("师傅和徒弟不能是同一人。"))
    PAIR_EXISTS = ("pair_exists", _("“%(master)s”和“%(apprentice)s”已结为师徒。"), 409)
    YEAR = ("year", _("年度须在 %(low)d 到 %(high)d 之间。"))
    CONTEST_DATES = ("contest_dates", _("结束日期不能早于开始日期。"))
    CAP = ("cap", _("个人奖励上限须在 0 到 1000000 元之间。"))
    TRADE_REQUIRED = ("trade_required", _("请填写至少一个工种。"))
    TRADE_UNKNOWN = ("trade_unknown", _("请选择本竞赛的工种。"))
    ENTRANT_EXISTS = ("entrant_exists", _("“%(name)s”已报名本竞赛。"), 409)
    WEIGHT = ("weight", _("权重须为 1 到 100 的整数。"))
    WEIGHTS_OVER = ("weights_over", _("各轮权重之和不能超过 100(已有 %(used)d)。"))
    WEIGHTS_SUM = ("weights_sum", _("各轮权重之和须为 100(现为 %(total)d),请先调整。"))
    MAX_SCORE = ("max_score", _("满分须为 1 到 1000 的整数。"))
    JUDGES_REQUIRED = ("judges_required", _("实操考核须指定至少一名评委。"))
    NOT_JUDGE = ("not_judge", _("您不是本轮的评委,不能评分。"), 403)
    SCORED = ("scored", _("您已给“%(name)s”评过分,不能重复评分。"), 409)
    SCORE_RANGE = ("score_range", _("分数须在 0 到 %(max)s 之间。"))
    NOT_ENTRANT = ("not_entrant", _("该选手不属于本竞赛。"))
    RANK = ("rank", _("名次须为 1 到 9999 的整数。"))
    AMOUNT = ("amount", _("奖励金额须大于 0 元,最多两位小数。"))
    OVER_CAP = (
        "over_cap",
        _("“%(name)s”在本竞赛的奖励合计将达 %(total)s 元,超过个人上限 %(cap)s 元。"),
    )
    AWARD_DECIDED = ("award_decided", _("该奖励已审批。"), 409)
    NOT_APPROVED = ("not_approved", _("奖励批准后才能登记发放。"), 409)
    PAID = ("paid", _("该奖励已登记发放。"), 409)
    PERIOD = ("period", _("结束日期不能早于开始日期。"))
    MEMBERS_REQUIRED = ("members_required", _("请填写至少一名成员的工号。"))
    QUIZ_NEEDED = ("contest_quiz_needed", _("理论考试须绑定一场学习教育的测验,成绩从测验取得。"))
    QUIZ_UNKNOWN = ("contest_quiz_unknown", _("请选择您管理范围内的测验。"))
    QUIZ_ALL_OR_TRADE = (
        "contest_quiz_all_or_trade",
        _("“所有工种统一使用”与选择单个工种只能二选一。"),
    )
    QUIZ_UNBOUND = (
        "contest_quiz_unbound",
        _("理论考试“%(round)s”未绑定测验,不能计算总分;请先绑定测验。"),
        409,
    )
    QUIZ_OPEN = (
        "contest_quiz_open",
        _("测验“%(quiz)s”%(closes)s 截止,截止后才能取理论成绩计算总分。"),
        409,
    )
    THEORY_FROM_QUIZ = (
        "contest_theory_from_quiz",
        _("理论考试成绩取自绑定的测验,不能手工录入。"),
        409,
    )
    SOURCE_UNKNOWN = (
        "honour_source_unknown",
        _("请从%(year)s年度“%(kind)s”的候选名单中选择评选依据。"),
    )
    HONOURED = ("honour_given", _("该记录已作为一项“%(kind)s”的评选依据,不能重复表彰。"), 409)
    SERVED_UNKNOWN = ("commando_served_unknown", _("请选择您能看到的项目或隐患排查活动。"))
    SERVED_REQUIRED = (
        "commando_served_required",
        _("党员突击队须关联所服务的项目或隐患排查活动,成效从其记录统计。"),
    )
