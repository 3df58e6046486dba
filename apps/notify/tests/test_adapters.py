"""Each adapter against the local fake vendors: the documented request, token caching and
refresh, the vendor's error codes, timeouts, and messages cut to the vendor's limits."""

import json

import pytest

from apps.notify import adapters
from apps.notify.adapters import ADAPTERS, Message, SendError

from .fakes import CREDENTIALS, UNKNOWN_USER, FakeSMTP

MESSAGE = Message(
    title="督办提醒:“设备检修”即将到期",
    body="办结时限:12月5日",
    url="https://tx.example.com/hazards/7/",
)


def adapter(code, vendors, **extra):
    c = CREDENTIALS.get(code, {})
    config, secrets = {}, {}
    for f in ADAPTERS[code].fields:
        config[f.name] = c.get(f.name, f.default)
    for f in ADAPTERS[code].secret_fields:
        secrets[f.name] = c.get(f.name, "")
    config.update(base_url=vendors.url, **extra)
    return ADAPTERS[code](config, secrets)


def test_wecom_fetches_a_token_once_and_sends_a_text_card(vendors):
    wecom = adapter("wecom", vendors)
    assert wecom.send("E1001", MESSAGE) == "wx-msg"
    wecom.send("E1002", MESSAGE)
    assert len(vendors.sent("/cgi-bin/gettoken")) == 1  # cached for expires_in
    token_call = vendors.sent("/cgi-bin/gettoken")[0]
    assert token_call["query"] == {"corpid": "ww-corp", "corpsecret": "corp-secret"}
    send = vendors.sent("/cgi-bin/message/send")[0]
    assert send["query"]["access_token"] == "wx-1"
    assert send["body"]["touser"] == "E1001" and send["body"]["agentid"] == 1000002
    assert send["body"]["textcard"]["url"] == MESSAGE.url


def test_wecom_fetches_a_new_token_when_the_old_one_expired(vendors):
    wecom = adapter("wecom", vendors)
    wecom.send("E1001", MESSAGE)
    vendors.expire_tokens()
    wecom.send("E1001", MESSAGE)
    assert [r["query"]["access_token"] for r in vendors.sent("/cgi-bin/message/send")] == [
        "wx-1",
        "wx-1",
        "wx-2",
    ]


def test_wecom_wrong_secret_is_a_retryable_error_naming_the_code(vendors):
    wecom = adapter("wecom", vendors)
    wecom.secrets["corpsecret"] = "wrong"
    with pytest.raises(SendError) as e:
        wecom.send("E1001", MESSAGE)
    assert "40001" in e.value.reason and e.value.retry


def test_wecom_unknown_member_is_not_retried(vendors):
    with pytest.raises(SendError) as e:
        adapter("wecom", vendors).send(UNKNOWN_USER, MESSAGE)
    assert not e.value.retry


def test_wecom_oversized_message_is_cut_to_the_card_limits(vendors):
    long = Message(title="标题" * 100, body="内容" * 1000, url="https://tx.example.com/x/")
    adapter("wecom", vendors).send("E1001", long)
    card = vendors.sent("/cgi-bin/message/send")[0]["body"]["textcard"]
    assert len(card["title"].encode()) <= 128 and card["title"].endswith("…")
    assert len(card["description"].encode()) <= 512


def test_dingtalk_work_notification(vendors):
    ding = adapter("dingtalk", vendors)
    assert ding.send("E1001", MESSAGE) == "4242"
    assert vendors.sent("/gettoken")[0]["query"] == {
        "appkey": "ding-key",
        "appsecret": "ding-secret",
    }
    body = vendors.sent("/topapi/message/corpconversation/asyncsend_v2")[0]["body"]
    assert body["agent_id"] == 2000001 and body["userid_list"] == "E1001"
    assert body["msg"]["action_card"]["single_url"] == MESSAGE.url


def test_dingtalk_oversized_message_fits_in_2048_bytes(vendors):
    adapter("dingtalk", vendors).send(
        "E1001", Message(title="隐患", body="很长" * 2000, url="https://x/")
    )
    msg = vendors.sent("/topapi/message/corpconversation/asyncsend_v2")[0]["body"]["msg"]
    assert len(json.dumps(msg, ensure_ascii=False).encode()) <= 2048


def test_dingtalk_unknown_user_is_not_retried(vendors):
    with pytest.raises(SendError) as e:
        adapter("dingtalk", vendors).send(UNKNOWN_USER, MESSAGE)
    assert not e.value.retry and UNKNOWN_USER in e.value.reason


def test_feishu_message_by_user_id_with_a_bearer_token(vendors):
    feishu = adapter("feishu", vendors)
    assert feishu.send("E1001", MESSAGE) == "om_fake"
    token = vendors.sent("/open-apis/auth/v3/tenant_access_token/internal")[0]["body"]
    assert token == {"app_id": "cli_fake", "app_secret": "feishu-secret"}
    send = vendors.sent("/open-apis/im/v1/messages")[0]
    assert send["headers"]["Authorization"] == "Bearer t-1"
    assert MESSAGE.url in json.loads(send["body"]["content"])["text"]


def test_feishu_refreshes_an_expired_token_answered_with_http_400(vendors):
    feishu = adapter("feishu", vendors)
    feishu.send("E1001", MESSAGE)
    vendors.expire_tokens()
    feishu.send("E1001", MESSAGE)
    assert vendors.token_fetches == 2


def test_feishu_unknown_user_is_not_retried(vendors):
    with pytest.raises(SendError) as e:
        adapter("feishu", vendors).send(UNKNOWN_USER, MESSAGE)
    assert not e.value.retry


def test_a_vendor_that_stalls_is_a_timeout_to_retry(vendors, monkeypatch):
    monkeypatch.setattr(adapters, "TIMEOUT", 0.3)
    vendors.queue("/cgi-bin/gettoken", ("stall", 1.5))
    with pytest.raises(SendError) as e:
        adapter("wecom", vendors).send("E1001", MESSAGE)
    assert e.value.retry and "超时" in e.value.reason


def test_a_vendor_answering_503_or_busy_is_retried(vendors):
    wecom = adapter("wecom", vendors)
    vendors.queue("/cgi-bin/gettoken", (503, {}))
    with pytest.raises(SendError) as e:
        wecom.send("E1001", MESSAGE)
    assert e.value.retry and "503" in e.value.reason
    vendors.queue("/cgi-bin/message/send", (200, {"errcode": -1, "errmsg": "system busy"}))
    with pytest.raises(SendError) as e:
        wecom.send("E1001", MESSAGE)
    assert e.value.retry


def test_sms_fills_the_configured_template(vendors):
    sms = adapter(
        "sms",
        vendors,
        url=f"{vendors.url}/sms",
        body_template='{"phone": "{mobile}", "text": "{text}", "key": "{secret}"}',
        success_field="code",
        success_value="0",
        max_chars="20",
    )
    sms.secrets["secret"] = "sms-key"
    sms.send("13800000001", Message(title='含"引号"的很长很长很长很长的短信标题', body="正文"))
    body = vendors.sent("/sms")[0]["body"]
    assert body["phone"] == "13800000001" and body["key"] == "sms-key"
    assert len(body["text"]) == 20 and body["text"].startswith('含"引号"')


def test_sms_failure_flag_from_the_gateway(vendors):
    sms = adapter("sms", vendors, url=f"{vendors.url}/sms", success_field="code", success_value="0")
    vendors.queue("/sms", (200, {"code": "1001", "msg": "余额不足"}))
    with pytest.raises(SendError) as e:
        sms.send("13800000001", MESSAGE)
    assert "余额不足" in e.value.reason


def test_webhook_is_signed_and_the_receiver_checks_it(vendors):
    hook = adapter("webhook", vendors, url=f"{vendors.url}/hook")
    hook.send("E1001", MESSAGE)
    request = vendors.sent("/hook")[0]
    assert request["body"]["url"] == MESSAGE.url and request["headers"]["X-Tongxin-Signature"]
    assert request["body"]["recipients"] == ["E1001"] and not vendors.violations
    hook.secrets["secret"] = "not-the-shared-one"
    with pytest.raises(SendError) as e:
        hook.send("E1001", MESSAGE)
    assert "401" in e.value.reason and not e.value.retry


def test_webhook_carries_many_recipients_and_fails_only_those_rejected(vendors):
    hook = adapter("webhook", vendors, url=f"{vendors.url}/hook")
    people = [f"E{n}" for n in range(1, 500)] + [UNKNOWN_USER]
    results = hook.send_many(people, MESSAGE)
    (request,) = vendors.sent("/hook")
    assert request["body"]["recipients"] == people and not vendors.violations
    assert all(results[p] == "" for p in people[:-1])
    assert isinstance(results[UNKNOWN_USER], SendError) and not results[UNKNOWN_USER].retry
    vendors.queue("/hook", (503, {"error": "busy"}))
    with pytest.raises(SendError) as e:
        hook.send_many(people[:3], MESSAGE)
    assert e.value.retry


def test_email_one_connection_carries_many_messages_each_to_one_person():
    with FakeSMTP() as smtp:
        email = ADAPTERS["email"](smtp.config(), {})
        results = email.send_many(
            ["cadre@example.com", "nobody@example.com", "zhang@example.com"], MESSAGE
        )
        assert results["cadre@example.com"] == "" and results["zhang@example.com"] == ""
        refused = results["nobody@example.com"]
        assert isinstance(refused, SendError) and not refused.retry
        assert "拒收" in refused.reason
        assert smtp.connections == 1 and not smtp.violations
        assert [m["to"] for m in smtp.messages] == [["cadre@example.com"], ["zhang@example.com"]]
        assert MESSAGE.url.encode() in smtp.messages[0]["data"]
        assert email.send("one@example.com", MESSAGE) == ""  # one person: send()
        assert len(smtp.messages) == 3
        port = smtp.port
    # the server gone: every recipient waits for a retry, nobody is lost
    down = ADAPTERS["email"]({**smtp.config(), "port": str(port)}, {})
    results = down.send_many(["a@example.com", "b@example.com"], MESSAGE)
    assert all(isinstance(r, SendError) and r.retry for r in results.values())


def test_sms_sends_many_numbers_in_one_call_when_the_gateway_takes_them(vendors):
    sms = adapter(
        "sms",
        vendors,
        url=f"{vendors.url}/sms",
        body_template='{"mobile": "{mobile}", "content": "{text}"}',
        batch_size="3",
        success_field="code",
        success_value="0",
    )
    assert ADAPTERS["sms"].batch_for(sms.config) == 3
    assert ADAPTERS["sms"].batch_for({"batch_size": "5000"}) == 1000
    assert ADAPTERS["sms"].batch_for({}) == 1
    numbers = ["13800000001", "13800000002", "13800000003"]
    assert sms.send_many(numbers, MESSAGE) == dict.fromkeys(numbers, "")
    (call,) = vendors.sent("/sms")
    assert call["body"]["mobile"] == ",".join(numbers)
    vendors.queue("/sms", (200, {"code": "1001", "msg": "余额不足"}))
    failed = sms.send_many(numbers[:2], MESSAGE)
    assert all(isinstance(r, SendError) and "余额不足" in r.reason for r in failed.values())


def test_feishu_sends_one_message_to_many_in_one_batch_call(vendors):
    feishu = adapter("feishu", vendors)
    results = feishu.send_many(["E1001", UNKNOWN_USER, "E1003"], MESSAGE)
    (call,) = vendors.sent("/open-apis/message/v4/batch_send/")
    assert call["body"]["user_ids"] == ["E1001", UNKNOWN_USER, "E1003"]
    assert call["body"]["content"] == {"text": MESSAGE.text()}
    assert results["E1001"] == results["E1003"] == "bm-fake"
    # The one the vendor does not know fails alone, and is not retried.
    assert isinstance(results[UNKNOWN_USER], adapters.SendError)
    assert not results[UNKNOWN_USER].retry
    assert vendors.sent("/open-apis/im/v1/messages") == []
