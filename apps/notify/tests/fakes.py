"""A local fake of the vendors' HTTP APIs: a real http.server on 127.0.0.1 in a thread.

It checks each request as the vendor documents it (the token fetch and its parameters, the token
on the send, the payload's fields and size, the webhook's signature and timestamp) and answers
like the vendor, with errcode/code on a refusal. A test can queue answers for a path (a vendor
error, a 503, a stall longer than the client's timeout) and expire the issued tokens. No test
reaches the internet.
"""

import hashlib
import hmac
import json
import socketserver
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CREDENTIALS = {
    "wecom": {"corpid": "ww-corp", "corpsecret": "corp-secret", "agentid": "1000002"},
    "dingtalk": {"appkey": "ding-key", "appsecret": "ding-secret", "agent_id": "2000001"},
    "feishu": {"app_id": "cli_fake", "app_secret": "feishu-secret"},
    "webhook": {"secret": "hook-secret"},
}
UNKNOWN_USER = "nobody"


class FakeVendors:
    def __init__(self):
        self.requests: list[dict] = []
        self.queued: dict[str, list] = {}
        self.tokens: set[str] = set()
        self.token_fetches = 0
        self.violations: list[str] = []  # requests not shaped as the vendor documents
        self.signin_codes: dict[str, str] = {}  # an OAuth code → the vendor's user id
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def queue(self, path: str, *answers) -> None:
        """Answer the next calls to `path` with these: (status, json) or ("stall", seconds)."""
        self.queued.setdefault(path, []).extend(answers)

    def expire_tokens(self) -> None:
        self.tokens.clear()

    def sent(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]

    def issue(self, prefix: str) -> str:
        self.token_fetches += 1
        token = f"{prefix}-{self.token_fetches}"
        self.tokens.add(token)
        return token

    # --- the vendors, as documented -------------------------------------------------------

    def wecom_gettoken(self, q, body, headers):
        c = CREDENTIALS["wecom"]
        if q.get("corpid") != c["corpid"] or q.get("corpsecret") != c["corpsecret"]:
            return 200, {"errcode": 40001, "errmsg": "invalid credential"}
        return 200, {
            "errcode": 0,
            "errmsg": "ok",
            "access_token": self.issue("wx"),
            "expires_in": 7200,
        }

    def wecom_send(self, q, body, headers):
        if q.get("access_token") not in self.tokens:
            return 200, {"errcode": 42001, "errmsg": "access_token expired"}
        assert (
            isinstance(body["agentid"], int)
            and str(body["agentid"]) == CREDENTIALS["wecom"]["agentid"]
        )
        assert body["touser"] and body["msgtype"] in ("text", "textcard")
        if body["msgtype"] == "textcard":
            card = body["textcard"]
            assert card["url"].startswith("http")
            if len(card["title"].encode()) > 128 or len(card["description"].encode()) > 512:
                return 200, {"errcode": 44004, "errmsg": "content size out of limit"}
        elif len(body["text"]["content"].encode()) > 2048:
            return 200, {"errcode": 44004, "errmsg": "content size out of limit"}
        users = body["touser"].split("|")
        assert len(users) <= 1000
        invalid = [u for u in users if u == UNKNOWN_USER]
        if len(invalid) == len(users):
            return 200, {"errcode": 81013, "errmsg": "user & party & tag all invalid"}
        return 200, {
            "errcode": 0,
            "errmsg": "ok",
            "invaliduser": "|".join(invalid),
            "msgid": "wx-msg",
        }

    def dingtalk_gettoken(self, q, body, headers):
        c = CREDENTIALS["dingtalk"]
        if q.get("appkey") != c["appkey"] or q.get("appsecret") != c["appsecret"]:
            return 200, {"errcode": 40089, "errmsg": "不合法的corpid或corpsecret"}
        return 200, {
            "errcode": 0,
            "errmsg": "ok",
            "access_token": self.issue("dt"),
            "expires_in": 7200,
        }

    def dingtalk_send(self, q, body, headers):
        if q.get("access_token") not in self.tokens:
            return 200, {"errcode": 88, "errmsg": "不合法的access_token"}
        assert body["agent_id"] == int(CREDENTIALS["dingtalk"]["agent_id"])
        assert isinstance(body["userid_list"], str) and body["userid_list"]
        msg = body["msg"]
        assert msg["msgtype"] in ("text", "action_card")
        if len(json.dumps(msg, ensure_ascii=False).encode()) > 2048:
            return 200, {"errcode": 40035, "errmsg": "msg too long"}
        if body["userid_list"] == UNKNOWN_USER:
            return 200, {"errcode": 33012, "errmsg": "无效的USERID"}
        return 200, {"errcode": 0, "errmsg": "ok", "task_id": 4242, "request_id": "req"}

    def feishu_token(self, q, body, headers):
        c = CREDENTIALS["feishu"]
        if body.get("app_id") != c["app_id"] or body.get("app_secret") != c["app_secret"]:
            return 400, {"code": 10014, "msg": "app secret invalid"}
        return 200, {"code": 0, "msg": "ok", "tenant_access_token": self.issue("t"), "expire": 7200}

    def feishu_send(self, q, body, headers):
        token = headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return 400, {"code": 99991663, "msg": "Invalid access token for authorization."}
        assert q.get("receive_id_type") == "user_id"
        assert body["msg_type"] == "text" and body["receive_id"]
        assert "text" in json.loads(body["content"])  # content is a JSON string
        if body["receive_id"] == UNKNOWN_USER:
            return 400, {"code": 230013, "msg": "Bot has NO availability to this user."}
        return 200, {"code": 0, "msg": "success", "data": {"message_id": "om_fake"}}

    def feishu_batch_send(self, q, body, headers):
        """message/v4/batch_send: msg_type and content (an object here, not a JSON string),
        user_ids up to 200; unknown users come back in invalid_user_ids."""
        token = headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return 400, {"code": 99991663, "msg": "Invalid access token for authorization."}
        assert body["msg_type"] == "text" and isinstance(body["content"], dict)
        assert body["content"]["text"]
        users = body["user_ids"]
        assert isinstance(users, list) and 0 < len(users) <= 200
        invalid = [u for u in users if u == UNKNOWN_USER]
        data = {"message_id": "bm-fake", "invalid_user_ids": invalid}
        return 200, {"code": 0, "msg": "success", "data": data}

    # --- sign-in (OAuth), as documented ---------------------------------------------------

    def wecom_userinfo(self, q, body, headers):
        if q.get("access_token") not in self.tokens:
            return 200, {"errcode": 42001, "errmsg": "access_token expired"}
        userid = self.signin_codes.pop(q["code"], None)
        if userid is None:
            return 200, {"errcode": 40029, "errmsg": "invalid code"}
        return 200, {"errcode": 0, "errmsg": "ok", "userid": userid}

    def dingtalk_user_token(self, q, body, headers):
        c = CREDENTIALS["dingtalk"]
        assert body["clientId"] == c["appkey"] and body["clientSecret"] == c["appsecret"]
        assert body["grantType"] == "authorization_code"
        if body["code"] not in self.signin_codes:
            return 400, {
                "code": "invalidParameter.authCode.notFound",
                "message": "不合法的临时授权码",
            }
        return 200, {"accessToken": f"user-{body['code']}", "expireIn": 7200}

    def dingtalk_me(self, q, body, headers):
        lower = {k.lower(): v for k, v in headers.items()}  # HTTP header names ignore case
        token = lower.get("x-acs-dingtalk-access-token", "")
        code = token.removeprefix("user-")
        assert token.startswith("user-") and code in self.signin_codes
        return 200, {"unionId": f"union-{code}", "nick": "张三", "mobile": "13800000000"}

    def dingtalk_by_unionid(self, q, body, headers):
        if q.get("access_token") not in self.tokens:
            return 200, {"errcode": 88, "errmsg": "不合法的access_token"}
        userid = self.signin_codes.pop(body["unionid"].removeprefix("union-"), None)
        if userid == UNKNOWN_USER:
            return 200, {"errcode": 60121, "errmsg": "找不到该用户"}
        return 200, {"errcode": 0, "errmsg": "ok", "result": {"contact_type": 0, "userid": userid}}

    def feishu_app_token(self, q, body, headers):
        c = CREDENTIALS["feishu"]
        if body.get("app_id") != c["app_id"] or body.get("app_secret") != c["app_secret"]:
            return 400, {"code": 10014, "msg": "app secret invalid"}
        return 200, {"code": 0, "msg": "ok", "app_access_token": self.issue("a"), "expire": 7200}

    def feishu_user_token(self, q, body, headers):
        assert headers.get("Authorization", "").removeprefix("Bearer ") in self.tokens
        assert body["grant_type"] == "authorization_code"
        if body["code"] not in self.signin_codes:
            return 400, {"code": 20003, "msg": "invalid code"}
        return 200, {"code": 0, "msg": "success", "data": {"access_token": f"u-{body['code']}"}}

    def feishu_user_info(self, q, body, headers):
        code = headers.get("Authorization", "").removeprefix("Bearer u-")
        userid = self.signin_codes.pop(code)
        return 200, {"code": 0, "msg": "success", "data": {"user_id": userid, "open_id": "ou_x"}}

    def sms(self, q, body, headers):
        """A generic gateway: when the template sends a `mobile` field, it must be mainland
        mobile numbers, at most 1000, joined by commas (阿里云 SendSms's PhoneNumbers)."""
        if "mobile" in body:
            numbers = body["mobile"].split(",")
            assert 1 <= len(numbers) <= 1000
            assert all(len(n) == 11 and n.isdigit() and n[0] == "1" for n in numbers), numbers[:3]
            assert body.get("content")
        return 200, {"code": "0", "msg": "ok"}

    def webhook(self, q, body, headers, raw=b""):
        stamp = headers.get("X-Tongxin-Timestamp", "0")
        expected = hmac.new(
            CREDENTIALS["webhook"]["secret"].encode(), stamp.encode() + b"." + raw, hashlib.sha256
        ).hexdigest()
        if not hmac.compare_digest(expected, headers.get("X-Tongxin-Signature", "")):
            return 401, {"error": "bad signature"}
        if abs(time.time() - int(stamp)) > 300:
            return 401, {"error": "stale"}
        # Our documented contract (decision 0009): 1–500 recipients, a title, a body, a link.
        recipients = body["recipients"]
        assert 1 <= len(recipients) <= 500 and all(isinstance(r, str) for r in recipients)
        assert isinstance(body["title"], str) and {"body", "url"} <= body.keys()
        return 200, {"rejected": [u for u in recipients if u == UNKNOWN_USER]}

    ROUTES = {
        "/cgi-bin/gettoken": "wecom_gettoken",
        "/cgi-bin/message/send": "wecom_send",
        "/gettoken": "dingtalk_gettoken",
        "/topapi/message/corpconversation/asyncsend_v2": "dingtalk_send",
        "/open-apis/auth/v3/tenant_access_token/internal": "feishu_token",
        "/open-apis/im/v1/messages": "feishu_send",
        "/open-apis/message/v4/batch_send/": "feishu_batch_send",
        "/cgi-bin/auth/getuserinfo": "wecom_userinfo",
        "/v1.0/oauth2/userAccessToken": "dingtalk_user_token",
        "/v1.0/contact/users/me": "dingtalk_me",
        "/topapi/user/getbyunionid": "dingtalk_by_unionid",
        "/open-apis/auth/v3/app_access_token/internal": "feishu_app_token",
        "/open-apis/authen/v1/oidc/access_token": "feishu_user_token",
        "/open-apis/authen/v1/user_info": "feishu_user_info",
        "/sms": "sms",
        "/hook": "webhook",
    }


def _handler(vendors: FakeVendors):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self):
            parsed = urllib.parse.urlparse(self.path)
            query = dict(urllib.parse.parse_qsl(parsed.query))
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = {"_form": dict(urllib.parse.parse_qsl(raw.decode()))}
            headers = dict(self.headers.items())
            vendors.requests.append(
                {
                    "method": self.command,
                    "path": parsed.path,
                    "query": query,
                    "body": body,
                    "raw": raw,
                    "headers": headers,
                    "at": time.monotonic(),
                }
            )
            queued = vendors.queued.get(parsed.path)
            if queued:
                status, answer = queued.pop(0)
                if status == "stall":
                    time.sleep(answer)
                    return
            else:
                name = FakeVendors.ROUTES.get(parsed.path)
                if name is None:
                    status, answer = 404, {"error": "no such path"}
                else:
                    try:
                        if name == "webhook":
                            status, answer = vendors.webhook(query, body, headers, raw)
                        else:
                            status, answer = getattr(vendors, name)(query, body, headers)
                    except (AssertionError, KeyError, TypeError, ValueError) as e:
                        vendors.violations.append(f"{parsed.path}: {e!r}")
                        status, answer = (
                            400,
                            {"errcode": 40003, "code": 99992402, "errmsg": "bad request"},
                        )
            data = json.dumps(answer, ensure_ascii=False).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (a timeout test)

        do_GET = do_POST = _answer

    return Handler


class FakeSMTP:
    """A local SMTP server on 127.0.0.1 in a thread (plain, no TLS: security "none"): it speaks
    enough of RFC 5321 for smtplib (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), accepts and
    counts each message, refuses RCPT to `nobody@…` with 550 as a server refuses an unknown
    mailbox, and checks that every message has one recipient, a From and a Subject."""

    def __init__(self):
        self.messages: list[dict] = []
        self.connections = 0
        self.violations: list[str] = []
        self.lock = threading.Lock()
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _smtp_handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def config(self) -> dict:
        """The e-mail channel's settings that reach this server."""
        return {"host": "127.0.0.1", "port": str(self.port), "security": "none",
                "from_email": "tongxin@example.com"}  # fmt: skip

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _smtp_handler(smtp: FakeSMTP):
    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        def handle(self):
            with smtp.lock:
                smtp.connections += 1
            sender, rcpts = None, []
            self.reply("220 fake ESMTP")
            while line := self.rfile.readline():
                verb = line.decode(errors="replace").strip()
                upper = verb.upper()
                if upper.startswith("EHLO"):
                    self.reply("250-fake\r\n250-8BITMIME\r\n250 SMTPUTF8")
                elif upper.startswith("HELO"):
                    self.reply("250 fake")
                elif upper.startswith("MAIL FROM:"):
                    sender, rcpts = verb[10:].split()[0].strip("<>"), []
                    self.reply("250 OK")
                elif upper.startswith("RCPT TO:"):
                    to = verb[8:].split()[0].strip("<>")
                    if to.startswith("nobody@"):
                        self.reply("550 No such user")
                    else:
                        rcpts.append(to)
                        self.reply("250 OK")
                elif upper == "DATA":
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    data = b""
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data += chunk
                    head = data.split(b"\r\n\r\n", 1)[0].lower()
                    if len(rcpts) != 1 or b"subject:" not in head or b"from:" not in head:
                        smtp.violations.append(f"message to {rcpts}")
                    with smtp.lock:
                        smtp.messages.append(
                            {
                                "from": sender,
                                "to": list(rcpts),
                                "data": data,
                                "at": time.monotonic(),
                            }
                        )
                    self.reply("250 OK queued")
                elif upper == "RSET":
                    sender, rcpts = None, []
                    self.reply("250 OK")
                elif upper == "NOOP":
                    self.reply("250 OK")
                elif upper == "QUIT":
                    self.reply("221 Bye")
                    return
                else:
                    self.reply("502 Command not implemented")

    return Handler
