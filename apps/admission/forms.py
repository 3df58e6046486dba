"""One short form per step (a phone screen each); the services check the rules. Fields are
named after the services' arguments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DayField, StyledForm, StyledModelForm, TextareaField, UnitChoiceField
from apps.orgs.forms import PeopleNoField, PersonNoField

from .models import AdmissionPolicy

NOTE = _("说明")


def _note(label=NOTE, required=False, placeholder=None):
    return TextareaField(label=label, required=required, max_length=2000, placeholder=placeholder)


class ApplyForm(StyledForm):
    person = PersonNoField(label=_("申请人工号"), required=True)
    branch = UnitChoiceField(queryset=None, label=_("党支部"), empty_label=None)
    applied_on = DayField(label=_("递交申请日期"))

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches


class TalkForm(StyledForm):
    talked_on = DayField(label=_("谈话日期"))
    talker = PersonNoField(label=_("谈话人工号"))
    note = _note(_("谈话情况"), True, _("了解入党动机、对党的认识、工作表现"))


class ActivistForm(StyledForm):
    decided_on = DayField(label=_("支委会决定日期"))
    contacts = PeopleNoField(
        label=_("培养联系人工号"), help_text=_("一至两名正式党员,用逗号或空格分隔")
    )
    note = _note()


class ReviewForm(StyledForm):
    reviewed_on = DayField(label=_("考察日期"))
    note = _note(_("考察意见"), True, _("思想、工作、学习表现,优点和不足"))


class CandidateForm(StyledForm):
    decided_on = DayField(label=_("支委会决定日期"))
    note = _note(placeholder=_("党小组、培养联系人、党员和群众的意见"))


class PoliticalForm(StyledForm):
    done_on = DayField(label=_("政治审查日期"))
    passed = forms.BooleanField(label=_("政治审查合格"), required=False, initial=True)
    note = _note(_("政治审查结论"), True)


class TrainingForm(StyledForm):
    start = DayField(label=_("培训开始日期"))
    end = DayField(label=_("培训结束日期"))
    hours = forms.DecimalField(
        label=_("培训学时"),
        required=False,
        min_value=0,
        max_value=999,
        decimal_places=1,
        help_text=_("学习教育模块记有这几天的学时时,以记录为准"),
    )


class SponsorsForm(StyledForm):
    sponsors = PeopleNoField(label=_("入党介绍人工号"), help_text=_("两名正式党员"))
    note = _note()


class PublicityForm(StyledForm):
    start = DayField(label=_("公示开始日期"))


class VoteForm(StyledForm):
    meeting = forms.ModelChoiceField(queryset=None, label=_("支部党员大会"))
    voters = PeopleNoField(label=_("投票人工号"), help_text=_("到会有表决权的正式党员"))
    favour = forms.IntegerField(label=_("赞成"), min_value=0)
    against = forms.IntegerField(label=_("反对"), min_value=0, initial=0)
    abstain = forms.IntegerField(label=_("弃权"), min_value=0, initial=0)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"{m.starts_at:%Y-%m-%d} {m.topic}"


class ApproveForm(StyledForm):
    talked_on = DayField(label=_("党委谈话日期"))
    decided_on = DayField(label=_("党委审批日期"))
    note = _note()


class SendBackForm(StyledForm):
    decided_on = DayField(label=_("退回日期"))
    reason = _note(_("退回理由"), True)


class PolicyForm(StyledModelForm):
    class Meta:
        model = AdmissionPolicy
        fields = [
            "min_age",
            "talk_within_days",
            "contacts_min",
            "contacts_max",
            "review_months",
            "activist_months",
            "training_days",
            "training_hours",
            "sponsors",
            "publicity_workdays",
            "approval_months",
            "probation_months",
            "remind_days",
        ]
