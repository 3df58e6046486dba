"""Account pages: login, password, the user's own page with API tokens, and role grants."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.audit import audit_event
from apps.core.forms import action_step, bound, form_step
from apps.orgs.models import Person

from . import services
from .choices import Role
from .forms import FirstPasswordForm, LoginForm, PasswordChangeForm, RoleGrantForm, TokenForm
from .models import RoleAssignment


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_login_url"] = ""
        if getattr(settings, "OIDC_ENABLED", False):
            try:
                context["oidc_login_url"] = reverse("oidc_authentication_init")
            except NoReverseMatch:  # OIDC on, but its URLs not mounted: no button
                pass
        return context


class PasswordChange(auth_views.PasswordChangeView):
    """Change my password; after an activation code (or a reset) the forced first change, which
    asks no old password. Password rules are listed under the field."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def forced(self) -> bool:
        from .middleware import must_change

        return must_change(self.request)

    def get_form_class(self):
        return FirstPasswordForm if self.forced() else PasswordChangeForm

    def next_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return ""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "forced": self.forced(),
            "next": self.next_url(),
            "rules": password_validators_help_texts(),
        }

    def form_valid(self, form):
        forced = self.forced()
        response = super().form_valid(form)
        audit_event(
            actor=self.request.user,
            instance=self.request.user,
            message=_("设置新密码(首次登录或重置后)") if forced else _("修改密码"),
        )
        messages.success(self.request, _("新密码已设置。") if forced else _("密码已修改。"))
        target = self.next_url()
        if forced:
            return redirect(target or "home")
        return redirect(target) if target else response


def _profile_context(request) -> dict:
    user = request.user
    person = None
    if user.person_id:
        person = (
            Person.objects.select_related("department", "team", "party_membership__branch")
            .filter(pk=user.person_id)
            .first()
        )
    return {
        "person": person,
        "tokens": user.api_tokens.order_by("revoked_at", "-created_at"),
        "roles": user.role_assignments.select_related("unit").order_by("unit__path", "role"),
    }


@login_required
def profile(request):
    return render(
        request, "accounts/profile.html", {**_profile_context(request), "token_form": TokenForm()}
    )


@login_required
@require_POST
def token_create(request):
    """A new token, its raw value shown on this answer only (never cached)."""

    def create(data):
        token, raw = services.token_create(user=request.user, name=data["name"])
        response = render(
            request,
            "accounts/profile.html",
            {
                **_profile_context(request),
                "token_form": TokenForm(),
                "new_token": {"raw": raw, "name": token.name},
            },
        )
        add_never_cache_headers(response)  # the raw token must not sit in any cache
        return response

    return form_step(
        request,
        TokenForm(request.POST),
        handler=create,
        template="accounts/profile.html",
        context=lambda: _profile_context(request),
        form_name="token_form",
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    services.token_revoke(user=request.user, token_id=pk)
    messages.success(request, _("令牌已撤销,使用它的程序将无法再访问。"))
    return redirect("accounts:profile")


def _require_org_admin(user):
    """The role pages exist only for org admins; to anyone else they are not found."""
    if not user.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        raise Http404


def _grants_in_scope(user):
    return RoleAssignment.objects.visible_to(user)


@login_required
def role_list(request):
    _require_org_admin(request.user)

    def grant(data):
        grant = services.role_grant(actor=request.user, **data)
        messages.success(
            request,
            _("已授予 %(user)s “%(role)s”角色(%(unit)s)。")
            % {
                "user": grant.user.display_name,
                "role": grant.get_role_display(),
                "unit": grant.unit.name,
            },
        )
        return reverse("accounts:role_list")

    return form_step(
        request,
        bound(request, RoleGrantForm, actor=request.user),
        handler=grant,
        template="accounts/role_list.html",
        context=lambda: _role_list_context(request),
    )


def _role_list_context(request) -> dict:
    qs = _grants_in_scope(request.user).select_related("user__person", "unit", "granted_by__person")
    role = request.GET.get("role", "")
    if role in Role.values:
        qs = qs.filter(role=role)
    else:
        role = ""
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(
            Q(user__username__icontains=q)
            | Q(user__person__name__contains=q)
            | Q(user__person__employee_no=q)
            | Q(unit__name__contains=q)
        )
    page = Paginator(qs.order_by("unit__path", "role", "pk"), 30).get_page(request.GET.get("page"))
    return {"page": page, "roles": Role.choices, "role": role, "q": q}


@login_required
def role_revoke(request, pk: int):
    """GET asks for confirmation; POST revokes. Grants outside the admin's scope are not found."""
    _require_org_admin(request.user)
    assignment = get_object_or_404(
        _grants_in_scope(request.user).select_related("user__person", "unit"), pk=pk
    )
    if request.method != "POST":
        return render(request, "accounts/role_revoke.html", {"assignment": assignment})
    return action_step(
        request,
        handler=lambda: services.role_revoke(actor=request.user, assignment=assignment),
        success=_("已撤销 %(user)s 的“%(role)s”角色(%(unit)s)。")
        % {
            "user": assignment.user.display_name,
            "role": assignment.get_role_display(),
            "unit": assignment.unit.name,
        },
        back=reverse("accounts:role_list"),
    )
