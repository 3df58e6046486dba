"""Short forms for phones, their fields named as the services' arguments; the services check
the rules (weights, ranges, the cap, the years), so a form only reads what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DayField, StyledForm, TextareaField, UnitTreeChoiceField
from apps.learning.selectors import quizzes_managed
from apps.orgs.forms import PeopleNoField, PersonNoField
from apps.orgs.models import OrgUnit

from .choices import BrandKind, ContestLevel, Grade, HonourKind, MentorshipResult, PoolSource
from .models import TalentLevel, Trade


def _levels():
    return TalentLevel.objects.filter(active=True)


class EntryForm(StyledForm):
    person = PersonNoField(label=_("工号"))
    level = forms.ModelChoiceField(label=_("人才等级"), queryset=_levels(), required=False)
    source = forms.ChoiceField(
        label=_("入库来源"),
        choices=[c for c in PoolSource.choices if c[0] != PoolSource.CONTEST],
    )
    source_text = forms.CharField(
        label=_("入库依据"),
        max_length=200,
        required=False,
        help_text=_("证书名称和编号,或聘任文件的文号"),
    )
    valid_from = DayField(label=_("有效期起"), required=False)
    valid_to = DayField(label=_("有效期止"), required=False, help_text=_("长期有效可不填"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = _levels()


class EntryEndForm(StyledForm):
    valid_to = DayField(label=_("有效期止"), required=False)


class MentorshipForm(StyledForm):
    master = PersonNoField(label=_("师傅工号"))
    apprentice = PersonNoField(label=_("徒弟工号"))
    trade = forms.CharField(label=_("工种"), max_length=50, required=False)
    goal = forms.CharField(label=_("培养目标"), max_length=200, required=False)
    start_on = DayField(label=_("开始日期"), required=False)
    end_on = DayField(label=_("结束日期"), required=False)


class MentorshipResultForm(StyledForm):
    result = forms.ChoiceField(label=_("结果"), choices=MentorshipResult.choices)
    result_note = forms.CharField(label=_("结果说明"), max_length=300, required=False)
    end_on = DayField(label=_("结束日期"), required=False)


class ContestForm(StyledForm):
    title = forms.CharField(label=_("竞赛名称"), max_length=100, required=False)
    level = forms.ChoiceField(label=_("级别"), choices=ContestLevel.choices)
    year = forms.IntegerField(label=_("年度"), required=False)
    unit = UnitTreeChoiceField(label=_("组织单位"), queryset=OrgUnit.objects.none())
    start_on = DayField(label=_("开始日期"), required=False)
    end_on = DayField(label=_("结束日期"), required=False)
    trades = forms.CharField(
        label=_("工种"), max_length=500, required=False, help_text=_("多个工种用逗号或顿号分隔")
    )
    pool_level = forms.ModelChoiceField(label=_("获奖入库等级"), queryset=_levels(), required=False)
    pool_years = forms.IntegerField(label=_("入库有效期(年)"), initial=3, required=False)
    award_cap = forms.DecimalField(
        label=_("个人奖励上限(元)"), max_digits=12, decimal_places=2, required=False
    )
    note = TextareaField(label=_("说明"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["pool_level"].queryset = _levels()


class EntrantForm(StyledForm):
    person = PersonNoField(label=_("选手工号"))
    trade = forms.ModelChoiceField(label=_("工种"), queryset=Trade.objects.none(), required=False)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = Trade.objects.filter(contest=contest)


class RoundForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=[])
    name = forms.CharField(label=_("名称"), max_length=50, required=False)
    held_on = DayField(label=_("日期"), required=False)
    weight = forms.IntegerField(label=_("权重(%)"), required=False)
    max_score = forms.IntegerField(label=_("满分"), initial=100, required=False)
    judges = PeopleNoField(label=_("评委工号"), help_text=_("实操考核必填,多个工号用逗号分隔"))
    quiz = forms.ModelChoiceField(
        label=_("理论考试测验"),
        queryset=None,
        required=False,
        help_text=_("理论考试必选:选手在学习教育中答题,服务器计时,成绩取最好一次"),
    )

    def __init__(self, *args, user, **kwargs):
        from .choices import RoundKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = RoundKind.choices
        self.fields["quiz"].queryset = quizzes_managed(user=user)


class QuizBindForm(StyledForm):
    trade = forms.ModelChoiceField(
        label=_("工种"),
        queryset=None,
        required=False,
        empty_label=_("全部工种(共用测验)"),
        help_text=_("各工种可各用一场测验:选手按本工种的测验计分,未单独绑定的工种用共用测验"),
    )
    quiz = forms.ModelChoiceField(label=_("理论考试测验"), queryset=None, required=False)
    all_trades = forms.BooleanField(
        label=_("所有工种统一使用此测验"),
        required=False,
        help_text=_("清除各工种单独绑定的测验,全部选手按这一场测验计分"),
    )

    def __init__(self, *args, user, round=None, **kwargs):
        from .models import Trade

        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = quizzes_managed(user=user)
        contest_id = round.contest_id if round is not None else None
        self.fields["trade"].queryset = Trade.objects.filter(contest_id=contest_id)


class ScoreForm(StyledForm):
    score = forms.DecimalField(
        label=_("分数"),
        max_digits=8,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


class TeamForm(StyledForm):
    entrants = forms.ModelMultipleChoiceField(
        label=_("参赛队成员"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["entrants"]
        field.queryset = contest.entrants.select_related("person", "trade").order_by(
            "trade_id", "-total", "pk"
        )
        field.label_from_instance = lambda e: (
            f"{e.person.name} · {e.trade.name}" + (f" · {e.total}" if e.total is not None else "")
        )


class ResultForm(StyledForm):
    rank = forms.IntegerField(label=_("名次"), required=False)
    grade = forms.ChoiceField(
        label=_("等级"), choices=[("", _("(无)")), *Grade.choices], required=False
    )
    certificate = forms.CharField(label=_("证书"), max_length=100, required=False)


class AwardForm(StyledForm):
    amount = forms.DecimalField(
        label=_("金额(元)"),
        max_digits=12,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    reason = forms.CharField(label=_("奖励事由"), max_length=200, required=False)


class DecideForm(StyledForm):
    approve = forms.TypedChoiceField(
        label=_("审批意见"),
        choices=[("1", _("批准")), ("0", _("不批准"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class PayForm(StyledForm):
    paid_on = DayField(label=_("发放日期"), required=False)


class BrandForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=BrandKind.choices)
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    unit = UnitTreeChoiceField(label=_("所属单位"), queryset=OrgUnit.objects.none())
    start_on = DayField(label=_("开始日期"), required=False)
    end_on = DayField(label=_("结束日期"), required=False)
    responsibility = TextareaField(label=_("职责和承诺"), required=False)
    members = PeopleNoField(label=_("成员工号"), help_text=_("多个工号用逗号分隔"))
    project = forms.ModelChoiceField(label=_("服务项目(突击队)"), queryset=None, required=False)
    inspection = forms.ModelChoiceField(
        label=_("服务的隐患排查活动(突击队)"),
        queryset=None,
        required=False,
        help_text=_("突击队须选项目或排查活动之一,成效从其记录统计"),
    )

    def __init__(self, *args, units, projects, inspections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["project"].queryset = projects
        self.fields["inspection"].queryset = inspections


class HonourForm(StyledForm):
    """An honour is awarded on a record of the platform: the kind and year (chosen above the
    form) give the candidates, the cadre picks one."""

    kind = forms.ChoiceField(choices=HonourKind.choices, widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput, required=False)
    source = forms.ChoiceField(
        label=_("评选依据"), choices=[], required=False, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("荣誉名称"), max_length=100, required=False, help_text=_("不填则为“年度+类别”")
    )
    awarded_on = DayField(label=_("表彰日期"), required=False)
    note = TextareaField(
        label=_("补充说明"), required=False, help_text=_("如表彰文件的文号,可不填")
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(c.key, c.label) for c in candidates]
