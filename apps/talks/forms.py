from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DayField, StyledForm, TextareaField
from apps.orgs.models import Person

from .choices import PersonState, TalkKind, TalkPlace
from .models import RUBRIC, RUBRIC_MAX, ConcernTag, TalkPolicy
from .services import ANALYSIS_MAX, FOLLOW_UP_MAX, NOTE_MAX, SUMMARY_MAX


class PersonPickField(forms.CharField):
    """A person by 工号, "工号 姓名" (what the picker's list fills in) or a name that is unique
    among `people`. Whether the cadre may talk with them is the service's rule."""

    def __init__(self, **kwargs):
        self.people = Person.objects.none()
        super().__init__(
            max_length=60,
            widget=forms.TextInput(
                attrs={"list": "tk-people", "autocomplete": "off", "placeholder": _("工号或姓名")}
            ),
            **kwargs,
        )

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        no = text.split()[0]
        found = Person.objects.filter(employee_no=no).select_related("department", "team").first()
        if found is not None:
            return found
        named = list(self.people.filter(name=text).select_related("department", "team")[:2])
        if len(named) == 1:
            return named[0]
        if named:
            raise forms.ValidationError(
                _("有多名职工叫“%(name)s”,请输入工号。"), params={"name": text}
            )
        raise forms.ValidationError(
            _("没有找到“%(text)s”,请输入工号或姓名。"), params={"text": text}
        )


def _chips(label, choices, initial) -> forms.ChoiceField:
    """One of a few choices, shown as chips (talks/_chips.html)."""
    return forms.ChoiceField(
        label=label, choices=choices.choices, initial=initial, widget=forms.RadioSelect
    )


class TalkForm(StyledForm):
    """记录谈话: what a cadre fills on a phone in under a minute (chips, one short text)."""

    person = PersonPickField(label=_("谈话对象"), required=False)
    day = DayField(label=_("谈话日期"))
    kind = _chips(_("谈话类型"), TalkKind, TalkKind.DAILY)
    place = _chips(_("谈话地点"), TalkPlace, TalkPlace.TEAM)
    state = _chips(_("思想状态"), PersonState, PersonState.STABLE)
    tags = forms.ModelMultipleChoiceField(
        label=_("关注问题"),
        queryset=ConcernTag.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    concern_note = forms.CharField(
        label=_("问题说明"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("选了关注问题时,简要写明具体情况,便于转为诉求或督办。"),
    )
    summary = TextareaField(
        label=_("谈话要点"), max_length=SUMMARY_MAX, rows=3, placeholder=_("谈了什么、职工怎么想")
    )
    follow_up = forms.CharField(label=_("后续跟进"), max_length=FOLLOW_UP_MAX, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate().isoformat()  # what a date input reads
        if people is not None:
            self.fields["person"].people = people


class ReportForm(StyledForm):
    analysis = TextareaField(
        label=_("思想动态分析"),
        max_length=ANALYSIS_MAX,
        rows=8,
        placeholder=_("结合上面的数据,分析职工的思想动态、苗头性倾向性问题及其原因"),
    )
    measures = TextareaField(label=_("工作措施"), max_length=ANALYSIS_MAX, rows=4, required=False)


class ScoreForm(StyledForm):
    note = TextareaField(label=_("评语"), max_length=1000, rows=3, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scores = {
            field: forms.IntegerField(
                label=f"{label}(0–{RUBRIC_MAX})",
                min_value=0,
                max_value=RUBRIC_MAX,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            for field, label in RUBRIC
        }
        self.fields = {**scores, **self.fields}
        self.style_fields()


class PolicyForm(StyledForm):
    months_per_cycle = forms.TypedChoiceField(
        label=_("覆盖周期"),
        coerce=int,
        choices=TalkPolicy._meta.get_field("months_per_cycle").choices,
        help_text=_("每名在职职工在一个周期内至少谈话一次;周期从每年 1 月 1 日算起。"),
    )
