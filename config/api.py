"""The REST API under /api/v1: one NinjaAPI, each app adds its router; errors speak Chinese."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from apps.accounts.models import ApiToken
from apps.core.errors import DomainError


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


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return api.create_response(
        request,
        {
            "detail": {
                "code": "invalid",
                "message": _("提交的数据有误,请检查后重试。"),
                "errors": errors,
            }
        },
        status=422,
    )


@api.exception_handler(DjangoValidationError)
def django_validation_error(request, exc: DjangoValidationError):
    return api.create_response(
        request, {"detail": {"code": "invalid", "message": "; ".join(exc.messages)}}, status=422
    )


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
api.add_router("/standards", "apps.standards.api.router")
api.add_router("/collab", "apps.collab.api.router")
api.add_router("/projects", "apps.projects.api.router")
api.add_router("/feed", "apps.feed.api.router")
api.add_router("/meetings", "apps.meetings.api.router")
api.add_router("/learning", "apps.learning.api.router")
