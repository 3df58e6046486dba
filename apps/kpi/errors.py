"""Every code 量化考核 raises, with its Chinese message; shared codes come from CoreError."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class KpiError(ErrorCode):
    WEIGHTS_NOT_100 = ("weights_not_100", _("各指标权重之和须为 100,当前为 %(total)s。"))
    NO_ITEMS = ("no_items", _("考核方案至少需要一项指标。"))
    SCHEME_LOCKED = (
        "scheme_locked",
        _("该方案已有锁定的考核期,不能再修改指标和权重。"),
        409,
    )
    LOCKED = (
        "locked",
        _("该考核期已锁定,考核结果是定稿快照,不能再计算、评分或加减分。"),
        409,
    )
    NOT_OPEN = (
        "not_open",
        _("该考核期已进入公示,不能再计算或修改评分;如有错误请通过申诉更正。"),
        409,
    )
    SCHEME_DRAFT = ("scheme_draft", _("考核方案尚未启用,请核对权重并启用后再计算。"), 409)
    NOT_COMPUTED = ("not_computed", _("该考核期尚未计算得分,请先计算再公示。"), 409)
    NOT_ASSESSOR = ("not_assessor", _("只有考核范围内的党群工作部人员可以执行此操作。"), 403)
    COMPUTING = ("computing", _("该考核期正在计算,请等待完成。"), 409)
    NOT_PUBLIC = ("not_public", _("该考核期不在公示期内,不能申诉。"), 409)
    WINDOW_CLOSED = (
        "window_closed",
        _("公示期已于 %(day)s 结束,不能再提出申诉。如有异议请联系党群工作部。"),
        409,
    )
    WINDOW_OPEN = ("window_open", _("公示期到 %(day)s 才结束,公示结束后才能锁定。"), 409)
    OBJECTIONS_PENDING = (
        "objections_pending",
        _("还有 %(n)d 条申诉未答复,全部答复后才能锁定。"),
        409,
    )
    REASON_REQUIRED = ("reason_required", _("请填写申诉理由。"))
    ANSWER_REQUIRED = ("answer_required", _("请填写答复意见;不予采纳时须说明理由。"))
    NOT_OWN_UNIT = ("not_own_unit", _("只能对本单位的考核结果申诉。"), 403)
    LINE_OTHER_CARD = ("line_other_card", _("该得分项不属于这份考核结果。"))
    ALREADY_ANSWERED = ("already_answered", _("该申诉已答复。"), 409)
    OBJECTION_OPEN = ("objection_open", _("本单位已有一条待答复的同项申诉,请等待答复。"), 409)
    LINEAR_INCOMPLETE = ("bad_rule", _("“%(name)s”按线性计分,请填写不相等的底线值和目标值。"))
    STEPS_EMPTY = ("bad_rule", _("“%(name)s”按分档计分,请填写分档表。"))
    NO_CALCULATOR = ("no_calculator", _("指标“%(name)s”没有可用的计算器,请改为人工评分。"))
    COEFFICIENT_ORDER = (
        "coefficient_order",
        _("系数须按优秀 ≥ 良好 ≥ 一般 ≥ 较差 ≥ 0 设置。"),
    )
    NO_BRANCH = ("no_branch", _("“%(name)s”不是党员或没有所在党支部,不能安排述职评议。"))
    REVIEW_EXISTS = ("review_exists", _("“%(name)s”在本考核期已有述职评议。"), 409)
    BAD_SCORE = ("bad_score", _("述职得分须在 0 到 100 之间。"))
    NOT_VOTER = ("not_voter", _("只有该党支部的党员可以参加民主评议,述职人本人除外。"), 403)
    VOTED = ("voted", _("您已参加过这次民主评议,每人只能投一票。"), 409)


# The setup of indicators, schemes, manual scores and adjustments (setup_services).
class KpiSetupError(ErrorCode):
    CODE_TAKEN = ("indicator_code_taken", _("指标编码“%(code)s”已被使用,请换一个。"))
    BAD_CODE = ("bad_indicator_code", _("编码只能用字母、数字、点、下划线和短横线,最长 64 位。"))
    NO_CALCULATOR = ("calculator_required", _("平台计算的指标须选择一个计算器。"))
    BAD_UNIT_KIND = ("bad_unit_kind", _("请选择有效的组织类型。"))
    BAD_YEAR = ("bad_year", _("年度须在 2000 到 2100 之间。"))
    ITEM_TWICE = ("item_twice", _("“%(name)s”已在该方案中。"))
    WRONG_KIND = ("indicator_kind", _("指标“%(name)s”不适用于%(kind)s。"))
    BAD_WEIGHT = ("bad_weight", _("权重须大于 0、不超过 100,最多两位小数。"))
    BAD_NUMBER = ("bad_number", _("%(label)s须是不超过 8 位整数、4 位小数的数字。"))
    BAD_STEPS = ("bad_steps", _("分档表每行为“阈值 得分比例”,得分比例在 0 到 100 之间。"))
    SCHEME_NOT_OPEN = (
        "scheme_not_open",
        _("请先开启考核方案(权重之和须为 100),再生成考核期。"),
        409,
    )
    PERIODS_DONE = ("periods_exist", _("%(year)s 年的考核期已全部生成。"), 409)
    NOT_MANUAL = ("not_manual", _("“%(name)s”由平台计算,不能人工评分。"))
    PERIOD_NOT_OPEN = (
        "period_not_open",
        _("该考核期已进入公示或已锁定,不能再评分或加减分。"),
        409,
    )
    UNIT_OUTSIDE = ("unit_outside", _("“%(unit)s”不在本考核期的考核范围内,或不归您评定。"))
    BAD_VALUE = ("bad_value", _("“%(unit)s”的评分不是有效的数字。"))
    OUT_OF_RANGE = ("value_out_of_range", _("“%(unit)s”的评分须在 %(low)s 到 %(high)s 之间。"))
    NEGATIVE = ("value_negative", _("“%(unit)s”的评分不能小于 %(low)s。"))
    BAD_RANGE = ("bad_range", _("最大值须大于最小值。"))
    EVIDENCE_REQUIRED = ("evidence_required", _("请为“%(unit)s”上传佐证材料。"))
    BAD_POINTS = ("bad_points", _("加分、扣分的分值须大于 0 且不超过 100。"))
    VETO_POINTS = ("veto_points", _("一票否决的扣分须在 0 到 100 之间(0 表示只限定等次)。"))
