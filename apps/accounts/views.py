"""Account pages: login, password, the user's own page with API tokens, and role grants."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError
from apps.orgs.models import OrgUnit

from . import services
from .forms import LoginForm, RoleGrantForm, TokenForm
from .models import RoleAssignment


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("密码已修改。"))
        return super().form_valid(form)


@login_required
def profile(request, token_form=None, new_token=None):
    tokens = request.user.api_tokens.order_by("-created_at")
    roles = request.user.role_assignments.select_related("unit")
    return render(
        request,
        "accounts/profile.html",
        {
            "tokens": tokens,
            "roles": roles,
            "token_form": token_form or TokenForm(),
            "new_token": new_token,
        },
    )


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except DomainError as e:
            form.add_error(e.field, e.message)
        else:
            return profile(request, new_token=raw)
    return profile(request, token_form=form)


@login_required
@require_POST
def token_revoke(request, pk: int):
    services.token_revoke(user=request.user, token_id=pk)
    messages.success(request, _("令牌已撤销。"))
    return redirect("accounts:profile")


def _require_org_admin(user):
    if not user.has_role(*RoleAssignment.ORG_ADMIN_ROLES):
        from django.http import Http404

        raise Http404


@login_required
def role_list(request):
    _require_org_admin(request.user)
    form = RoleGrantForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            messages.success(request, _("角色已授予。"))
            return redirect("accounts:role_list")
    units = OrgUnit.objects.visible_to(request.user).values("pk")
    qs = (
        RoleAssignment.objects.filter(unit__in=units)
        .select_related("user__person", "unit", "granted_by")
        .order_by("unit__path", "role")
    )
    if request.GET.get("role"):
        qs = qs.filter(role=request.GET["role"])
    if request.GET.get("q"):
        q = request.GET["q"].strip()
        qs = qs.filter(user__username__contains=q) | qs.filter(user__person__name__contains=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "accounts/role_list.html", {"form": form, "page": page})


@login_required
@require_POST
def role_revoke(request, pk: int):
    _require_org_admin(request.user)
    units = OrgUnit.objects.visible_to(request.user).values("pk")
    assignment = get_object_or_404(RoleAssignment.objects.filter(unit__in=units), pk=pk)
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("角色已撤销。"))
    return redirect("accounts:role_list")
