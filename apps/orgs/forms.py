"""Forms for the organization pages: they only parse input; the rules live in services."""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm, UnitTreeChoiceField

from .choices import (
    ADMIN_KINDS,
    ALLOWED_PARENTS,
    EmploymentStatus,
    Gender,
    PoliticalStatus,
    SkillLevel,
    UnitKind,
)
from .models import OrgUnit, Person
from .selectors import department_choices, person_list, team_choices, unit_list


class PersonNoField(forms.CharField):
    """A person by 工号 (what cadres know and type); empty is no one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        no = (super().clean(value) or "").strip()
        if not no:
            return None
        person = Person.objects.filter(employee_no=no).select_related("department", "team").first()
        if person is None:
            raise forms.ValidationError(_("没有工号为“%(no)s”的职工。") % {"no": no})
        return person


class PeopleNoField(forms.CharField):
    """Several people by 工号, separated by commas, spaces or 、; each must be on the roll (a
    list in the order typed, each once; empty is nobody)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        typed = re.split(r"[\s,,、;;]+", super().clean(value) or "")
        numbers = list(dict.fromkeys(n for n in typed if n))
        found = {p.employee_no: p for p in Person.objects.filter(employee_no__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(
                _("找不到这些工号:%(nos)s。"), params={"nos": "、".join(m[:32] for m in missing)}
            )
        return [found[n] for n in numbers]


def _person_by_no(user, value: str):
    value = (value or "").strip()
    if not value:
        return None
    person = person_list(user=user).filter(employee_no=value).first()
    if person is None:
        raise forms.ValidationError(_("找不到工号为“%(no)s”的人员。"), params={"no": value})
    return person


class UnitFieldsForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    code = forms.CharField(label=_("编码"), max_length=50, required=False)
    serves = UnitTreeChoiceField(
        label=_("对应部门"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("(不对应部门)"),
        help_text=_("支部建在部门上:党、工会、团组织可选择其服务的行政部门。"),
    )
    head_no = forms.CharField(
        label=_("负责人工号"), max_length=32, required=False, help_text=_("留空表示暂无负责人。")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["serves"].queryset = department_choices(user=user)

    def clean_head_no(self):
        return self.cleaned_data["head_no"].strip()

    def clean(self):
        data = super().clean()
        if "head_no" in data:
            try:
                data["head"] = _person_by_no(self.user, data["head_no"])
            except forms.ValidationError as e:
                self.add_error("head_no", e)
        return data


class UnitCreateForm(UnitFieldsForm):
    field_order = ["name", "kind", "code", "serves", "head_no"]
    kind = forms.ChoiceField(label=_("类型"), choices=())

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        parent_kind = parent.kind if parent is not None else None
        self.fields["kind"].choices = [
            (k.value, k.label) for k in UnitKind if parent_kind in ALLOWED_PARENTS[k]
        ]


class UnitEditForm(UnitFieldsForm):
    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        if unit.kind in ADMIN_KINDS:
            del self.fields["serves"]


class UnitMoveForm(StyledForm):
    target = forms.CharField(
        label=_("新上级组织"),
        max_length=100,
        help_text=_("填写目标上级组织的编码或完整名称。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_target(self):
        value = self.cleaned_data["target"].strip()
        matches = list(
            unit_list(user=self.user).filter(Q(code=value) | Q(name=value)).select_related(None)[:3]
        )
        if not matches:
            raise forms.ValidationError(_("找不到编码或名称为“%(v)s”的组织。"), params={"v": value})
        if len(matches) > 1:
            exact = [u for u in matches if u.code == value]
            if len(exact) == 1:
                return exact[0]
            raise forms.ValidationError(
                _("有多个组织名为“%(v)s”,请改填编码。"), params={"v": value}
            )
        return matches[0]


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    birth_date = forms.DateField(label=_("出生日期"), required=False, widget=DATE_WIDGET)
    mobile = forms.CharField(
        label=_("手机"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    department = UnitTreeChoiceField(label=_("部门"), queryset=OrgUnit.objects.none())
    team = UnitTreeChoiceField(
        label=_("班组"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("(无班组)")
    )
    position = forms.CharField(label=_("岗位"), max_length=50, required=False)
    political_status = forms.ChoiceField(label=_("政治面貌"), choices=PoliticalStatus.choices)
    skill_level = forms.ChoiceField(label=_("技能等级"), choices=SkillLevel.choices, required=False)
    hired_on = forms.DateField(label=_("入职日期"), required=False, widget=DATE_WIDGET)
    status = forms.ChoiceField(label=_("在职状态"), choices=EmploymentStatus.choices)

    def __init__(self, *args, user, sensitive: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = department_choices(user=user)
        self.fields["team"].queryset = team_choices(user=user)
        if not sensitive:
            # Those who may not see the numbers may not overwrite them either.
            del self.fields["mobile"]
            del self.fields["id_number"]

    @staticmethod
    def initial_for(person) -> dict:
        return {
            "name": person.name,
            "gender": person.gender,
            "birth_date": person.birth_date,
            "mobile": person.mobile,
            "id_number": person.id_number,
            "department": person.department_id,
            "team": person.team_id,
            "position": person.position,
            "political_status": person.political_status,
            "skill_level": person.skill_level,
            "hired_on": person.hired_on,
            "status": person.status,
        }
