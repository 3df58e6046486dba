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
    PERSON_REQUIRED = ("person_required", _("“%(kind)s”须填写获奖人的工号。"))
    EVIDENCE = ("evidence", _("请写明评选依据(考核结果、竞赛成绩或表彰文件)。"))
