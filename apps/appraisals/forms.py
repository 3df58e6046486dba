"""Forms of 民主评议 and 换届, fields named as the services' arguments."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import (
    DayField,
    StyledForm,
    TextareaField,
    UnitChoiceField,
    UnitTreeChoiceField,
)
from apps.orgs.models import Person

from .choices import Grade, Post
from .models import TermSettings


class OpenForm(StyledForm):
    branch = UnitChoiceField(label=_("党支部"), queryset=None)
    year = forms.IntegerField(label=_("评议年度"), required=False)

    def __init__(self, *args, branches, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year - 1})
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches


class SelfForm(StyledForm):
    self_text = TextareaField(
        label=_("自我评价"),
        max_length=2000,
        rows=6,
        required=False,
        placeholder=_("对照党员标准,写一年来的学习、工作、作风和需要改进之处"),
    )


class VoteForm(StyledForm):
    """One grade field per member on the list (`grade_<entry id>`): a refusal sits on its row."""

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        for e in entries:
            self.fields[f"grade_{e.pk}"] = forms.ChoiceField(
                label=e.person.name,
                choices=[("", _("不评")), *Grade.choices],
                required=False,
            )
        self.style_fields()

    def grades(self) -> dict[int, str]:
        return {int(k.removeprefix("grade_")): v for k, v in self.cleaned_data.items()}


class DecideForm(StyledForm):
    grade = forms.ChoiceField(
        label=_("评定等次"), choices=[("", "—"), *Grade.choices], required=False
    )
    reason = TextareaField(
        label=_("评定理由"),
        max_length=2000,
        required=False,
        help_text=_("评为基本合格或不合格时必填"),
    )


LINE = re.compile(r"^\s*(\S+)\s+(\S+)\s+(\d+)\s*$")
POSTS = {str(label): value for value, label in Post.choices} | {v: v for v in Post.values}


class CandidatesField(forms.CharField):
    """Candidates one a line: 工号 职务 得票 (职务: 书记 / 副书记 / 委员)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": 6, "placeholder": "10001 书记 25\n10005 委员 24"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value) or ""
        rows, nos = [], []
        for n, line in enumerate(x for x in text.splitlines() if x.strip()):
            m = LINE.match(line)
            if m is None or m.group(2) not in POSTS:
                raise forms.ValidationError(
                    _("第 %(n)d 行应为“工号 职务 得票”,职务为书记、副书记或委员。") % {"n": n + 1}
                )
            rows.append(m.groups())
            nos.append(m.group(1))
        people = {p.employee_no: p for p in Person.objects.filter(employee_no__in=nos)}
        missing = [no for no in nos if no not in people]
        if missing:
            raise forms.ValidationError(_("没有工号为“%(no)s”的职工。") % {"no": missing[0]})
        return [(people[no], POSTS[post], int(votes)) for no, post, votes in rows]


class ElectionForm(StyledForm):
    unit = UnitTreeChoiceField(label=_("党组织"), queryset=None)
    held_on = DayField(label=_("选举日期"), required=False)
    electors = forms.IntegerField(label=_("应到会有选举权人数"), min_value=0, required=False)
    present = forms.IntegerField(label=_("实到会有选举权人数"), min_value=0, required=False)
    candidates = CandidatesField(label=_("候选人及得票"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class RegisterForm(StyledForm):
    unit = UnitTreeChoiceField(label=_("党组织"), queryset=None)
    elected_on = DayField(label=_("上次选举日期"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def _number(name):
    return forms.IntegerField(label=TermSettings._meta.get_field(name).verbose_name, required=False)


class TermSettingsForm(StyledForm):
    committee_years = _number("committee_years")
    general_branch_years = _number("general_branch_years")
    branch_years = _number("branch_years")
    first_reminder_months = _number("first_reminder_months")
    second_reminder_months = _number("second_reminder_months")
