from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


@coloured(
    {
        "applicant": "secondary",
        "activist": "azure",
        "candidate": "purple",
        "admit_pending": "orange",
        "probationary": "yellow",
        "confirm_pending": "orange",
        "full": "green",
    }
)
class AdmissionStatus(models.TextChoices):
    """Where a person is in the five stages; the two *_pending states wait on the higher
    committee after a passed branch vote."""

    APPLICANT = "applicant", _("入党申请人")
    ACTIVIST = "activist", _("入党积极分子")
    CANDIDATE = "candidate", _("发展对象")
    ADMIT_PENDING = "admit_pending", _("待党委审批(接收)")
    PROBATIONARY = "probationary", _("预备党员")
    CONFIRM_PENDING = "confirm_pending", _("待党委审批(转正)")
    FULL = "full", _("正式党员")


# Still in the pipeline: shown on the board and reminded.
OPEN_STATUSES = tuple(s for s in AdmissionStatus.values if s != AdmissionStatus.FULL)
PENDING = (AdmissionStatus.ADMIT_PENDING, AdmissionStatus.CONFIRM_PENDING)


class Stage(models.TextChoices):
    """The five stages of 《中国共产党发展党员工作细则》 as the board groups them."""

    APPLICANT = "applicant", _("入党申请")
    ACTIVIST = "activist", _("入党积极分子")
    CANDIDATE = "candidate", _("发展对象")
    PROBATIONARY = "probationary", _("预备党员")
    FULL = "full", _("正式党员")


STAGE_OF = {
    AdmissionStatus.APPLICANT: Stage.APPLICANT,
    AdmissionStatus.ACTIVIST: Stage.ACTIVIST,
    AdmissionStatus.CANDIDATE: Stage.CANDIDATE,
    AdmissionStatus.ADMIT_PENDING: Stage.CANDIDATE,
    AdmissionStatus.PROBATIONARY: Stage.PROBATIONARY,
    AdmissionStatus.CONFIRM_PENDING: Stage.PROBATIONARY,
    AdmissionStatus.FULL: Stage.FULL,
}


class VoteKind(models.TextChoices):
    ADMIT = "admit", _("接收预备党员")
    CONFIRM = "confirm", _("预备党员转正")


class AdmissionAction(models.TextChoices):
    APPLY = "apply", _("递交入党申请")
    TALK = "talk", _("谈话")
    ACTIVIST = "activist", _("确定为入党积极分子")
    REVIEW = "review", _("考察")
    CANDIDATE = "candidate", _("列为发展对象")
    POLITICAL = "political", _("政治审查")
    TRAINING = "training", _("集中培训")
    SPONSORS = "sponsors", _("确定入党介绍人")
    PUBLICITY = "publicity", _("公示")
    VOTE = "vote", _("支部大会表决")
    APPROVE = "approve", _("党委审批通过")
    SEND_BACK = "send_back", _("党委退回")
