"""送达's pages: the channels, a channel's settings and test message, the company's rules and the
delivery log (the system admin's); a person's preferences and their own deliveries."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.forms import bound, form_step, service_step
from apps.core.lists import list_page_context
from apps.core.pages import Tab

from . import selectors, services
from .adapters import ADAPTERS
from .choices import DeliveryStatus
from .filters import DeliveryFilter
from .forms import ChannelForm, ChannelTestForm, PolicyForm, PreferenceForm
from .models import NotifyPolicy


def notify_tabs(user) -> list[Tab]:
    tabs = [Tab("preferences", _("我的通知偏好"), reverse("notify:preferences"))]
    if services.is_admin(user):
        tabs = [
            Tab("channels", _("送达渠道"), reverse("notify:channels")),
            Tab("policy", _("送达规则"), reverse("notify:policy")),
            *tabs,
        ]
    return [*tabs, Tab("deliveries", _("送达记录"), reverse("notify:deliveries"))]


def _admin_only(user) -> None:
    if not services.is_admin(user):
        raise PermissionDenied


@login_required
def channel_list(request):
    _admin_only(request.user)
    rows = selectors.channel_list(user=request.user)
    return render(
        request,
        "notify/channels.html",
        {
            "rows": rows,
            "tabs": notify_tabs(request.user),
            "tab": "channels",
            "site_url": NotifyPolicy.current().site_url,
        },
    )


@login_required
def channel_detail(request, code: str):
    """A channel's settings; its last deliveries below (failures with their reasons)."""
    _admin_only(request.user)
    channel = selectors.channel_get(user=request.user, code=code)
    form = bound(request, ChannelForm, adapter=ADAPTERS[code], channel=channel)

    def save(data):
        services.channel_save(actor=request.user, code=code, **data)
        return reverse("notify:channel", args=[code])

    def context():
        recent = selectors.deliveries_of(user=request.user).filter(channel=code)[:10]
        return {
            "channel": channel,
            "title": _("%(channel)s 渠道设置") % {"channel": channel},
            "recent": recent,
            "tabs": notify_tabs(request.user),
            "tab": "channels",
        }

    return form_step(
        request,
        form,
        handler=save,
        template="notify/channel.html",
        context=context,
        success=_("渠道设置已保存。"),
    )


@login_required
def channel_test(request, code: str):
    """发送测试消息: sent now on the saved settings; the vendor's refusal stays on the form."""
    _admin_only(request.user)
    channel = selectors.channel_get(user=request.user, code=code)

    def send(data):
        services.channel_test(actor=request.user, code=code, recipient=data["recipient"])
        return reverse("notify:channel", args=[code])

    return form_step(
        request,
        bound(request, ChannelTestForm),
        handler=send,
        template="notify/channel_test.html",
        context={"channel": channel, "title": _("发送测试消息")},
        success=_("测试消息已发送,请在接收端查看。"),
    )


@login_required
def policy(request):
    _admin_only(request.user)
    current = NotifyPolicy.current()
    initial = {
        "site_url": current.site_url,
        "urgent_kinds": current.urgent_kinds,
        "digest_hour": current.digest_hour,
        "max_attempts": current.max_attempts,
    }
    return service_step(
        request,
        bound(request, PolicyForm, initial=initial),
        service=services.policy_save,
        back=reverse("notify:policy"),
        template="notify/policy.html",
        context={"tabs": notify_tabs(request.user), "tab": "policy"},
        success=_("送达规则已保存。"),
    )


@login_required
def deliveries(request):
    """The delivery log: every delivery for the system admin, one's own for everyone else."""
    context = list_page_context(
        request,
        DeliveryFilter,
        selectors.deliveries_of(user=request.user),
        order=("-created_at", "-pk"),
    )
    context |= {
        "tabs": notify_tabs(request.user),
        "tab": "deliveries",
        "statuses": DeliveryStatus.choices,
        "is_admin": services.is_admin(request.user),
    }
    return render(request, "notify/deliveries.html", context)


@login_required
def preferences(request):
    """Which kinds reach me on which channel, quiet hours and the daily digest."""
    pref, grid = selectors.preference_of(user=request.user)
    form = bound(request, PreferenceForm, grid=grid, pref=pref)
    shown = {cell["pair"] for row in grid for cell in row["cells"]}

    def save(data):
        # A channel switched off now keeps what the person chose for it.
        kept = [p for p in pref.muted if p not in shown]
        services.preference_save(
            actor=request.user,
            muted=form.muted() + kept,
            digest=data["digest"],
            quiet_from=data["quiet_from"],
            quiet_to=data["quiet_to"],
        )
        return reverse("notify:preferences")

    return form_step(
        request,
        form,
        handler=save,
        template="notify/preferences.html",
        context={
            "tabs": notify_tabs(request.user),
            "tab": "preferences",
            "grid": grid,
            "accounts": selectors.accounts_of(user=request.user),
        },
        success=_("通知偏好已保存。"),
    )
