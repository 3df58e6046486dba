"""Every code 支部标准化 raises, with its Chinese message; shared codes come from CoreError."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class StandardsError(ErrorCode):
    CHECKLIST_IN_USE = (
        "checklist_in_use",
        _("%(year)s 年度已发起检查,检查表已锁定;需要调整请复制为新年度后修改。"),
        409,
    )
    BAD_POINTS = ("bad_points", _("分值须在 0.5 到 100 分之间。"))
    UNKNOWN_JUDGE = ("unknown_judge", _("请选择平台已启用的判定规则,或选择人工评分。"))
    BAD_THRESHOLD = ("bad_threshold", _("达标分数线须在 0 到检查表总分 %(total)s 分之间。"))
    BAD_SCORE = ("bad_score", _("“%(label)s”的得分须为数字。"))
    SCORE_OUT_OF_RANGE = ("score_out_of_range", _("“%(label)s”的得分须在 0 到 %(max)s 分之间。"))
    BAD_SCORE_STEP = ("bad_score_step", _("“%(label)s”的得分须为 0.5 分的整数倍。"))
    YEAR_EXISTS = ("year_exists", _("%(year)s 年度的检查表已存在。"))
    NO_SOURCE = ("no_source", _("没有 %(year)s 年度的检查表可以复制。"))
    PERIOD_REQUIRED = ("period_required", _("请填写考核期。"))
    BAD_PERIOD = ("bad_period", _("考核期起不能晚于考核期止。"))
    WRONG_YEAR = ("wrong_year", _("考核期须在检查表的年度(%(year)s 年)内。"))
    BAD_DEADLINE = ("bad_deadline", _("自查截止日期不能早于今天。"))
    EMPTY_CHECKLIST = ("empty_checklist", _("该年度检查表还没有标准项。"))
    NO_BRANCHES = ("no_branches", _("所选范围内没有党支部。"))
    PERIOD_TAKEN = ("period_taken", _("这些支部在该考核期已有检查:%(names)s。"))
    ROUND_CLOSED = ("round_closed", _("该轮检查已经结束。"), 409)
    ROUND_CLOSED_EDIT = ("round_closed", _("该轮检查已经结束,不能再修改。"), 409)
    FILES_TOO_MANY = ("files_too_many", _("每项最多上传 %(n)d 个佐证文件。"))
    NOT_EDITABLE = ("not_editable", _("自查已提交,当前为“%(status)s”,不能修改。"), 409)
    NOT_SUBMITTABLE = (
        "not_editable",
        _("只有待自查或已退回的自查才能提交,当前为“%(status)s”。"),
        409,
    )
    FINALIZED = ("finalized", _("已评定的检查不能再刷新判定。"), 409)
    NOT_SUBMITTED = (
        "not_submitted",
        _("只有已提交自查的支部才能%(what)s,当前为“%(status)s”。"),
        409,
    )
    UNSCORED = ("unscored", _("还有 %(n)d 项未评分:%(names)s。"))
    BAD_ITEM = ("bad_item", _("没有这个标准项。"), 404)
    AUTO_ITEM = ("auto_item", _("“%(label)s”由平台根据记录判定,无需自评。"))
    SELF_INCOMPLETE = ("self_incomplete", _("请先为“%(label)s”自评打分。"))
    EVIDENCE_REQUIRED = ("evidence_required", _("“%(label)s”须上传佐证材料:%(what)s。"))
    REASON_REQUIRED = ("reason_required", _("“%(label)s”扣分时须写明扣分理由。"))
    NO_CHECKLIST = ("no_checklist", _("没有该年度的检查表。"), 422)
