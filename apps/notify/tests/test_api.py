"""送达 over the API: the same selectors and services as the pages."""

from apps.core.models import Notification
from apps.notify import services
from apps.notify.models import Channel

from .fakes import CREDENTIALS

API = "/api/v1/notify"


def test_deliveries_are_ones_own_and_filtered(client, company, wecom, vendors):
    for name in ("zhigong", "bumen"):
        Notification.objects.create(
            user=company.users[name], title=f"{name}的诉求", url="/appeals/"
        )
    services.route_new(now=services.timezone.now())
    client.force_login(company.users["zhigong"])
    body = client.get(f"{API}/deliveries").json()
    assert [i["title"] for i in body["items"]] == ["zhigong的诉求"] and body["count"] == 1
    assert body["items"][0]["status"] == "pending"
    client.force_login(company.users["admin"])
    assert client.get(f"{API}/deliveries", {"status": "pending"}).json()["count"] == 2
    assert client.get(f"{API}/deliveries", {"status": "lost"}).status_code == 422


def test_channels_are_the_admins_and_credentials_are_write_only(client, company, vendors):
    client.force_login(company.users["dangwei"])
    assert client.get(f"{API}/channels").status_code == 403
    client.force_login(company.users["admin"])
    c = CREDENTIALS["wecom"]
    body = {
        "enabled": True,
        "kinds": ["appeals"],
        "config": {"base_url": vendors.url, "corpid": c["corpid"], "agentid": c["agentid"]},
        "secrets": {"corpsecret": c["corpsecret"]},
    }
    r = client.put(f"{API}/channels/wecom", body, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["secrets_set"] == ["corpsecret"] and "corp-secret" not in r.content.decode()
    listed = {ch["code"]: ch for ch in client.get(f"{API}/channels").json()}
    assert listed["wecom"]["enabled"] and not listed["sms"]["enabled"]
    assert "corp-secret" not in str(listed)
    body["config"]["agentid"] = "abc"
    r = client.put(f"{API}/channels/wecom", body, content_type="application/json")
    assert r.status_code == 400 and "整数" in r.json()["detail"]["message"]
    assert Channel.objects.get(code="wecom").config["agentid"] == c["agentid"]
    r = client.post(
        f"{API}/channels/wecom/test", {"recipient": "10003"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["vendor_id"] == "wx-msg"


def test_preferences_round_trip(client, company):
    client.force_login(company.users["zhigong"])
    assert client.get(f"{API}/preferences").json()["muted"] == []
    data = {
        "muted": ["appeals:sms"],
        "digest": True,
        "quiet_from": "22:00:00",
        "quiet_to": "07:00:00",
    }
    r = client.put(f"{API}/preferences", data, content_type="application/json")
    assert r.status_code == 200 and r.json()["digest"] is True
    r = client.put(
        f"{API}/preferences", {"muted": ["appeals:pager"]}, content_type="application/json"
    )
    assert r.status_code == 400
