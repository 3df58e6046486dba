from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


@coloured(
    {
        "draft": "secondary",
        "open": "blue",
        "review": "azure",
        "rounds": "purple",
        "publicity": "orange",
        "appointed": "green",
        "closed": "secondary",
        "cancelled": "secondary",
    }
)
class SelectionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("报名中")
    REVIEW = "review", _("资格审查")
    ROUNDS = "rounds", _("考试考核")
    PUBLICITY = "publicity", _("公示中")
    APPOINTED = "appointed", _("任期中")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已终止")


class SelectionAction(models.TextChoices):
    CREATE = "create", _("起草公告")
    PUBLISH = "publish", _("发布公告")
    CLOSE_APPLY = "close_apply", _("截止报名")
    START_ROUNDS = "start_rounds", _("开始考试考核")
    PUBLICIZE = "publicize", _("排名并公示")
    APPOINT = "appoint", _("任命")
    TERM_REVIEW = "term_review", _("任期考核")
    CANCEL = "cancel", _("终止竞聘")
    EXCEPTION = "exception", _("破格审查")
    NOTE = "note", _("考察意见")
    OBJECTION = "objection", _("收到异议")
    ANSWER = "answer", _("答复异议")


S = SelectionStatus
A = SelectionAction

# The state machine: each action, the states it may be taken from and the state it leads to
# (None: the state stays).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    A.PUBLISH: ((S.DRAFT,), S.OPEN),
    A.CLOSE_APPLY: ((S.OPEN,), S.REVIEW),
    A.START_ROUNDS: ((S.REVIEW,), S.ROUNDS),
    A.PUBLICIZE: ((S.ROUNDS,), S.PUBLICITY),
    A.APPOINT: ((S.PUBLICITY,), S.APPOINTED),
    # Renewal keeps the state (a new term); a new selection closes it (the service says which).
    A.TERM_REVIEW: ((S.APPOINTED,), None),
    A.CANCEL: ((S.DRAFT, S.OPEN, S.REVIEW, S.ROUNDS, S.PUBLICITY), S.CANCELLED),
    A.EXCEPTION: ((S.OPEN, S.REVIEW), None),
    A.NOTE: ((S.ROUNDS, S.PUBLICITY), None),
    A.OBJECTION: ((S.PUBLICITY,), None),
    A.ANSWER: ((S.PUBLICITY, S.APPOINTED), None),
}


@coloured({"eligible": "green", "pending": "orange", "admitted": "teal", "refused": "secondary"})
class ApplicantStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("资格符合")
    PENDING = "pending", _("待破格审查")
    ADMITTED = "admitted", _("破格入围")
    REFUSED = "refused", _("未入围")


# Who goes on to the rounds.
IN_ROUNDS = (ApplicantStatus.ELIGIBLE, ApplicantStatus.ADMITTED)


class Grade(models.TextChoices):
    """The 民主测评 choices; each counts as the score beside it in the weighted total."""

    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


GRADE_SCORE = {
    Grade.EXCELLENT: 100,
    Grade.COMPETENT: 80,
    Grade.BASIC: 60,
    Grade.INCOMPETENT: 0,
}


class VoteRound(models.TextChoices):
    SELECTION = "selection", _("竞聘民主测评")
    TERM = "term", _("任期民主测评")


class TermOutcome(models.TextChoices):
    RENEW = "renew", _("续聘")
    RESELECT = "reselect", _("重新竞聘")
