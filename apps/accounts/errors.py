"""Every refusal the accounts area raises, once (shared ones come from CoreError)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ErrorCode


class AccountError(ErrorCode):
    ROLE_UNKNOWN = ("role_unknown", _("未知角色。"))
    UNIT_DISSOLVED = ("unit_dissolved", _("该组织已撤销,不能在其上授予角色。"))
    ROLE_EXISTS = ("role_exists", _("该用户已在此组织拥有此角色。"))
    PERSON_INACTIVE = (
        "person_inactive",
        _("%(name)s的在职状态为“%(status)s”,不能开通账号和授予角色。"),
    )
    USERNAME_TAKEN = (
        "username_taken",
        _("用户名“%(username)s”已被其他账号占用,无法为%(name)s开通账号。"),
    )
    USER_INACTIVE = ("user_inactive", _("该账号已停用,不能授予角色。"))
    ROLE_SELF_REVOKE = ("role_self_revoke", _("不能撤销自己的管理员角色,请由其他管理员操作。"))
    TOKEN_NAME_REQUIRED = ("token_name", _("请为令牌填写一个名称,例如“HR 同步”。"))
    TOKEN_NAME_TOO_LONG = ("token_name", _("名称不能超过 100 个字。"))
    ACCOUNT_SELF = (
        "account_self",
        _("不能对自己的账号执行此操作;修改自己的密码请用“修改密码”。"),
    )
    ACCOUNT_DISABLED = ("account_disabled", _("该账号已停用,请先启用再重置密码。"))
    ACCOUNT_NOT_LOCKED = ("account_not_locked", _("该账号当前没有被锁定。"))
    ALREADY_ACTIVE = ("account_state", _("该账号已是启用状态。"))
    ALREADY_INACTIVE = ("account_state", _("该账号已是停用状态。"))
    PERSON_DELETED = ("person_deleted", _("该人员已从名册中删除,不能启用其账号。"))
    POLICY_PREFIX = ("policy_prefix", _("用户名前缀只能包含字母、数字和 . _ -。"))
    POLICY_STATUS_UNKNOWN = ("policy_status", _("未知的在职状态。"))
    POLICY_STATUS_ACTIVE = ("policy_status", _("“在职”的人员不能停用账号。"))
    SHEET_TOO_LARGE = (
        "sheet_too_large",
        _("该单位有 %(n)d 个以上未激活的账号,请按下级单位分别打印。"),
    )
