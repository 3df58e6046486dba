from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class PoolSource(models.TextChoices):
    CONTEST = "contest", _("技能竞赛")
    CERTIFICATE = "certificate", _("资格证书")
    APPOINTMENT = "appointment", _("聘任")


class MentorshipResult(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("未达标")


class ContestLevel(models.TextChoices):
    COMPANY = "company", _("公司级")
    GROUP = "group", _("集团级")


class RoundKind(models.TextChoices):
    THEORY = "theory", _("理论考试")
    PRACTICAL = "practical", _("实操考核")


class Grade(models.TextChoices):
    FIRST = "first", _("一等奖")
    SECOND = "second", _("二等奖")
    THIRD = "third", _("三等奖")
    MERIT = "merit", _("优胜奖")


# A prize of these grades is a qualifying result: it enters the person in the talent pool.
QUALIFYING = (Grade.FIRST, Grade.SECOND, Grade.THIRD)


@coloured({"pending": "orange", "approved": "green", "rejected": "secondary"})
class AwardStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class BrandKind(models.TextChoices):
    POST = "post", _("党员先锋岗")
    ZONE = "zone", _("党员责任区")
    COMMANDO = "commando", _("党员突击队")
    BRAND = "brand", _("党建品牌")


class HonourKind(models.TextChoices):
    BRANCH = "branch", _("先进党支部")
    MEMBER = "member", _("优秀共产党员")
    COLLECTIVE = "collective", _("先进集体")
    EXPERT = "expert", _("技术能手")


# Honours given to a person (the others go to a unit).
PERSONAL_HONOURS = (HonourKind.MEMBER, HonourKind.EXPERT)


class Purpose(models.TextChoices):
    PROMOTION = "promotion", _("职务晋升")
    PAY = "pay", _("薪酬等级评定")
    TITLE = "title", _("技术职务聘任")
