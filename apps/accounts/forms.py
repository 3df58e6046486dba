from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from apps.orgs.models import OrgUnit

from .choices import Role
from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("账号或密码不正确。账号可以是用户名、工号或手机号。"),
        "inactive": _("该账号已停用,请联系系统管理员。"),
    }


class RoleGrantForm(forms.Form):
    user = forms.CharField(label=_("用户(用户名 / 工号 / 手机号)"), max_length=150)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("所在组织"),
        queryset=OrgUnit.objects.none(),
        error_messages={"invalid_choice": _("请选择您管辖范围内的组织。")},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(actor).alive()

    def clean_user(self):
        from .backends import user_by_identifier

        user = user_by_identifier(self.cleaned_data["user"])
        if user is None:
            raise forms.ValidationError(_("找不到该用户,请输入准确的用户名、工号或手机号。"))
        return user


class TokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=100)


__all__ = ["LoginForm", "RoleGrantForm", "TokenForm", "User"]
