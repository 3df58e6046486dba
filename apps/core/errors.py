"""Coded domain errors: a service raises one; the page shows it as a form error, the API a 4xx."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A broken business rule: a stable code for integrations, a Chinese message for people."""

    status = 400

    def __init__(self, code: str, message, *, field: str | None = None, status: int | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message), "field": self.field}


class NotFound(DomainError):
    """Missing and forbidden look the same from outside."""

    status = 404

    def __init__(self, message=None):
        super().__init__("not_found", message or _("未找到该记录,或您无权查看。"), status=404)


class Forbidden(DomainError):
    """The user sees the record but may not do this to it."""

    status = 403

    def __init__(self, message=None):
        super().__init__("forbidden", message or _("您没有执行此操作的权限。"), status=403)
