"""Coded domain errors: a service raises one; the page shows it as a form error, the API a 4xx.

Each app declares its codes once, in its own `errors.py`, as an `ErrorCode` enum: the code, the
Chinese message and the HTTP status. A service raises `Err.UNIT_UNKNOWN(field="unit")`; the API
lists every code in its OpenAPI description (`catalogue()`), so integrations know them all.
"""

import enum
import itertools

from django.http import Http404
from django.utils.translation import gettext_lazy as _

_CATALOGUES: list[type["ErrorCode"]] = []
_MEMBERS = itertools.count()


class DomainError(Exception):
    """A broken business rule: a stable code for integrations, a Chinese message for people."""

    status = 400

    def __init__(self, code: str, message, *, field: str | None = None, status: int | None = None):
        super().__init__(str(message))
        self.code = str(code)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message), "field": self.field}


class ErrorCode(enum.StrEnum):
    """One error an area may raise: `NAME = ("code", _("消息 %(x)s"), status)`.

    Calling a member makes the `DomainError`: `Err.X(field="unit", x=...)`; `message=` replaces
    the declared text where the rule needs a sentence of its own."""

    def __new__(cls, code: str, message, status: int = 400):
        obj = str.__new__(cls, code)
        # Each member its own value: two messages under one code (a "required" of two fields)
        # must not become aliases that share the first one's message. The member still equals
        # its code as a string.
        obj._value_ = (code, next(_MEMBERS))
        obj.code = code
        obj.message = message
        obj.status = status
        return obj

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _CATALOGUES.append(cls)

    def __call__(self, *, field: str | None = None, message=None, **params) -> DomainError:
        text = message if message is not None else self.message
        if params:
            text = str(text) % params
        error_class = {404: NotFound, 403: Forbidden}.get(self.status)
        if error_class is not None and field is None:
            return error_class(text)
        return DomainError(self.code, text, field=field, status=self.status)


def catalogue() -> list[tuple[str, str, int]]:
    """Every declared code with its message and status, for the API's description."""
    rows = {}
    for cls in _CATALOGUES:
        for member in cls:
            rows.setdefault(member.code, (member.code, str(member.message), member.status))
    return sorted(rows.values())


class NotFound(DomainError, Http404):
    """Missing and forbidden look the same from outside: a page answers 404 without a wrapper."""

    status = 404

    def __init__(self, message=None):
        super().__init__("not_found", message or _("未找到该记录,或您无权查看。"), status=404)


class Forbidden(DomainError):
    """The user sees the record but may not do this to it."""

    status = 403

    def __init__(self, message=None):
        super().__init__("forbidden", message or _("您没有执行此操作的权限。"), status=403)


class CoreError(ErrorCode):
    """Codes every area shares: use these before inventing a synonym."""

    NOT_FOUND = ("not_found", _("未找到该记录,或您无权查看。"), 404)
    FORBIDDEN = ("forbidden", _("您没有执行此操作的权限。"), 403)
    REQUIRED = ("required", _("请填写%(label)s。"))
    TOO_LONG = ("too_long", _("%(label)s不能超过 %(n)d 个字(现有 %(len)d 个)。"))
    INVALID = ("invalid", _("提交的数据有误,请检查后重试。"))
    INVALID_FILTER = ("invalid_filter", _("筛选条件无效。"), 422)
    BAD_TRANSITION = ("bad_transition", _("当前状态不允许此操作。"), 409)
    UNIT_UNKNOWN = ("unit_unknown", _("找不到该单位,或不在您的管理范围内。"))
    PERSON_UNKNOWN = ("person_unknown", _("找不到工号为“%(no)s”的人员,或不在您的管理范围内。"))
    USER_UNKNOWN = ("user_unknown", _("找不到该用户。"))
    UNIT_NOT_FOUND = ("unit_not_found", _("没有这个单位。"), 422)
    PERSON_NOT_FOUND = ("person_not_found", _("没有这名职工。"), 422)
    BAD_CHOICE = ("bad_choice", _("请选择%(label)s。"))
    OWNER_PERSON_OUTSIDE = ("owner_person_outside", _("责任人“%(name)s”不在“%(unit)s”。"))
    BAD_DATE = ("bad_date", _("日期不正确。"))
    DEADLINE_PAST = ("deadline_past", _("期限不能早于今天。"))
    BAD_AMOUNT = ("bad_amount", _("金额不正确。"))
    BAD_SCORE = ("bad_score", _("分数不正确。"))
    BAD_FILE = ("bad_file", _("文件不符合要求。"))
    BAD_BODY = ("bad_body", _("无法解析提交的内容,请提交有效的 JSON。"))
    BAD_MULTIPART = (
        "bad_multipart",
        _("无法读取上传的内容(multipart 格式不完整,例如缺少 boundary),请重新提交。"),
    )
    DUPLICATE = ("duplicate", _("该记录已存在。"), 409)
    LOCKED = ("locked", _("该记录已锁定,不能再修改。"), 409)
    UNAVAILABLE = (
        "unavailable",
        _("系统暂时无法保存或读取数据(数据库正在恢复),本次提交没有生效,请稍后重新提交。"),
        503,
    )
    IN_PROGRESS = ("in_progress", _("同一次提交正在处理中,请稍候再查看结果,不要重复提交。"), 409)
    BAD_CURSOR = (
        "bad_cursor",
        _("翻页游标无效、已过期或不适用于这个排序,请去掉 cursor 从第一页重新开始。"),
        422,
    )
