from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


@coloured({"plan": "blue", "progress": "green", "case": "red"})
class PostKind(models.TextChoices):
    PLAN = "plan", _("工作计划")
    PROGRESS = "progress", _("进展动态")
    CASE = "case", _("优秀案例")


class Audience(models.TextChoices):
    COMPANY = "company", _("全公司")
    SCOPE = "scope", _("指定范围")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("年度")
    QUARTER = "quarter", _("季度")
    MONTH = "month", _("月度")
