"""The REST API under /api/v1: one NinjaAPI, each app adds its router; errors speak Chinese."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from apps.accounts.models import ApiToken
from apps.core.errors import CoreError, DomainError
from apps.core.outage import unavailable_response


class BearerToken(HttpBearer):
    """Personal API tokens: `Authorization: Bearer tx_…`."""

    def authenticate(self, request, token):
        token_row = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.hash(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token_row is None:
            return None
        ApiToken.objects.filter(pk=token_row.pk).update(last_used_at=timezone.now())
        request.user = token_row.user
        return token_row.user


class SessionAuth(APIKeyCookie):
    """The browser's session, with CSRF checked on writes."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


api = NinjaAPI(
    title="同心 · 智慧党群平台 API",
    version="1",
    description="组织、人员与各业务台账的接口。认证:浏览器会话,或个人 API 令牌 "
    "(`Authorization: Bearer <token>`,在“我的”页面创建)。",
    auth=[BearerToken(), SessionAuth(csrf=True)],
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.as_dict()}, status=exc.status)


# Pydantic's error types in Chinese; its English text never reaches a user. `%(x)s` takes the
# error's context (the bound, the allowed values).
PROBLEMS = {
    "missing": gettext_lazy("必填"),
    "int_parsing": gettext_lazy("应为整数"),
    "int_type": gettext_lazy("应为整数"),
    "int_from_float": gettext_lazy("应为整数"),
    "float_parsing": gettext_lazy("应为数字"),
    "float_type": gettext_lazy("应为数字"),
    "decimal_parsing": gettext_lazy("应为数字"),
    "decimal_type": gettext_lazy("应为数字"),
    "finite_number": gettext_lazy("应为有限的数字"),
    "bool_parsing": gettext_lazy("应为 true 或 false"),
    "bool_type": gettext_lazy("应为 true 或 false"),
    "string_type": gettext_lazy("应为文本"),
    "string_too_short": gettext_lazy("至少 %(min_length)s 个字"),
    "string_too_long": gettext_lazy("不能超过 %(max_length)s 个字"),
    "string_pattern_mismatch": gettext_lazy("格式不正确"),
    "greater_than": gettext_lazy("应大于 %(gt)s"),
    "greater_than_equal": gettext_lazy("不能小于 %(ge)s"),
    "less_than": gettext_lazy("应小于 %(lt)s"),
    "less_than_equal": gettext_lazy("不能大于 %(le)s"),
    "date_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD"),
    "date_type": gettext_lazy("日期格式应为 YYYY-MM-DD"),
    "date_from_datetime_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD"),
    "datetime_parsing": gettext_lazy("时间格式应为 YYYY-MM-DDTHH:MM(ISO 8601)"),
    "datetime_type": gettext_lazy("时间格式应为 YYYY-MM-DDTHH:MM(ISO 8601)"),
    "datetime_from_date_parsing": gettext_lazy("时间格式应为 YYYY-MM-DDTHH:MM(ISO 8601)"),
    "literal_error": gettext_lazy("应为以下之一:%(expected)s"),
    "enum": gettext_lazy("应为以下之一:%(expected)s"),
    "list_type": gettext_lazy("应为列表"),
    "too_short": gettext_lazy("至少 %(min_length)s 项"),
    "too_long": gettext_lazy("最多 %(max_length)s 项"),
    "dict_type": gettext_lazy("应为对象"),
    "model_type": gettext_lazy("应为对象"),
    "model_attributes_type": gettext_lazy("应为对象"),
    "json_invalid": gettext_lazy("不是有效的 JSON"),
    "uuid_parsing": gettext_lazy("格式不正确"),
}


def _problem(error: dict) -> str:
    """One pydantic error in Chinese. A validator's own ValueError already speaks Chinese."""
    ctx = error.get("ctx") or {}
    if error.get("type") == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    text = PROBLEMS.get(error.get("type"))
    if text is None:
        return _("格式不正确")
    try:
        return str(text) % ctx
    except (KeyError, TypeError, ValueError):
        return _("格式不正确")


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": _problem(e)}
        for e in exc.errors
    ]
    details = ";".join(f"{e['field']} {e['message']}".strip() for e in errors[:3])
    return api.create_response(
        request,
        {
            "detail": {
                "code": CoreError.INVALID.code,
                "message": _("提交的数据有误:%(details)s。") % {"details": details},
                "errors": errors,
            }
        },
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """Ninja's own refusal of a body it cannot parse, in the API's shape and in Chinese."""
    if exc.status_code != 400:
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
    error = CoreError.BAD_BODY()
    return api.create_response(request, {"detail": error.as_dict()}, status=error.status)


@api.exception_handler(MultiPartParserError)
def multipart_error(request, exc: MultiPartParserError):
    """A multipart body Django cannot read (no boundary, cut short): the client's fault, so a
    400 in the API's own shape, also under DEBUG (where Ninja would answer a 500)."""
    error = CoreError.BAD_MULTIPART()
    return api.create_response(request, {"detail": error.as_dict()}, status=error.status)


@api.exception_handler(DjangoValidationError)
def django_validation_error(request, exc: DjangoValidationError):
    return api.create_response(
        request, {"detail": {"code": "invalid", "message": "; ".join(exc.messages)}}, status=422
    )


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request, exc):
    return unavailable_response(request)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request,
        {"detail": {"code": "unauthorized", "message": _("请先登录或提供有效的 API 令牌。")}},
        status=401,
    )


api.add_router("/orgs", "apps.orgs.api.router")
api.add_router("/accounts", "apps.accounts.api.router")
api.add_router("/supervision", "apps.supervision.api.router")
api.add_router("/appeals", "apps.appeals.api.router")
api.add_router("/suggestions", "apps.suggestions.api.router")
api.add_router("/hazards", "apps.hazards.api.router")
api.add_router("/selections", "apps.selections.api.router")
api.add_router("/talent", "apps.talent.api.router")
api.add_router("/standards", "apps.standards.api.router")
api.add_router("/collab", "apps.collab.api.router")
api.add_router("/projects", "apps.projects.api.router")
api.add_router("/production", "apps.production.api.router")
api.add_router("/feed", "apps.feed.api.router")
api.add_router("/surveys", "apps.surveys.api.router")
api.add_router("/meetings", "apps.meetings.api.router")
api.add_router("/learning", "apps.learning.api.router")
api.add_router("/kpi", "apps.kpi.api.router")
api.add_router("/talks", "apps.talks.api.router")
api.add_router("/transfers", "apps.transfers.api.router")
api.add_router("/dues", "apps.dues.api.router")
api.add_router("/integrity", "apps.integrity.api.router")
api.add_router("/appraisals", "apps.appraisals.api.router")
api.add_router("/alerts", "apps.alerts.api.router")
api.add_router("/notify", "apps.notify.api.router")
api.add_router("/briefs", "apps.briefs.api.router")
api.add_router("/insights", "apps.insights.api.router")
api.add_router("/admission", "apps.admission.api.router")
api.add_router("/care", "apps.care.api.router")
