"""送达 over the API: the channels (the system admin's; credentials write-only), the delivery
log (the admin's all, one's own otherwise) and one's preferences — the pages' selectors and
services."""

from datetime import datetime, time

from ninja import Field, Query, Router, Schema

from apps.core.api import filtered_page
from apps.core.params import Id
from apps.core.schemas import PageOut, PageQuery, errors

from . import selectors, services
from .adapters import ADAPTERS
from .filters import DeliveryFilter
from .models import Channel, Delivery

router = Router(tags=["送达"])


class NotifyDeliveryQuery(PageQuery):
    q: str | None = Field(None, description="通知标题或接收账号包含")
    channel: str | None = Field(
        None, description="wecom / dingtalk / feishu / email / sms / webhook"
    )
    status: str | None = Field(
        None, description="pending / sending / sent / failed / skipped / digest"
    )
    notification: Id | None = Field(None, description="某条站内通知的送达记录")


class NotifyDeliveryOut(Schema):
    id: int
    notification_id: int | None
    title: str = Field(description="通知标题;每日汇总为空")
    user_id: int
    channel: str
    kind: str
    status: str
    status_label: str
    recipient: str
    attempts: int
    next_at: datetime | None
    sent_at: datetime | None
    error: str
    created_at: datetime


class NotifyDeliveryPage(PageOut):
    items: list[NotifyDeliveryOut]


def _delivery(d: Delivery) -> dict:
    return {
        "id": d.pk,
        "notification_id": d.notification_id,
        "title": d.notification.title if d.notification else "",
        "user_id": d.user_id,
        "channel": d.channel,
        "kind": d.kind,
        "status": d.status,
        "status_label": d.get_status_display(),
        "recipient": d.recipient,
        "attempts": d.attempts,
        "next_at": d.next_at,
        "sent_at": d.sent_at,
        "error": d.error,
        "created_at": d.created_at,
    }


@router.get("/deliveries", response={200: NotifyDeliveryPage, **errors(422)}, summary="送达记录")
def deliveries(request, query: Query[NotifyDeliveryQuery]):
    return filtered_page(
        query,
        DeliveryFilter,
        selectors.deliveries_of(user=request.user),
        _delivery,
        order=("-created_at", "-pk"),
    )


class NotifyChannelOut(Schema):
    code: str
    label: str
    enabled: bool
    kinds: list[str]
    config: dict[str, str] = Field(description="非保密设置")
    secrets_set: list[str] = Field(description="已设置的凭据名称(凭据本身从不返回)")


class NotifyChannelIn(Schema):
    enabled: bool = False
    kinds: list[str] = Field(default_factory=list, description="承载的通知类别")
    config: dict[str, str] = Field(default_factory=dict, description="非保密设置")
    secrets: dict[str, str] = Field(default_factory=dict, description="凭据;只写,不填的保留原值")


def _channel(channel: Channel) -> dict:
    stored = channel.secret_values()
    return {
        "code": channel.code,
        "label": str(ADAPTERS[channel.code].label),
        "enabled": channel.enabled,
        "kinds": channel.kinds,
        "config": channel.config,
        "secrets_set": [f.name for f in ADAPTERS[channel.code].secret_fields if stored.get(f.name)],
    }


@router.get("/channels", response={200: list[NotifyChannelOut], **errors(403)}, summary="送达渠道")
def channels(request):
    return [_channel(row["channel"]) for row in selectors.channel_list(user=request.user)]


@router.put(
    "/channels/{code}",
    response={200: NotifyChannelOut, **errors(400, 403, 404)},
    summary="设置送达渠道",
)
def channel_put(request, code: str, data: NotifyChannelIn):
    selectors.channel_get(user=request.user, code=code)
    allowed = {f.name for f in ADAPTERS[code].fields + ADAPTERS[code].secret_fields}
    values = {k: v for k, v in {**data.config, **data.secrets}.items() if k in allowed}
    channel = services.channel_save(
        actor=request.user, code=code, enabled=data.enabled, kinds=data.kinds, **values
    )
    return _channel(channel)


class NotifyTestIn(Schema):
    recipient: str = Field(description="接收测试消息的账号")


class NotifyTestOut(Schema):
    vendor_id: str


@router.post(
    "/channels/{code}/test",
    response={200: NotifyTestOut, **errors(400, 403, 404)},
    summary="发送测试消息",
)
def channel_test(request, code: str, data: NotifyTestIn):
    selectors.channel_get(user=request.user, code=code)
    return {
        "vendor_id": services.channel_test(actor=request.user, code=code, recipient=data.recipient)
    }


class NotifyPreferenceIO(Schema):
    muted: list[str] = Field(default_factory=list, description="关闭的“类别:渠道”,如 appeals:sms")
    digest: bool = False
    quiet_from: time | None = None
    quiet_to: time | None = None


def _preference(pref) -> dict:
    return {
        "muted": pref.muted,
        "digest": pref.digest,
        "quiet_from": pref.quiet_from,
        "quiet_to": pref.quiet_to,
    }


@router.get("/preferences", response=NotifyPreferenceIO, summary="我的通知偏好")
def preference_get(request):
    pref, _grid = selectors.preference_of(user=request.user)
    return _preference(pref)


@router.put(
    "/preferences", response={200: NotifyPreferenceIO, **errors(400)}, summary="设置我的通知偏好"
)
def preference_put(request, data: NotifyPreferenceIO):
    return _preference(services.preference_save(actor=request.user, **data.dict()))
