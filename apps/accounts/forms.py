from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm, UnitTreeChoiceField
from apps.orgs.models import OrgUnit, Person

from .choices import Role
from .models import User


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("账号或密码不正确。账号可以是用户名、工号或手机号。"),
        "inactive": _("该账号已停用,请联系系统管理员。"),
    }


def _password_set(user) -> None:
    """What every password change also does: the forced change is done, the code is spent."""
    from django.utils import timezone

    from . import activation

    user.must_change_password = False
    user.password_changed_at = timezone.now()
    activation.clear(user)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": _("原密码不正确,请重新输入。"),
        "password_mismatch": _("两次输入的新密码不一致。"),
    }

    def clean_new_password1(self):
        new = self.cleaned_data.get("new_password1")
        if new and self.user.check_password(new):
            raise forms.ValidationError(_("新密码不能与原密码相同。"))
        return new

    def save(self, commit=True):
        _password_set(self.user)
        return super().save(commit=commit)


class FirstPasswordForm(auth_forms.SetPasswordForm):
    """The forced change after an activation code (or a reset): the person just proved who they
    are with the code, so no old password is asked for."""

    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": _("两次输入的新密码不一致。"),
    }

    def clean_new_password1(self):
        new = self.cleaned_data.get("new_password1")
        if new and self.user.has_usable_password() and self.user.check_password(new):
            raise forms.ValidationError(_("新密码不能与原密码相同。"))
        return new

    def save(self, commit=True):
        _password_set(self.user)
        return super().save(commit=commit)


class RoleGrantForm(forms.Form):
    user = forms.CharField(
        label=_("用户(用户名 / 工号 / 手机号)"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("角色"), choices=[("", _("请选择角色")), *Role.choices])
    unit = UnitTreeChoiceField(
        label=_("所在组织"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("请选择组织"),
        error_messages={"invalid_choice": _("请选择您管辖范围内的组织。")},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["unit"].queryset = (
            OrgUnit.objects.visible_to(actor).alive().only("pk", "name", "depth", "path")
        )
        for name, field in self.fields.items():
            css = "form-select" if name in ("role", "unit") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_user(self):
        """A login named by username, 工号 or mobile; or, when the person on the roster has no
        account yet, that person (the grant opens their account)."""
        from .backends import user_by_identifier
        from .provisioning import person_by_employee_no

        identifier = self.cleaned_data["user"]
        user = user_by_identifier(identifier)
        if user is None:
            person = person_by_employee_no(
                identifier, Person.objects.visible_to(self.actor).filter(user__isnull=True)
            )
            if person is not None:
                self.cleaned_data["person"] = person
                return None
            raise forms.ValidationError(_("找不到该用户,请输入准确的用户名、工号或手机号。"))
        if not user.is_active:
            raise forms.ValidationError(_("该账号已停用,不能授予角色。"))
        return user

    def clean(self):
        data = super().clean()
        data.setdefault("person", None)
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("令牌名称"),
        max_length=100,
        error_messages={
            "required": _("请为令牌填写一个名称,例如“HR 同步”。"),
            "max_length": _("名称不能超过 100 个字。"),
        },
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("例如:HR 系统同步")}
        ),
    )


__all__ = [
    "FirstPasswordForm",
    "LoginForm",
    "PasswordChangeForm",
    "PolicyForm",
    "RoleGrantForm",
    "SheetForm",
    "TokenForm",
    "User",
]


class PolicyForm(StyledForm):
    auto_create = forms.BooleanField(
        label=_("名册导入和 HR 同步时为人员开通账号"),
        required=False,
        help_text=_("关闭后只在授予角色或目录(LDAP / 统一认证)首次登录时开通。"),
    )
    username_prefix = forms.CharField(
        label=_("用户名前缀"),
        max_length=16,
        required=False,
        help_text=_("用户名 = 前缀 + 工号;留空即用户名就是工号。已开通的账号不受影响。"),
    )
    inactive_statuses = forms.MultipleChoiceField(
        label=_("停用账号的在职状态"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("人员的在职状态变为这些状态时停用其账号,恢复时重新启用。"),
    )
    code_valid_days = forms.IntegerField(
        label=_("激活码有效天数"),
        min_value=1,
        max_value=90,
        help_text=_("初始密码单和重置密码给出的激活码在这些天内有效,设置了新密码即失效。"),
        error_messages={
            "required": _("请填写激活码有效天数。"),
            "min_value": _("至少 1 天。"),
            "max_value": _("最多 90 天。"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inactive_statuses"].choices = [
            (value, label)
            for value, label in Person._meta.get_field("status").choices
            if value != "active"
        ]


class SheetForm(StyledForm):
    unit = UnitTreeChoiceField(
        label=_("单位"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("请选择单位"),
        error_messages={
            "required": _("请选择要打印初始密码单的单位。"),
            "invalid_choice": _("请选择您管辖范围内的单位。"),
        },
    )

    def __init__(self, *args, actor, **kwargs):
        from .services import sheet_units

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = sheet_units(actor).only("pk", "name", "depth", "path")
