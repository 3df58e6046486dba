"""Survey templates (问卷模板) as data: a new survey made from one starts with these questions,
which the builder may then change like any others."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import QuestionKind, SurveyKind
from .models import Question, Survey

S, M, SCALE, MATRIX, TEXT = (
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.SCALE,
    QuestionKind.MATRIX,
    QuestionKind.TEXT,
)


@dataclass(frozen=True)
class Q:
    text: str
    kind: str
    options: tuple = ()
    rows: tuple = ()
    required: bool = True


@dataclass(frozen=True)
class Template:
    key: str
    label: object
    title: str
    kind: str
    intro: str
    counts_for_satisfaction: bool
    questions: tuple

    def build(self, survey: Survey) -> list[Question]:
        """The template's questions for `survey`, unsaved (the caller inserts them in bulk)."""
        return [
            Question(
                survey=survey,
                order=n,
                text=q.text,
                kind=q.kind,
                required=q.required,
                options=list(q.options),
                rows=list(q.rows),
            )
            for n, q in enumerate(self.questions, start=1)
        ]


SATISFACTION = Template(
    key="satisfaction",
    label=_("职工满意度测评"),
    title="职工满意度测评",
    kind=SurveyKind.SATISFACTION,
    intro="本次测评匿名进行,不记录您的姓名和提交时间,结果只按 5 人以上的群体统计。"
    "请根据实际感受如实评价,1 分为很不满意,5 分为很满意。",
    counts_for_satisfaction=True,
    questions=(
        Q("您对本单位党群工作的总体满意度", SCALE),
        Q(
            "请对以下生活保障项目打分",
            MATRIX,
            rows=("职工食堂(饭菜质量、价格、供餐时间)", "职工宿舍(住宿条件、维修)", "通勤班车"),
        ),
        Q("您对薪酬待遇的满意度", SCALE),
        Q("您对个人职业发展(培训、晋升通道)的满意度", SCALE),
        Q("您对“急难愁盼”问题办理情况的满意度", SCALE),
        Q(
            "您是否通过平台或工会反映过“急难愁盼”问题?",
            S,
            options=("反映过,已解决", "反映过,尚未解决", "没有反映过"),
        ),
        Q(
            "您最希望改进的方面(可多选)",
            M,
            options=("食堂", "宿舍", "通勤", "薪酬", "培训与晋升", "劳动保护", "文体活动"),
        ),
        Q("您对党群工作的意见和建议", TEXT, required=False),
    ),
)

THOUGHT = Template(
    key="thought",
    label=_("思想动态调查"),
    title="职工思想动态调查",
    kind=SurveyKind.THOUGHT,
    intro="为及时了解职工的思想状况和关心的问题,特开展本次调查。问卷匿名,不记录姓名和提交时间。",
    counts_for_satisfaction=False,
    questions=(
        Q(
            "您近期的总体思想状态",
            S,
            options=("积极向上", "比较稳定", "有些波动", "压力较大"),
        ),
        Q("您对企业发展前景的信心", SCALE),
        Q(
            "您当前最关注的问题(可多选)",
            M,
            options=(
                "收入分配",
                "岗位调整",
                "职业发展",
                "安全生产",
                "子女教育",
                "住房",
                "身体健康",
                "企业改革",
            ),
        ),
        Q(
            "您的压力主要来源于(可多选)",
            M,
            options=("工作任务重", "倒班作息", "收入偏低", "家庭负担", "人际关系", "考核压力"),
        ),
        Q(
            "遇到困难时,您首先会找谁?",
            S,
            options=("班组长", "党支部书记", "工会", "同事朋友", "家人", "不找人"),
        ),
        Q("您认为当前班组和车间存在的苗头性问题", TEXT, required=False),
        Q("您的意见和建议", TEXT, required=False),
    ),
)

TEMPLATES = {t.key: t for t in (SATISFACTION, THOUGHT)}


def template_choices() -> list[tuple[str, object]]:
    return [(t.key, t.label) for t in TEMPLATES.values()]
