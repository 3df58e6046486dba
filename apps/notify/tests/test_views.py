"""The admin's channel pages (credentials never shown back, a blank box keeps them, the test
message), the delivery log (one's own; the admin's all) and a person's preferences."""

from apps.core.models import Notification
from apps.notify import services, tasks
from apps.notify.models import Channel, Delivery, Preference

from .conftest import SITE
from .fakes import CREDENTIALS

URL = "/notify/channels/wecom/"


def wecom_form(vendors, **over):
    data = {
        "enabled": "on",
        "kinds": ["appeals", "escalation"],
        "base_url": vendors.url,
        "id_source": "employee_no",
        **CREDENTIALS["wecom"],
    }
    data.update(over)
    return data


def test_only_the_system_admin_configures_channels(client, login):
    login("dangwei")
    assert client.get("/notify/channels/").status_code == 403
    assert client.get(URL).status_code == 403
    login("admin")
    assert client.get("/notify/channels/").status_code == 200
    assert client.get("/notify/channels/pager/").status_code == 404


def test_a_credential_is_sealed_and_never_shown_back(client, login, vendors):
    login("admin")
    response = client.post(URL, wecom_form(vendors))
    assert response.status_code == 302
    channel = Channel.objects.get(code="wecom")
    assert "corp-secret" not in channel.secrets  # sealed at rest
    assert channel.secret_values()["corpsecret"] == "corp-secret"
    html = client.get(URL).content.decode()
    assert "corp-secret" not in html and "已设置" in html
    # a blank box keeps the stored secret; a new value replaces it
    client.post(URL, wecom_form(vendors, corpsecret="", corpid="ww-other"))
    channel.refresh_from_db()
    assert channel.secret_values()["corpsecret"] == "corp-secret"
    assert channel.config["corpid"] == "ww-other"


def test_enabling_without_a_required_field_is_refused_keeping_what_was_typed(
    client, login, vendors
):
    login("admin")
    response = client.post(URL, wecom_form(vendors, corpid="", agentid="10x"))
    assert response.status_code == 400
    assert "须为整数" in response.content.decode()
    response = client.post(URL, wecom_form(vendors, corpid=""))
    html = response.content.decode()
    assert response.status_code == 400 and "启用前请填写" in html and vendors.url in html
    assert not Channel.objects.filter(enabled=True).exists()


def test_the_test_message_reaches_the_vendor_or_says_why_not(client, login, vendors):
    login("admin")
    client.post(URL, wecom_form(vendors))
    response = client.post(f"{URL}test/", {"recipient": "10003"})
    assert response.status_code == 302
    assert vendors.sent("/cgi-bin/message/send")[0]["body"]["touser"] == "10003"
    client.post(URL, wecom_form(vendors, corpsecret="wrong"))
    response = client.post(f"{URL}test/", {"recipient": "10003"})
    html = response.content.decode()
    assert response.status_code == 400 and "40001" in html and 'value="10003"' in html


def test_the_delivery_log_shows_one_their_own(client, login, company, wecom, vendors):
    for name in ("zhigong", "bumen"):
        Notification.objects.create(
            user=company.users[name], title=f"{name}的诉求", url="/appeals/"
        )
    tasks.dispatch(now=services.timezone.now())
    login("zhigong")
    html = client.get("/notify/deliveries/").content.decode()
    assert "zhigong的诉求" in html and "bumen的诉求" not in html
    login("admin")
    html = client.get("/notify/deliveries/", {"status": "sent"}).content.decode()
    assert "zhigong的诉求" in html and "bumen的诉求" in html
    one = Notification.objects.get(title="bumen的诉求")
    html = client.get("/notify/deliveries/", {"notification": one.pk}).content.decode()
    assert "bumen的诉求" in html and "zhigong的诉求" not in html and "one-notification" in html


def test_the_delivery_log_takes_a_bounded_number_of_queries(
    client, login, company, wecom, vendors, django_assert_max_num_queries
):
    users = [company.users[n] for n in ("zhigong", "bumen", "shuji", "admin")]
    Notification.objects.bulk_create(
        [Notification(user=u, title=f"通知{i}", url="/appeals/") for i in range(10) for u in users]
    )
    services.route_new(now=services.timezone.now())
    assert Delivery.objects.count() == 40
    login("admin")
    with django_assert_max_num_queries(12):
        assert client.get("/notify/deliveries/").status_code == 200


def test_preferences_turn_a_kind_off_but_not_an_urgent_one(client, login, company, wecom):
    login("zhigong")
    html = client.get("/notify/preferences/").content.decode()
    assert "必达" in html and "<code>10003</code>" in html  # the account WeCom reaches them at
    # the appeals box unticked; the escalation box is fixed on (a forged "off" is ignored)
    response = client.post(
        "/notify/preferences/",
        {"on_hazards_wecom": "on", "quiet_from": "22:00", "quiet_to": "07:00"},
    )
    assert response.status_code == 302
    pref = Preference.objects.get(user=company.users["zhigong"])
    assert "appeals:wecom" in pref.muted and "escalation:wecom" not in pref.muted
    assert "hazards:wecom" not in pref.muted


def test_quiet_hours_come_in_pairs(client, login, wecom):
    login("zhigong")
    response = client.post("/notify/preferences/", {"quiet_from": "22:00"})
    assert response.status_code == 400 and "同时填写" in response.content.decode()


def test_the_policy_page_refuses_a_bad_site_address(client, login):
    login("admin")
    data = {"site_url": "tx.example.com", "digest_hour": 17, "max_attempts": 5}
    response = client.post("/notify/policy/", data)
    assert response.status_code == 400 and "http" in response.content.decode()
    data["site_url"] = SITE
    assert client.post("/notify/policy/", data).status_code == 302
