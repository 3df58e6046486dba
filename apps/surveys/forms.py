from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm, TextareaField

from .choices import QuestionKind
from .models import SCALE_MAX, SCALE_MIN


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
            else:
                field = TextareaField()
            field.required = False
            field.label = label
            self.fields[f"q_{q.pk}"] = field
        self.style_fields()

    def answers(self) -> dict:
        return {name[2:]: value for name, value in self.cleaned_data.items()}
