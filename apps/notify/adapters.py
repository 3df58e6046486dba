"""The channels' adapters: one interface (`Adapter.send(recipient, message)`), one per vendor.

Each adapter is built from the admin's settings (`config`, plain) and credentials (`secrets`,
decrypted only here) and speaks the vendor's documented HTTP API through the standard library.
A failure is a `SendError` saying why, in Chinese, and whether trying again may help: a network
error, a timeout, a 5xx or 429, a vendor's "busy" or rate-limit code are worth a retry; a
recipient the vendor does not know is not. Access tokens are cached (Django's cache) for the
vendor's `expires_in` less a margin, and fetched again once when the vendor says it expired.
Message text is cut to each vendor's documented limit (bytes for WeCom and DingTalk).
"""

import hashlib
import hmac
import json
import smtplib
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.core.cache import cache
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TIMEOUT = 10  # seconds for one vendor call; a slow vendor is a retry, not a stuck worker
TOKEN_MARGIN = 300  # refresh a cached token this many seconds before the vendor expires it


@dataclass(frozen=True)
class Message:
    """What a channel carries: the notification's title and body, and an absolute link."""

    title: str
    body: str = ""
    url: str = ""

    def text(self) -> str:
        return "\n".join(p for p in (self.title, self.body, self.url) if p)


class SendError(Exception):
    """A delivery that failed: `reason` for the log, `retry` whether another attempt may help."""

    def __init__(self, reason: str, *, retry: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True)
class Field:
    name: str
    label: object
    help: object = ""
    default: str = ""
    required: bool = True


def cut_bytes(text: str, limit: int) -> str:
    """`text` in at most `limit` UTF-8 bytes, ending in … when it was cut."""
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode(errors="ignore") + "…"


def cut_chars(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def http(method, url, *, params=None, body=None, headers=None):
    """One HTTP call: (status, parsed JSON or raw text). A network error, a timeout, a 5xx or a
    429 is a retryable SendError; another status is returned for the adapter to judge."""
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
    data = body
    headers = dict(headers or {})
    if body is not None and not isinstance(body, bytes):
        data = json.dumps(body, ensure_ascii=False).encode()
        headers.setdefault("Content-Type", "application/json; charset=utf-8")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except TimeoutError:
        raise SendError(_("连接超时。")) from None
    except (urllib.error.URLError, OSError) as e:
        raise SendError(_("无法连接:%(e)s") % {"e": getattr(e, "reason", e)}) from None
    if status >= 500 or status == 429:
        raise SendError(_("对方服务暂不可用(HTTP %(s)d)。") % {"s": status})
    text = raw.decode(errors="replace")
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


class Adapter:
    """One channel. `fields` are the plain settings, `secret_fields` the encrypted ones;
    `recipient` names what the channel addresses a person by (services.recipient_of)."""

    code = ""
    label = ""
    fields: tuple[Field, ...] = ()
    secret_fields: tuple[Field, ...] = ()
    recipient = "employee_no"

    def __init__(self, config: dict, secrets: dict):
        self.config = config
        self.secrets = secrets

    batch = 1  # how many recipients one call may carry (the same message to each)
    # What the channel's `per_minute` counts: the vendor's calls ("call") or the messages in
    # them ("message": an SMTP relay limits messages, however many go on one connection).
    rate_unit = "call"

    @classmethod
    def batch_for(cls, config: dict) -> int:
        """How many recipients one call carries with these settings (most: `batch`)."""
        return cls.batch

    def send(self, recipient: str, message: Message) -> str:
        """Deliver; the vendor's message id (or "") on success, a SendError otherwise."""
        raise NotImplementedError

    def send_many(self, recipients: list[str], message: Message) -> dict:
        """The same message to each (at most `batch`): each one's vendor id or SendError."""
        out = {}
        for recipient in recipients:
            try:
                out[recipient] = self.send(recipient, message)
            except SendError as e:
                out[recipient] = e
        return out


ID_SOURCE = Field(
    "id_source",
    gettext_lazy("成员账号取自"),
    help=gettext_lazy("employee_no(工号)或 mobile(手机号);个人另设的账号优先"),
    default="employee_no",
)


# Sign-in with the corp app (apps.notify.signin) reuses the channel's app and credentials.
SIGNIN = Field(
    "signin",
    gettext_lazy("用于登录"),
    help=gettext_lazy("on:登录页显示扫码登录,应用内免登;off:不用于登录"),
    default="off",
    required=False,
)


def per_minute(default: str = "") -> Field:
    return Field(
        "per_minute",
        gettext_lazy("每分钟最多发送"),
        help=gettext_lazy("按服务商公布的频率限制填写;留空不限"),
        default=default,
        required=False,
    )


class BatchAdapter(Adapter):
    """A channel whose one call carries many recipients: `send_many` is the call."""

    def send(self, recipient, message):
        result = self.send_many([recipient], message)[recipient]
        if isinstance(result, SendError):
            raise result
        return result


class TokenAdapter(BatchAdapter):
    """A vendor whose API takes an access token fetched with the app's id and secret, and
    addresses a person by the account id the company gave them there (工号 or mobile). Its
    answers carry a code (0 is success) and a message under `code_key` / `msg_key`."""

    code_key, msg_key = "errcode", "errmsg"
    expired_codes: frozenset = frozenset()
    unknown_user_codes: frozenset = frozenset()

    @property
    def recipient(self):
        return "mobile" if self.config.get("id_source") == "mobile" else "employee_no"

    def url(self, path: str) -> str:
        return f"{self.config['base_url']}{path}"

    def _cache_key(self) -> str:
        ident = json.dumps([self.code, self.config, self.secrets], sort_keys=True)
        return f"notify:token:{hashlib.sha256(ident.encode()).hexdigest()[:24]}"

    def fetch_token(self) -> tuple[str, int]:
        raise NotImplementedError

    def token(self, *, fresh: bool = False) -> str:
        key = self._cache_key()
        token = None if fresh else cache.get(key)
        if token is None:
            token, expires_in = self.fetch_token()
            cache.set(key, token, max(60, int(expires_in) - TOKEN_MARGIN))
        return token

    def answer(self, method, path, **kwargs) -> dict:
        status, answer = http(method, self.url(path), **kwargs)
        if not isinstance(answer, dict):
            raise SendError(
                _("%(v)s 返回了无法识别的应答(HTTP %(s)d)。") % {"v": self.label, "s": status}
            )
        return answer

    def token_from(self, answer, token_key="access_token", expires_key="expires_in"):
        if answer.get(self.code_key, 0) != 0 or not answer.get(token_key):
            raise SendError(self.vendor_error(answer))
        return answer[token_key], answer.get(expires_key, 7200)

    def call(self, request) -> dict:
        """`request(token)` → the vendor's JSON; once more with a new token if it expired."""
        answer = request(self.token())
        if answer.get(self.code_key) in self.expired_codes:
            answer = request(self.token(fresh=True))
        return answer

    def unknown(self, recipient: str) -> SendError:
        return SendError(
            _("%(v)s中没有该账号:%(id)s。") % {"v": self.label, "id": recipient}, retry=False
        )

    def outcome(self, answer: dict, recipient: str, vendor_id) -> str:
        code = answer.get(self.code_key)
        if code in self.unknown_user_codes:
            raise self.unknown(recipient)
        if code != 0:
            raise SendError(self.vendor_error(answer))
        return str(vendor_id or "")

    def outcomes(self, answer: dict, recipients: list[str], vendor_id) -> dict:
        """Each recipient's result of one call to many: the call's, except for one the vendor
        names as invalid (WeCom's `invaliduser`), which failed alone."""
        invalid = _ids(answer.get("invaliduser"))
        out = {}
        for recipient in recipients:
            try:
                if recipient.lower() in invalid:
                    raise self.unknown(recipient)
                out[recipient] = self.outcome(answer, recipient, vendor_id)
            except SendError as e:
                out[recipient] = e
        return out

    def vendor_error(self, answer: dict) -> str:
        return _("%(v)s 返回错误 %(code)s:%(msg)s") % {
            "v": self.label,
            "code": answer.get(self.code_key),
            "msg": cut_chars(str(answer.get(self.msg_key, "")), 200),
        }


class WeComAdapter(TokenAdapter):
    """企业微信 application message: gettoken(corpid, corpsecret) → message/send as a text card
    (title ≤ 128 bytes, description ≤ 512 bytes) to `touser` by userid."""

    code = "wecom"
    label = gettext_lazy("企业微信")
    fields = (
        Field("base_url", gettext_lazy("接口地址"), default="https://qyapi.weixin.qq.com"),
        Field("corpid", gettext_lazy("企业ID(corpid)")),
        Field("agentid", gettext_lazy("应用AgentId")),
        ID_SOURCE,
        per_minute(),
        SIGNIN,
    )
    secret_fields = (Field("corpsecret", gettext_lazy("应用Secret")),)
    expired_codes = frozenset({40014, 42001, 41001})
    unknown_user_codes = frozenset({81013})
    batch = 1000  # touser: up to 1000 members, joined by |

    def fetch_token(self):
        params = {"corpid": self.config["corpid"], "corpsecret": self.secrets["corpsecret"]}
        return self.token_from(self.answer("GET", "/cgi-bin/gettoken", params=params))

    def send_many(self, recipients, message):
        payload = {"touser": "|".join(recipients), "agentid": int(self.config["agentid"])}
        if message.url:
            payload |= {
                "msgtype": "textcard",
                "textcard": {
                    "title": cut_bytes(message.title, 128),
                    "description": cut_bytes(message.body or message.title, 512),
                    "url": message.url,
                    "btntxt": _("查看"),
                },
            }
        else:
            payload |= {"msgtype": "text", "text": {"content": cut_bytes(message.text(), 2048)}}
        answer = self.call(
            lambda token: self.answer(
                "POST", "/cgi-bin/message/send", params={"access_token": token}, body=payload
            )
        )
        return self.outcomes(answer, recipients, answer.get("msgid"))


class DingTalkAdapter(TokenAdapter):
    """钉钉 work notification: gettoken(appkey, appsecret) → asyncsend_v2 with agent_id and
    userid_list; an action card when there is a link (the whole msg ≤ 2048 bytes)."""

    code = "dingtalk"
    label = gettext_lazy("钉钉")
    fields = (
        Field("base_url", gettext_lazy("接口地址"), default="https://oapi.dingtalk.com"),
        Field("appkey", gettext_lazy("AppKey")),
        Field("agent_id", gettext_lazy("应用AgentId")),
        ID_SOURCE,
        per_minute(),
        SIGNIN,
        # The OAuth 2 user calls (userAccessToken, users/me) live on the new API host.
        Field(
            "api_url",
            gettext_lazy("新版接口地址"),
            default="https://api.dingtalk.com",
            required=False,
        ),
    )
    secret_fields = (Field("appsecret", gettext_lazy("AppSecret")),)
    expired_codes = frozenset({40014, 42001, 41001, 88})
    unknown_user_codes = frozenset({33012, 60121})
    batch = 100  # userid_list, comma-separated

    def fetch_token(self):
        params = {"appkey": self.config["appkey"], "appsecret": self.secrets["appsecret"]}
        return self.token_from(self.answer("GET", "/gettoken", params=params))

    def send_many(self, recipients, message):
        title = cut_chars(message.title, 100)
        if message.url:
            msg = {
                "msgtype": "action_card",
                "action_card": {
                    "title": title,
                    "markdown": cut_bytes(f"### {title}\n\n{message.body}", 1500),
                    "single_title": _("查看详情"),
                    "single_url": message.url,
                },
            }
        else:
            msg = {"msgtype": "text", "text": {"content": cut_bytes(message.text(), 1800)}}
        payload = {
            "agent_id": int(self.config["agent_id"]),
            "userid_list": ",".join(recipients),
            "msg": msg,
        }
        path = "/topapi/message/corpconversation/asyncsend_v2"
        answer = self.call(
            lambda token: self.answer("POST", path, params={"access_token": token}, body=payload)
        )
        return self.outcomes(answer, recipients, answer.get("task_id"))


class FeishuAdapter(TokenAdapter):
    """飞书: tenant_access_token/internal(app_id, app_secret) → im/v1/messages with
    receive_id_type=user_id, a text message (content is a JSON string); the same message to
    many goes through message/v4/batch_send (user_ids, up to 200 a call; its content is an
    object), so a reminder to a whole company fits the 1000-calls-a-minute limit."""

    code = "feishu"
    label = gettext_lazy("飞书")
    fields = (
        Field("base_url", gettext_lazy("接口地址"), default="https://open.feishu.cn"),
        Field("app_id", gettext_lazy("App ID")),
        ID_SOURCE,
        per_minute("1000"),  # im/v1/messages and batch_send: 1000 calls a minute, 50 a second
        SIGNIN,
    )
    secret_fields = (Field("app_secret", gettext_lazy("App Secret")),)
    code_key, msg_key = "code", "msg"
    expired_codes = frozenset({99991661, 99991663, 99991664, 99991668})
    unknown_user_codes = frozenset({230013, 99992361, 99992364})
    batch = 200  # batch_send: user_ids, up to 200

    def fetch_token(self):
        body = {"app_id": self.config["app_id"], "app_secret": self.secrets["app_secret"]}
        answer = self.answer("POST", "/open-apis/auth/v3/tenant_access_token/internal", body=body)
        return self.token_from(answer, "tenant_access_token", "expire")

    def send(self, recipient, message):
        payload = {
            "receive_id": recipient,
            "msg_type": "text",
            "content": json.dumps({"text": cut_chars(message.text(), 4000)}, ensure_ascii=False),
        }
        answer = self.call(
            lambda token: self.answer(
                "POST",
                "/open-apis/im/v1/messages",
                params={"receive_id_type": "user_id"},
                body=payload,
                headers={"Authorization": f"Bearer {token}"},
            )
        )
        return self.outcome(answer, recipient, (answer.get("data") or {}).get("message_id"))

    def send_many(self, recipients, message):
        if len(recipients) == 1:
            return super().send_many(recipients, message)
        payload = {
            "msg_type": "text",
            "content": {"text": cut_chars(message.text(), 4000)},
            "user_ids": recipients,
        }
        answer = self.call(
            lambda token: self.answer(
                "POST",
                "/open-apis/message/v4/batch_send/",
                body=payload,
                headers={"Authorization": f"Bearer {token}"},
            )
        )
        data = answer.get("data") or {}
        # The call is accepted for all but the users it names as invalid, which fail alone.
        answer = {**answer, "invaliduser": "|".join(data.get("invalid_user_ids") or [])}
        return self.outcomes(answer, recipients, data.get("message_id"))


class EmailAdapter(BatchAdapter):
    """E-mail through Django's SMTP backend, with the admin's server and account. A call is
    one SMTP connection carrying up to `batch` messages, each addressed to one person alone
    (nobody sees another's address); `per_minute` counts messages, as relays limit them."""

    code = "email"
    label = gettext_lazy("电子邮件")
    recipient = "email"
    fields = (
        Field("host", gettext_lazy("SMTP 服务器")),
        Field("port", gettext_lazy("端口"), default="465"),
        Field(
            "security",
            gettext_lazy("加密方式"),
            help=gettext_lazy("ssl、starttls 或 none"),
            default="ssl",
        ),
        Field("username", gettext_lazy("账号"), required=False),
        Field("from_email", gettext_lazy("发件人地址")),
        Field(
            "per_minute",
            gettext_lazy("每分钟最多发送(封)"),
            help=gettext_lazy("按邮件服务器或服务商规定的每分钟发信封数填写;留空不限"),
            default="",
            required=False,
        ),
    )
    secret_fields = (Field("password", gettext_lazy("密码或授权码"), required=False),)
    batch = 50  # messages on one SMTP connection
    rate_unit = "message"

    def _backend(self) -> EmailBackend:
        security = self.config.get("security", "ssl")
        return EmailBackend(
            host=self.config["host"],
            port=int(self.config["port"]),
            username=self.config.get("username") or None,
            password=self.secrets.get("password") or None,
            use_ssl=security == "ssl",
            use_tls=security == "starttls",
            timeout=TIMEOUT,
        )

    def send_many(self, recipients, message):
        backend = self._backend()
        subject = cut_chars(message.title, 200)
        body = "\n\n".join(p for p in (message.body, message.url) if p)
        out = {}
        try:
            backend.open()
        except (smtplib.SMTPException, OSError) as e:
            return dict.fromkeys(recipients, SendError(_("邮件发送失败:%(e)s") % {"e": e}))
        try:
            for recipient in recipients:
                email = EmailMessage(
                    subject=subject,
                    body=body,
                    from_email=self.config["from_email"],
                    to=[recipient],
                    connection=backend,
                )
                try:
                    backend.send_messages([email])
                    out[recipient] = ""
                except smtplib.SMTPRecipientsRefused:
                    out[recipient] = SendError(
                        _("邮件服务器拒收该地址:%(to)s。") % {"to": recipient}, retry=False
                    )
                except (smtplib.SMTPException, OSError) as e:
                    failed = SendError(_("邮件发送失败:%(e)s") % {"e": e})
                    for rest in recipients:  # the connection is gone: the rest wait a retry
                        out.setdefault(rest, failed)
                    break
        finally:
            try:
                backend.close()
            except (smtplib.SMTPException, OSError):
                pass
        return out


class SmsAdapter(BatchAdapter):
    """A generic SMS gateway: the vendor's API is configured, not coded. The body template
    (and the headers, a JSON object) may use {mobile}, {text} and {secret}; values are
    JSON-escaped for a JSON body and URL-encoded for a form body or a GET. Success is HTTP 2xx
    and, when set, the answer's `success_field` equal to `success_value`.

    Gateways that take many numbers for one text (阿里云 SendSms: PhoneNumbers, up to 1000,
    comma-separated) are set with `batch_size` > 1: {mobile} is then the numbers joined by
    `separator`, and the gateway's answer is each one's. `per_minute` is the gateway's rate of
    calls."""

    code = "sms"
    label = gettext_lazy("短信")
    recipient = "mobile"
    fields = (
        Field("url", gettext_lazy("网关地址")),
        Field("method", gettext_lazy("请求方法"), help=gettext_lazy("POST 或 GET"), default="POST"),
        Field(
            "content_type",
            gettext_lazy("请求体类型"),
            help=gettext_lazy("json 或 form"),
            default="json",
        ),
        Field(
            "body_template",
            gettext_lazy("请求体模板"),
            help=gettext_lazy('例如 {"phone": "{mobile}", "content": "{text}"}'),
            default='{"mobile": "{mobile}", "content": "{text}"}',
        ),
        Field("headers", gettext_lazy("请求头(JSON)"), default="{}", required=False),
        Field("success_field", gettext_lazy("成功标志字段"), required=False),
        Field("success_value", gettext_lazy("成功标志取值"), required=False),
        Field("max_chars", gettext_lazy("最长字数"), default="300"),
        Field(
            "batch_size",
            gettext_lazy("每次请求的号码数"),
            help=gettext_lazy("网关支持一次发给多个号码时填写(最多 1000),默认 1"),
            default="1",
            required=False,
        ),
        Field(
            "separator",
            gettext_lazy("号码分隔符"),
            help=gettext_lazy("多个号码在 {mobile} 中的分隔符,默认英文逗号"),
            default=",",
            required=False,
        ),
        per_minute(),
    )
    secret_fields = (Field("secret", gettext_lazy("密钥/令牌"), required=False),)
    batch = 1000  # the most any setting may put in one call

    @classmethod
    def batch_for(cls, config):
        try:
            wanted = int(config.get("batch_size") or 1)
        except (TypeError, ValueError):
            wanted = 1
        return max(1, min(cls.batch, wanted))

    def _fill(self, template: str, values: dict, escape) -> str:
        for name, value in values.items():
            template = template.replace("{" + name + "}", escape(value))
        return template

    def send_many(self, recipients, message):
        """One call for these numbers (at most batch_for(config)): the same outcome each."""
        try:
            result = self._call(recipients, message)
        except SendError as e:
            return dict.fromkeys(recipients, e)
        return dict.fromkeys(recipients, result)

    def _call(self, recipients, message):
        text = cut_chars(message.text(), int(self.config.get("max_chars") or 300))
        mobiles = (self.config.get("separator") or ",").join(recipients)
        values = {"mobile": mobiles, "text": text, "secret": self.secrets.get("secret", "")}
        as_json = self.config.get("content_type", "json") == "json"
        method = self.config.get("method", "POST").upper()

        def json_escape(v):
            return json.dumps(v, ensure_ascii=False)[1:-1]

        headers = json.loads(self._fill(self.config.get("headers") or "{}", values, json_escape))
        template = self.config.get("body_template", "")
        if method == "GET":
            filled = self._fill(template, values, urllib.parse.quote)
            url = f"{self.config['url']}{'&' if '?' in self.config['url'] else '?'}{filled}"
            status, answer = http("GET", url, headers=headers)
        else:
            escape = json_escape if as_json else urllib.parse.quote
            body = self._fill(template, values, escape).encode()
            kind = "application/json" if as_json else "application/x-www-form-urlencoded"
            headers.setdefault("Content-Type", f"{kind}; charset=utf-8")
            status, answer = http(method, self.config["url"], body=body, headers=headers)
        if status >= 400:
            raise SendError(
                _("短信网关拒绝了请求(HTTP %(s)d)。") % {"s": status}, retry=status == 408
            )
        field = self.config.get("success_field")
        if field:
            got = answer.get(field) if isinstance(answer, dict) else None
            if str(got) != str(self.config.get("success_value", "")):
                raise SendError(_("短信网关返回失败:%(a)s") % {"a": cut_chars(str(answer), 200)})
        return ""


class WebhookAdapter(BatchAdapter):
    """A generic signed webhook for other systems: a JSON POST of one message to up to `batch`
    recipients, whose headers carry the time (X-Tongxin-Timestamp, seconds) and the HMAC-SHA256
    (hex) of "<timestamp>.<body>" under the shared secret (X-Tongxin-Signature), so the receiver
    can check origin and freshness. A 2xx answer delivers to all but those the receiver lists in
    `rejected` (ids it does not know), which fail alone and are not retried."""

    code = "webhook"
    label = gettext_lazy("Webhook")
    recipient = "account"
    fields = (Field("url", gettext_lazy("推送地址")),)
    secret_fields = (Field("secret", gettext_lazy("签名密钥")),)
    # One call per person made 10,000 reminders take over five minutes (issue 17); a message
    # to many keeps a body under ~10 KB of ids that any receiver accepts.
    batch = 500

    def send_many(self, recipients, message):
        body = json.dumps(
            {
                "recipients": recipients,
                "title": message.title,
                "body": message.body,
                "url": message.url,
            },
            ensure_ascii=False,
        ).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Tongxin-Timestamp": timestamp,
            "X-Tongxin-Signature": sign(self.secrets["secret"], timestamp, body),
        }
        status, answer = http("POST", self.config["url"], body=body, headers=headers)
        if status >= 400:
            error = SendError(
                _("接收方拒绝了请求(HTTP %(s)d)。") % {"s": status}, retry=status == 408
            )
            return dict.fromkeys(recipients, error)
        listed = answer.get("rejected") if isinstance(answer, dict) else None
        rejected = {str(r).lower() for r in listed or ()}
        unknown = SendError(_("接收方不认识该账号。"), retry=False)
        return {r: unknown if r.lower() in rejected else "" for r in recipients}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _ids(value) -> set[str]:
    return {v.lower() for v in (value or "").split("|") if v}


ADAPTERS: dict[str, type[Adapter]] = {
    a.code: a
    for a in (
        WeComAdapter,
        DingTalkAdapter,
        FeishuAdapter,
        EmailAdapter,
        SmsAdapter,
        WebhookAdapter,
    )
}
