from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class IncomeKind(models.TextChoices):
    """Which column of the 2008 standard a member's dues follow."""

    SALARY = "salary", _("在职(按工资收入)")
    RETIRED = "retired", _("离退休(按离退休费)")
    NO_INCOME = "no_income", _("学生或无收入")


class BaseSource(models.TextChoices):
    ENTERED = "entered", _("手工录入")
    IMPORTED = "imported", _("工资表导入")


class PayMethod(models.TextChoices):
    CASH = "cash", _("现金")
    TRANSFER = "transfer", _("转账")
    PROXY = "proxy", _("他人代交")
    EXEMPT = "exempt", _("批准免交")


class ReliefKind(models.TextChoices):
    REDUCE = "reduce", _("少交")
    EXEMPT = "exempt", _("免交")


@coloured({"pending": "orange", "approved": "green", "rejected": "secondary"})
class ReliefStatus(models.TextChoices):
    PENDING = "pending", _("待党委审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


@coloured({"submitted": "orange", "confirmed": "green"})
class RemittanceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待党委确认")
    CONFIRMED = "confirmed", _("已确认")


class ImportStatus(models.TextChoices):
    PARSED = "parsed", _("待确认")
    APPLYING = "applying", _("导入中")
    DONE = "done", _("已导入")
    FAILED = "failed", _("失败")
