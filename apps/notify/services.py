"""Writes of 送达: routing notifications to channels, sending and retrying, the daily digest,
the admin's channel settings and rules, and a person's preferences.

The flow (decision 0009): an in-app notification is stored by apps.core.services.notify (or
by an area's own bulk write); `route_new` turns each new one into a `Delivery` per channel that
carries its kind, once (`Routed` marks it, the unique (notification, channel) guards it);
`delivery_send` claims a due delivery with one UPDATE (so two workers never both send it),
calls the channel's adapter, and records sent / failed / retry-at with the reason. Nothing here
touches the in-app notification itself, so a vendor's failure can never lose it."""

import json
import logging
from collections import defaultdict
from datetime import timedelta

from django.core.cache import caches
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.core.audit import audit_event
from apps.core.models import Notification

from . import kinds as kind_registry
from .adapters import ADAPTERS, Adapter, Message, SendError
from .choices import DeliveryStatus
from .crypto import seal
from .errors import NotifyError
from .models import Channel, Delivery, NotifyPolicy, Preference, RecipientId, Routed

log = logging.getLogger(__name__)

BATCH = 500
LOOKBACK = timedelta(days=1)  # a notification older than this is not sent on (it is stale)
STALE = timedelta(minutes=10)  # a claimed delivery whose worker died is taken up again after
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
rates = caches["shared"]  # sends per channel per minute, alike for every worker


def is_admin(user) -> bool:
    return user.has_role(Role.SYSTEM_ADMIN)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the n-th failed attempt, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


# --- who, where and when -------------------------------------------------------------------


def recipient_of(user, adapter: Adapter, override: str | None) -> str:
    """The person's account on the channel: the admin's override, else what the channel
    addresses people by (工号, mobile, e-mail; an account name for a webhook)."""
    if override:
        return override
    person = user.person if user.person_id else None
    return {
        "employee_no": person.employee_no if person else "",
        "mobile": person.mobile if person else "",
        "email": user.email,
        "account": person.employee_no if person else user.username,
    }[adapter.recipient]


def quiet_until(pref: Preference | None, now):
    """When the person's quiet hours end, if `now` is inside them (they may span midnight)."""
    if pref is None or not pref.quiet_from or not pref.quiet_to or pref.quiet_from == pref.quiet_to:
        return None
    local = timezone.localtime(now)
    t, start, end = local.time(), pref.quiet_from, pref.quiet_to
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    until = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return until if until > local else until + timedelta(days=1)


def absolute(policy: NotifyPolicy, url: str) -> str:
    """The link a phone can open: the site address before the notification's path."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{policy.site_url.rstrip('/')}{url}" if policy.site_url else ""


def message_of(delivery: Delivery, policy: NotifyPolicy) -> Message:
    n = delivery.notification
    if n is not None:
        return Message(title=n.title, body=n.body, url=absolute(policy, n.url))
    items = delivery.items.select_related("notification").order_by("pk")
    titles = [f"· {i.notification.title}" for i in items[:30]]
    count = delivery.items.count()
    more = [_("……另有 %(n)d 条") % {"n": count - len(titles)}] if count > len(titles) else []
    return Message(
        title=_("今日通知汇总(%(n)d 条)") % {"n": count},
        body="\n".join(titles + more),
        url=absolute(policy, reverse("notifications")),
    )


# --- routing --------------------------------------------------------------------------------


def route_new(*, now) -> int:
    """Route every notification not yet routed (since the earliest channel was switched on,
    at most a day back): a delivery per enabled channel that carries its kind and the person
    did not turn off (urgent kinds always), skipped when the person has no account there,
    held for the digest or until quiet hours end. Returns how many notifications it routed."""
    channels = list(Channel.objects.filter(enabled=True, enabled_at__isnull=False))
    if not channels:
        return 0
    since = max(now - LOOKBACK, min(c.enabled_at for c in channels))
    pending = Notification.objects.filter(created_at__gte=since, routed__isnull=True)
    policy = NotifyPolicy.current()
    done = 0
    while batch := list(pending.select_related("user__person").order_by("pk")[:BATCH]):
        _route(batch, channels, policy, now)
        done += len(batch)
    return done


def _route(batch, channels, policy, now) -> None:
    kinds = kind_registry.classify(batch)
    urgent_kinds = set(policy.urgent_kinds)
    users = {n.user_id for n in batch}
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in=users)}
    overrides = {
        (r.user_id, r.channel): r.value for r in RecipientId.objects.filter(user_id__in=users)
    }
    adapters = {c.code: ADAPTERS[c.code](c.config, {}) for c in channels}
    rows = []
    for n in batch:
        kind, pref = kinds[n.pk], prefs.get(n.user_id)
        urgent = kind in urgent_kinds
        for c in channels:
            if kind not in c.kinds or n.created_at < c.enabled_at or not n.user.is_active:
                continue
            if not urgent and pref and f"{kind}:{c.code}" in pref.muted:
                continue
            adapter = adapters[c.code]
            row = Delivery(
                notification=n,
                user_id=n.user_id,
                channel=c.code,
                kind=kind,
                recipient=recipient_of(n.user, adapter, overrides.get((n.user_id, c.code)))[:100],
                next_at=now,
            )
            if not row.recipient:
                row.status, row.next_at = DeliveryStatus.SKIPPED, None
                row.error = _("接收人没有%(channel)s账号,未发送。") % {"channel": c}
            elif not urgent and pref and pref.digest:
                row.status, row.next_at = DeliveryStatus.DIGEST, None
            elif not urgent:
                row.next_at = quiet_until(pref, now) or now
            rows.append(row)
    with transaction.atomic():
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)
        Routed.objects.bulk_create(
            [Routed(notification=n) for n in batch], ignore_conflicts=True, batch_size=BATCH
        )


def due(*, now, limit: int = 5000) -> list[int]:
    """Deliveries to send now, one per vendor call: pending ones whose time has come, and
    claimed ones gone stale. A call carries up to the adapter's `batch` deliveries of the same
    message (delivery_send claims the others), so a notice to a whole company is one task per
    call, not per person; no more calls on a channel this minute than its `per_minute` (the
    rate a vendor documents is of calls). A channel switched off has its waiting deliveries
    taken too, to be marked skipped."""
    rows = Delivery.objects.filter(status__in=OPEN, next_at__lte=now).order_by("next_at", "pk")
    enabled = list(Channel.objects.filter(enabled=True))
    pks = list(
        rows.exclude(channel__in=[c.code for c in enabled]).values_list("pk", flat=True)[:limit]
    )
    for channel in enabled:
        rate = int(channel.config.get("per_minute") or 0)
        batch = batch_of(channel)
        cost = batch if ADAPTERS[channel.code].rate_unit == "message" else 1  # at most
        key = f"notify:rate:{channel.code}:{timezone.localtime(now):%Y%m%d%H%M}"
        left = (rate - rates.get_or_set(key, 0, 120)) // cost if rate else limit
        mine = rows.filter(channel=channel.code)
        leaders = _leaders(mine, batch, left, limit)
        if rate and leaders:
            rates.incr(key, len(leaders) * cost)
        pks += leaders
    return pks


def batch_of(channel: Channel) -> int:
    """How many recipients one call of this channel carries: the adapter's, with its
    settings; never more than a rate counted in messages allows in a minute."""
    cls = ADAPTERS[channel.code]
    batch = cls.batch_for(channel.config)
    rate = int(channel.config.get("per_minute") or 0)
    if cls.rate_unit == "message" and rate:
        batch = max(1, min(batch, rate))
    return batch


def _leaders(rows, batch: int, calls_left: int, limit: int) -> list[int]:
    """The first delivery of each call that fits in `calls_left`: deliveries of the same message
    fill a call `batch` at a time; a text per person is a call each."""
    leaders, filled = [], {}
    message = ("pk", "notification__title", "notification__body", "notification__url")
    for pk, *text in rows.values_list(*message)[: limit * batch]:
        same = tuple(text)
        if filled.get(same, 0) % batch == 0:
            if len(leaders) >= min(calls_left, limit):
                continue
            leaders.append(pk)
        filled[same] = filled.get(same, 0) + 1
    return leaders


# --- sending --------------------------------------------------------------------------------


def adapter_for(channel: Channel) -> Adapter:
    """The channel's adapter with its credentials; a SendError naming what is missing."""
    cls = ADAPTERS[channel.code]
    secrets = channel.secret_values()
    for f in cls.fields + cls.secret_fields:
        value = (secrets if f in cls.secret_fields else channel.config).get(f.name)
        if f.required and not value:
            raise SendError(_("渠道未配置完整:缺少“%(label)s”。") % {"label": f.label})
    return cls(channel.config, secrets)


def delivery_send(*, pk: int, now=None) -> Delivery | None:
    """Send one due delivery, once: the UPDATE that claims it is the lock. On a channel that
    takes many recipients a call, the due deliveries of the same message to others go with it
    (claimed in the same way). A retryable failure waits `backoff(attempts)` until the policy's
    attempts are spent; anything else, or a recipient the vendor does not know, is failed with
    the reason."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=pk, status__in=OPEN, next_at__lte=now).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, next_at=now + STALE
    )
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("notification").get(pk=pk)
    policy = NotifyPolicy.current()
    channel = Channel.objects.filter(code=delivery.channel, enabled=True).first()
    if channel is None:
        _finish([delivery], DeliveryStatus.SKIPPED, error=_("渠道已停用,未发送。"))
        return delivery
    group = [delivery, *_claim_siblings(delivery, batch_of(channel), now)]
    recipients = [d.recipient for d in group]
    try:
        adapter = adapter_for(channel)
        results = adapter.send_many(recipients, message_of(delivery, policy))
    except SendError as e:
        results = dict.fromkeys(recipients, e)
    except Exception as e:  # a bug or an odd setting: logged, retried, never a lost delivery
        log.exception("notify: delivery %s failed", pk)
        results = dict.fromkeys(recipients, SendError(_("内部错误:%(e)s") % {"e": e}))
    _settle(group, results, policy, now)
    return delivery


def _claim_siblings(delivery: Delivery, batch: int, now) -> list[Delivery]:
    """Due deliveries of the same message on the same channel to other recipients, claimed
    (rows another worker holds are passed over)."""
    n = delivery.notification
    if batch <= 1 or n is None:
        return []
    with transaction.atomic():
        rows = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                channel=delivery.channel,
                status__in=OPEN,
                next_at__lte=now,
                notification__title=n.title,
                notification__body=n.body,
                notification__url=n.url,
            )
            .exclude(recipient=delivery.recipient)
            .order_by("pk")
            .values_list("pk", "recipient")[: batch * 2]
        )
        picked = {}
        for pk, recipient in rows:
            if len(picked) < batch - 1:
                picked.setdefault(recipient, pk)
        Delivery.objects.filter(pk__in=picked.values()).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, next_at=now + STALE
        )
    return list(Delivery.objects.filter(pk__in=picked.values()).order_by("pk"))


def _settle(group: list[Delivery], results: dict, policy: NotifyPolicy, now) -> None:
    """Each delivery of a call by its result. The sent ones are one UPDATE per vendor id: a
    notice to 10,000 people on four channels is 40,000 rows, and a write each kept the workers
    busy for minutes after the vendors had answered."""
    sent = defaultdict(list)
    for d in group:
        result = results[d.recipient]
        if not isinstance(result, SendError):
            sent[result[:100]].append(d)
        elif result.retry and d.attempts < policy.max_attempts:
            next_at = now + backoff(d.attempts)
            _finish([d], DeliveryStatus.PENDING, error=result.reason, next_at=next_at)
        else:
            _finish([d], DeliveryStatus.FAILED, error=result.reason)
    for vendor_id, rows in sent.items():
        _finish(rows, DeliveryStatus.SENT, vendor_id=vendor_id, sent_at=now)


def _finish(deliveries: list[Delivery], status, *, error="", next_at=None, **fields) -> None:
    values = {"status": status, "error": str(error)[:500], "next_at": next_at, **fields}
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(**values)
    for delivery in deliveries:
        if delivery.digest_day and status not in OPEN:  # its items end as it does
            delivery.items.update(
                status=status, sent_at=fields.get("sent_at"), error=values["error"]
            )
        for name, value in values.items():
            setattr(delivery, name, value)


def digest_pass(*, now) -> int:
    """From the policy's hour each day: one digest per (person, channel) collecting what waits
    for it; idempotent (one digest a day per person and channel, items attached once). Items
    that arrive after today's digest went out wait for tomorrow's."""
    policy = NotifyPolicy.current()
    local = timezone.localtime(now)
    if local.hour < policy.digest_hour:
        return 0
    waiting = Delivery.objects.filter(status=DeliveryStatus.DIGEST, digest__isnull=True)
    made = 0
    groups = waiting.values("user_id", "channel").annotate(recipient=Max("recipient"))
    for g in groups.order_by("user_id", "channel"):
        carrier, _created = Delivery.objects.get_or_create(
            user_id=g["user_id"],
            channel=g["channel"],
            digest_day=local.date(),
            defaults={"kind": kind_registry.DIGEST, "recipient": g["recipient"], "next_at": now},
        )
        if carrier.status == DeliveryStatus.PENDING and carrier.attempts == 0:
            waiting.filter(user_id=g["user_id"], channel=g["channel"]).update(digest=carrier)
            made += 1
    return made


# --- the admin's settings -------------------------------------------------------------------


def _check_admin(actor) -> None:
    if not is_admin(actor):
        raise NotifyError.NOT_ADMIN()


CHOICE_FIELDS = {
    "id_source": ("employee_no", "mobile"),
    "security": ("ssl", "starttls", "none"),
    "method": ("POST", "GET"),
    "content_type": ("json", "form"),
    "signin": ("off", "on"),
}
NUMBER_FIELDS = {"agentid", "agent_id", "port", "max_chars", "per_minute", "batch_size"}
URL_FIELDS = {"base_url", "url", "api_url"}


def _clean_config(cls, values: dict) -> dict:
    config = {}
    for f in cls.fields:
        value = str(values.get(f.name) or "").strip() or f.default
        if f.name == "method":
            value = value.upper()
        if not value:
            config[f.name] = ""
            continue
        if f.name in URL_FIELDS and not value.startswith(("http://", "https://")):
            raise NotifyError.BAD_URL(field=f.name)
        if f.name in NUMBER_FIELDS and not value.isdigit():
            raise NotifyError.BAD_NUMBER(field=f.name, label=f.label)
        if f.name in CHOICE_FIELDS and value not in CHOICE_FIELDS[f.name]:
            allowed = "、".join(CHOICE_FIELDS[f.name])
            raise NotifyError.BAD_VALUE(field=f.name, label=f.label, allowed=allowed)
        if f.name == "headers":
            try:
                if not isinstance(json.loads(value), dict):
                    raise ValueError
            except ValueError:
                raise NotifyError.BAD_JSON(field=f.name, label=f.label) from None
        config[f.name] = value
    return config


def _clean_kinds(kinds) -> list[str]:
    for kind in kinds:
        if kind not in kind_registry.BY_CODE:
            raise NotifyError.BAD_KIND(field="kinds", kind=kind)
    return [k.code for k in kind_registry.KINDS if k.code in set(kinds)]


@transaction.atomic
def channel_save(*, actor, code: str, enabled: bool, kinds: list[str], **values) -> Channel:
    """The system admin sets a channel. A blank credential keeps the stored one (credentials are
    never shown back); a channel is switched on only with every required field set; switching it
    on starts its clock (older notifications are not sent on it). Audited, credentials never."""
    _check_admin(actor)
    if code not in ADAPTERS:
        raise NotifyError.UNKNOWN_CHANNEL()
    cls = ADAPTERS[code]
    channel, _created = Channel.objects.select_for_update().get_or_create(code=code)
    config = _clean_config(cls, values)
    secrets = channel.secret_values()
    for f in cls.secret_fields:
        if values.get(f.name):
            secrets[f.name] = values[f.name]
    if enabled:
        for f in cls.fields + cls.secret_fields:
            if f.required and not (config.get(f.name) or secrets.get(f.name)):
                raise NotifyError.REQUIRED(field=f.name, label=f.label)
    if enabled and not channel.enabled:
        channel.enabled_at = timezone.now()
    channel.enabled = enabled
    channel.config = config
    channel.secrets = seal(secrets)
    channel.kinds = _clean_kinds(kinds)
    channel.save()
    return channel


def channel_test(*, actor, code: str, recipient: str) -> str:
    """Send a test message now, on the saved settings, to the account the admin names; the
    vendor's refusal comes back as the reason."""
    _check_admin(actor)
    channel = Channel.objects.filter(code=code).first()
    if channel is None or not channel.enabled:
        raise NotifyError.NOT_ENABLED()
    if not recipient.strip():
        raise NotifyError.TEST_RECIPIENT(field="recipient")
    policy = NotifyPolicy.current()
    message = Message(
        title=_("同心平台测试消息"),
        body=_("收到这条消息,说明“%(channel)s”渠道配置正确。") % {"channel": channel},
        url=absolute(policy, reverse("home")),
    )
    try:
        vendor_id = adapter_for(channel).send(recipient.strip(), message)
    except SendError as e:
        raise NotifyError.TEST_FAILED(field="recipient", reason=e.reason) from None
    audit_event(actor=actor, instance=channel, message=_("发送测试消息"), data={"to": recipient})
    return vendor_id


@transaction.atomic
def policy_save(*, actor, site_url: str, urgent_kinds, digest_hour: int, max_attempts: int):
    """The company's rules (audited): links' site address, forced kinds, digest hour, retries."""
    _check_admin(actor)
    site_url = (site_url or "").strip().rstrip("/")
    if site_url and not site_url.startswith(("http://", "https://")):
        raise NotifyError.BAD_URL(field="site_url")
    if digest_hour is None or not 0 <= digest_hour <= 23:
        raise NotifyError.BAD_HOUR(field="digest_hour")
    if max_attempts is None or not 1 <= max_attempts <= 10:
        raise NotifyError.BAD_ATTEMPTS(field="max_attempts")
    policy = NotifyPolicy.current()
    policy.site_url = site_url
    policy.urgent_kinds = _clean_kinds(urgent_kinds)
    policy.digest_hour = digest_hour
    policy.max_attempts = max_attempts
    policy.save()
    return policy


# --- a person's preferences -----------------------------------------------------------------


def preference_save(*, actor, muted, digest: bool, quiet_from=None, quiet_to=None) -> Preference:
    """A person's own choices; (kind, channel) pairs are checked, quiet hours come in pairs."""
    pairs = []
    for pair in muted:
        kind, _sep, channel = str(pair).partition(":")
        if kind not in kind_registry.BY_CODE or channel not in ADAPTERS:
            raise NotifyError.BAD_KIND(field="muted", kind=pair)
        pairs.append(f"{kind}:{channel}")
    if bool(quiet_from) != bool(quiet_to):
        raise NotifyError.QUIET_BOTH(field="quiet_to" if quiet_from else "quiet_from")
    pref, _created = Preference.objects.update_or_create(
        user=actor,
        defaults={
            "muted": sorted(set(pairs)),
            "digest": bool(digest),
            "quiet_from": quiet_from,
            "quiet_to": quiet_to,
        },
    )
    return pref
