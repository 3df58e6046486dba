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
