from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class SelectionError(ErrorCode):
    WEIGHTS = (
        "selection_weights",
        _("笔试、面试、民主测评的权重之和须为 100(现为 %(total)s)。"),
    )
    NOT_TEAM = ("selection_not_team", _("竞聘岗位须是一个班组。"))
    AGE_RANGE = ("selection_age_range", _("年龄下限不能大于上限。"))
    WINDOW = ("selection_window", _("报名截止日期不能早于开始日期。"))
    QUIZ_NEEDED = ("selection_quiz_needed", _("笔试权重大于 0 时,须绑定一场笔试测验。"))
    AUDIENCE = ("selection_audience", _("发布范围须包含竞聘的班组。"))
    NOT_OPEN = ("selection_not_open", _("现在不在报名时间内(%(start)s 至 %(end)s)。"))
    APPLIED = ("selection_applied", _("您已报名本次竞聘,不能重复报名。"), 409)
    NO_PERSON = ("selection_no_person", _("您的账号没有关联职工档案,无法报名。"))
    NOT_MET = (
        "selection_not_met",
        _("不符合报名条件:%(unmet)s。如确有特殊情况,请勾选“申请破格”并写明理由。"),
    )
    REASON_NEEDED = ("selection_reason_needed", _("请写明破格理由。"))
    NOT_PENDING = ("selection_not_pending", _("该报名不在待破格审查状态。"), 409)
    NOT_JUDGE = ("selection_not_judge", _("您不是本次竞聘的评委。"), 403)
    SCORED = ("selection_scored", _("您已为该人选评过分,不能重复评分。"), 409)
    SCORE_RANGE = ("selection_score_range", _("评分须在 0 到 100 之间。"))
    NOT_CANDIDATE = ("selection_not_candidate", _("该人选未进入考试考核环节。"))
    NOT_MEMBER = ("selection_not_member", _("只有“%(team)s”的成员可以参加民主测评。"), 403)
    VOTED = ("selection_voted", _("您已参加过本次民主测评,每人只能投一次票。"), 409)
    VOTE_INCOMPLETE = ("selection_vote_incomplete", _("请为每一位人选选择测评等次。"))
    SCORES_MISSING = (
        "selection_scores_missing",
        _("还有评委未评分或笔试成绩未出:%(names)s。"),
    )
    NO_CANDIDATES = ("selection_no_candidates", _("没有进入考试考核的人选。"))
    PUBLICITY_OVER = ("selection_publicity_over", _("公示期已于 %(end)s 结束,不再受理异议。"))
    PUBLICITY_RUNNING = (
        "selection_publicity_running",
        _("公示期至 %(end)s 结束,公示期满后才能任命。"),
    )
    OPEN_OBJECTIONS = ("selection_open_objections", _("还有 %(n)d 条异议未答复。"))
    ANSWERED = ("selection_answered", _("该异议已答复。"), 409)
