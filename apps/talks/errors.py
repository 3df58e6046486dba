from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class TalkError(ErrorCode):
    """What the 谈心谈话 and 思想动态 writes refuse."""

    NO_PERSON = ("talk_no_person", _("请选择谈话对象(输入工号或姓名)。"))
    OUT_OF_SCOPE = (
        "talk_out_of_scope",
        _("%(name)s 不在您的谈心谈话范围内:只能为您所任党组织职务覆盖的职工记录谈话。"),
    )
    NOT_RECORDER = (
        "talk_not_recorder",
        _("只有党委、党总支、党支部书记及支部委员、党群工作部可以记录谈心谈话。"),
        403,
    )
    FUTURE_DAY = ("talk_future_day", _("谈话日期不能晚于今天。"))
    BAD_TAG = ("talk_bad_tag", _("关注问题的标签不存在或已停用。"))
    ALREADY_LINKED = ("talk_concern_linked", _("这个问题已经转为诉求或督办,不能重复转办。"), 409)
    NO_APPEAL_CATEGORY = (
        "talk_no_appeal_category",
        _("急难愁盼还没有启用的诉求类别,请管理员先在后台添加。"),
        409,
    )
    NOT_FOLLOWING = ("talk_not_following", _("这个问题没有在督办中,无需办结。"), 409)
    REPORT_EXISTS = ("talk_report_exists", _("%(unit)s %(period)s 的思想动态调研报告已报送。"), 409)
    NOT_REPORTER = ("talk_not_reporter", _("您不能为这个单位报送思想动态调研报告。"), 403)
    ANALYSIS_SHORT = ("talk_analysis_short", _("思想动态分析至少写 %(min)d 个字。"))
    NOT_ASSESSOR = ("talk_not_assessor", _("只有党群工作部(党委)可以为调研报告评分。"), 403)
    BAD_SCORE = ("talk_bad_score", _("每项评分应在 0 到 %(max)d 分之间。"))
    SCORED = ("talk_report_scored", _("这份报告已评分。"), 409)
    NOT_SETTER = ("talk_not_setter", _("只有党群管理员或系统管理员可以修改谈心谈话设置。"), 403)
    BAD_QUARTER = ("talk_bad_quarter", _("只能报送已开始的季度。"))
