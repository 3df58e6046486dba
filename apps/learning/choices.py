from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import coloured


class Theme(models.TextChoices):
    SITUATION = "situation", _("形势任务教育")
    CHARTER = "charter", _("党章党规")
    SAFETY = "safety", _("安全生产")
    TURNAROUND = "turnaround", _("扭亏脱困")
    INTEGRITY = "integrity", _("廉政教育")  # counted by apps.integrity's education coverage
    OTHER = "other", _("其他")


class MaterialKind(models.TextChoices):
    TEXT = "text", _("图文")
    PDF = "pdf", _("PDF 文件")
    VIDEO = "video", _("视频文件")
    LINK = "link", _("外部链接")


class Audience(models.TextChoices):
    SUBTREE = "subtree", _("本单位及下级全体人员")
    MEMBERS = "members", _("仅党员")
    ALL = "all", _("全体职工")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "truefalse", _("判断题")
    FILL = "fill", _("填空题")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("容易")
    MEDIUM = 2, _("中等")
    HARD = 3, _("困难")


class QuizKind(models.TextChoices):
    QUIZ = "quiz", _("测验")
    CONTEST = "contest", _("知识竞赛")


class DrawMode(models.TextChoices):
    FIXED = "fixed", _("固定试题")
    RANDOM = "random", _("随机抽题")


@coloured({"open": "blue", "judging": "orange", "published": "green"})
class EssayStatus(models.TextChoices):
    OPEN = "open", _("征集中")
    JUDGING = "judging", _("评审中")
    PUBLISHED = "published", _("已公布")
