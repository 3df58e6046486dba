from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm, TextareaField, UnitTreeChoiceField
from apps.orgs.models import OrgUnit
from apps.orgs.scope import units_reached

from .choices import PersonKind, QuestionKind, SurveyKind
from .models import SCALE_MAX, SCALE_MIN
from .presets import template_choices


class BoxRadio(forms.RadioSelect):
    """Choices as big boxes a thumb can hit (Tabler's select group)."""

    template_name = "surveys/widgets/boxes.html"
    box_type = "radio"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["box_type"] = self.box_type
        return context


class BoxCheckboxes(BoxRadio, forms.CheckboxSelectMultiple):
    """Several choices as big boxes; its `input_type` is not "checkbox", which the shared
    field template lays out as one tick box (the boxes' template writes `box_type`)."""

    allow_multiple_selected = True
    input_type = "multiple"
    box_type = "checkbox"


class AnswerForm(StyledForm):
    """One field per question, named `q_<id>` so the service's refusal lands on its question.
    Whether an answer is required or in range is the service's rule, not the form's."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for n, q in enumerate(questions, start=1):
            label = f"{n}. {q.text}"
            options = [(str(i), text) for i, text in enumerate(q.options)]
            if q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(widget=BoxRadio, choices=options)
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(widget=BoxCheckboxes, choices=options)
            elif q.kind == QuestionKind.SCALE:
                scale = [(str(s), str(s)) for s in range(SCALE_MIN, SCALE_MAX + 1)]
                field = forms.ChoiceField(
                    widget=BoxRadio, choices=scale, help_text=_("1 分最低,5 分最高")
                )
            elif q.kind == QuestionKind.MATRIX:
                field = MatrixField(rows=q.rows)
            else:
                field = TextareaField()
            field.required = False
            field.label = label
            self.fields[f"q_{q.pk}"] = field
        self.style_fields()

    def answers(self) -> dict:
        return {name[2:]: value for name, value in self.cleaned_data.items()}


SCALE_CHOICES = [(str(s), str(s)) for s in range(SCALE_MIN, SCALE_MAX + 1)]


class MatrixWidget(forms.MultiWidget):
    """One row of 1–5 boxes per matrix item, each row under its item's text."""

    template_name = "surveys/widgets/matrix.html"

    def __init__(self, rows):
        self.row_labels = list(rows)
        super().__init__([BoxRadio(choices=SCALE_CHOICES) for _row in rows])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for sub, label in zip(context["widget"]["subwidgets"], self.row_labels, strict=True):
            sub["row_label"] = label
        return context

    def decompress(self, value):
        return list(value) if value else [None] * len(self.row_labels)


class MatrixField(forms.MultiValueField):
    """A matrix's answer: the list of the rows' scores as typed (the service checks them)."""

    def __init__(self, *, rows, **kwargs):
        fields = [forms.ChoiceField(choices=SCALE_CHOICES, required=False) for _row in rows]
        super().__init__(
            fields, widget=MatrixWidget(rows), require_all_fields=False, required=False, **kwargs
        )

    def compress(self, data_list):
        return [v for v in data_list] if any(data_list) else None


def _moment(label):
    return forms.DateTimeField(
        label=label,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class SurveyForm(StyledForm):
    """A survey's head: title, audience (a unit the cadre reaches, optionally only members of
    some kinds) and window; on creation a template may supply the questions (and the title)."""

    template = forms.ChoiceField(
        label=_("从模板创建"),
        required=False,
        help_text=_("选模板则带上模板的全部题目,之后可以修改"),
    )
    title = forms.CharField(label=_("标题"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=SurveyKind.choices)
    counts_for_satisfaction = forms.BooleanField(
        label=_("计入满意度测评得分(量化考核)"), required=False
    )
    intro = TextareaField(label=_("说明"), required=False)
    audience = UnitTreeChoiceField(label=_("调查范围"), queryset=OrgUnit.objects.none())
    person_kinds = forms.MultipleChoiceField(
        label=_("调查对象"),
        choices=PersonKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则为范围内全体在职职工"),
    )
    opens_at = _moment(_("开始时间"))
    closes_at = _moment(_("截止时间"))

    def __init__(self, *args, user, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = units_reached(user).order_by("path")
        if creating:
            self.fields["template"].choices = [("", _("不用模板(空白问卷)")), *template_choices()]
        else:
            del self.fields["template"]

    def clean(self):
        data = super().clean()
        if not data.get("title") and not data.get("template"):
            self.add_error("title", _("请填写标题。"))
        return data


class QuestionForm(StyledForm):
    """A question: options and matrix rows are typed one a line."""

    text = forms.CharField(label=_("题目"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("必答"), required=False, initial=True)
    options = TextareaField(
        label=_("选项"),
        rows=4,
        required=False,
        help_text=_("单选题、多选题填写,每行一个选项"),
    )
    rows = TextareaField(
        label=_("矩阵行"),
        rows=3,
        required=False,
        help_text=_("矩阵题填写,每行一个评价项目,每项打 1–5 分"),
    )

    def __init__(self, *args, question=None, **kwargs):
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "text": question.text,
                    "kind": question.kind,
                    "required": question.required,
                    "options": "\n".join(question.options),
                    "rows": "\n".join(question.rows),
                },
            )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        for name in ("options", "rows"):
            data[name] = (data.get(name) or "").splitlines()
        return data


class CrosstabForm(StyledForm):
    """Two questions to cross: by the answers of `rows`, how those of `columns` split."""

    rows = forms.TypedChoiceField(label=_("行:按此题分组"), coerce=int)
    columns = forms.TypedChoiceField(label=_("列:看此题的分布"), coerce=int)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(q.pk, f"{q.order}. {q.text}") for q in questions]
        for name in ("rows", "columns"):
            self.fields[name].choices = choices
