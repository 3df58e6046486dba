"""Forms for the learning pages; the services check the rules (a refused form keeps its input)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.forms import DayField, StyledForm, TextareaField, UnitChoiceField
from apps.core.richtext import RichTextField

from .choices import Audience, Difficulty, DrawMode, MaterialKind, QuestionKind, QuizKind, Theme


def _local_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CourseForm(StyledForm):
    title = forms.CharField(label=_("课程名称"), max_length=100)
    theme = forms.ChoiceField(label=_("主题"), choices=Theme.choices)
    hours = forms.DecimalField(
        label=_("学时"), min_value=0.1, max_value=100, decimal_places=1, initial=1
    )
    unit = UnitChoiceField(queryset=None, label=_("开课单位"), empty_label=None)
    summary = RichTextField(label=_("课程简介"), required=False)
    is_library = forms.BooleanField(label=_("列入选学课程库(所有人可学)"), required=False)
    published = forms.BooleanField(label=_("发布"), required=False, initial=True)
    quiz = forms.ModelChoiceField(
        queryset=None, label=_("结课测验(可选)"), required=False, empty_label=_("无")
    )

    def __init__(self, *args, units, quizzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["quiz"].queryset = quizzes


class MaterialForm(StyledForm):
    title = forms.CharField(label=_("标题"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=MaterialKind.choices)
    body = RichTextField(label=_("正文(图文)"), required=False)
    upload = forms.FileField(
        label=_("文件(PDF 或 MP4/WebM 视频)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.mp4,.webm"}),
    )
    url = forms.CharField(label=_("链接"), required=False, max_length=200)


class AssignmentForm(StyledForm):
    course = forms.ModelChoiceField(queryset=None, label=_("课程"), empty_label=None)
    unit = UnitChoiceField(queryset=None, label=_("单位"), empty_label=None)
    audience = forms.ChoiceField(label=_("参加范围"), choices=Audience.choices)
    starts_on = DayField(label=_("开始日期"))
    due_on = DayField(label=_("完成期限"))

    def __init__(self, *args, units, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["course"].queryset = courses


class BankForm(StyledForm):
    name = forms.CharField(label=_("题库名称"), max_length=100)
    unit = UnitChoiceField(queryset=None, label=_("所属单位"), empty_label=None)
    description = TextareaField(label=_("说明"), required=False, max_length=2000, rows=2)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class QuestionForm(StyledForm):
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices)
    stem = TextareaField(label=_("题干"), max_length=2000)
    options = TextareaField(label=_("选项(每行一个,依次为 A、B、C…)"), required=False, rows=4)
    answer = forms.CharField(
        label=_("答案"),
        max_length=200,
        help_text=_("单选填字母;多选如 ACD;判断填 对/错;填空多种写法用 | 分隔"),
    )
    explanation = TextareaField(label=_("解析"), required=False, max_length=2000, rows=2)
    tags = forms.CharField(label=_("标签(逗号分隔)"), required=False, max_length=200)
    difficulty = forms.TypedChoiceField(
        label=_("难度"), choices=Difficulty.choices, coerce=int, initial=Difficulty.MEDIUM
    )


class ImportForm(StyledForm):
    upload = forms.FileField(
        label=_("Excel 文件(.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class QuizForm(StyledForm):
    title = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=QuizKind.choices)
    unit = UnitChoiceField(queryset=None, label=_("所属单位"), empty_label=None)
    audience = forms.ChoiceField(label=_("参加范围"), choices=Audience.choices)
    description = TextareaField(label=_("说明"), required=False, max_length=5000, rows=2)
    opens_at = forms.DateTimeField(label=_("开始时间"), widget=_local_input())
    closes_at = forms.DateTimeField(label=_("截止时间"), widget=_local_input())
    time_limit_minutes = forms.IntegerField(
        label=_("答题时限(分钟)"), min_value=1, max_value=600, initial=30
    )
    max_attempts = forms.IntegerField(label=_("可答次数"), min_value=1, max_value=20, initial=1)
    pass_score = forms.DecimalField(
        label=_("及格分(百分制)"), min_value=0, max_value=100, initial=60, decimal_places=1
    )
    draw_mode = forms.ChoiceField(label=_("组卷方式"), choices=DrawMode.choices)
    questions = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("固定试题"),
        required=False,
        help_text=_(
            "组卷方式为“固定试题”时选择;按住 Ctrl 可多选,在地址后加 ?bank=题库编号 只列该题库"
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    banks = forms.ModelMultipleChoiceField(queryset=None, label=_("抽题题库"), required=False)
    draw_tag = forms.CharField(label=_("抽题标签(可选)"), required=False, max_length=30)
    draw_difficulty = forms.TypedChoiceField(
        label=_("抽题难度"),
        choices=[("", _("不限")), *Difficulty.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    draw_count = forms.IntegerField(label=_("抽题数量"), min_value=1, max_value=200, initial=10)
    show_ranking = forms.BooleanField(
        label=_("公布个人排名(测验默认不公布;知识竞赛总是排名)"), required=False
    )

    def __init__(self, *args, units, banks, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["banks"].queryset = banks
        self.fields["questions"].queryset = questions


class EssayContestForm(StyledForm):
    title = forms.CharField(label=_("征文主题"), max_length=100)
    unit = UnitChoiceField(queryset=None, label=_("所属单位"), empty_label=None)
    audience = forms.ChoiceField(label=_("征集范围"), choices=Audience.choices)
    description = TextareaField(label=_("征文启事"), required=False, max_length=10000, rows=4)
    opens_at = forms.DateTimeField(label=_("征集开始"), widget=_local_input())
    closes_at = forms.DateTimeField(label=_("征集截止"), widget=_local_input())
    judges = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label=_("评委(账号)"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, units, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["judges"].queryset = judges


class EssaySubmitForm(StyledForm):
    title = forms.CharField(label=_("题目"), max_length=100)
    body = TextareaField(label=_("正文"), required=False, max_length=50000, rows=10)
    upload = forms.FileField(
        label=_("或上传文件(PDF / Word .docx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )


class ScoreForm(StyledForm):
    score = forms.DecimalField(label=_("分数(0–100)"), min_value=0, max_value=100, decimal_places=1)
    comment = forms.CharField(label=_("评语"), required=False, max_length=500)


class PeriodForm(forms.Form):
    """The period of the hours and summary pages (?year=2026&quarter=2) and, for a summary, the
    unit; a value that is not one is ignored."""

    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        choices=[(q, q) for q in range(1, 5)], coerce=int, required=False, empty_value=None
    )
    unit = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units

    def value(self, name, default=None):
        """The field's clean value, or `default` when it is missing or not valid."""
        self.is_valid()
        value = getattr(self, "cleaned_data", {}).get(name)
        return default if value is None else value


class RankingForm(forms.Form):
    """?unit= on a ranking: one unit's people."""

    unit = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
