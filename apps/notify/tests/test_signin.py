"""Sign-in with the corp app against the local fake vendors: the documented OAuth requests, the
state bound to the session, the vendor user → the person → the account, refusals that say why."""

import urllib.parse

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from apps.accounts.models import User
from apps.notify import services
from apps.notify.models import RecipientId

from .fakes import CREDENTIALS, UNKNOWN_USER

pytestmark = pytest.mark.django_db

WXWORK_UA = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0 wxwork/4.1.0"


def save(company, vendors, code, **extra):
    urls = {"base_url": vendors.url}
    if code == "dingtalk":
        urls["api_url"] = vendors.url
    values = {"id_source": "employee_no", "signin": "on", **urls, **CREDENTIALS[code], **extra}
    return services.channel_save(
        actor=company.users["admin"], code=code, enabled=True, kinds=[], **values
    )


def start(client, code, **params):
    response = client.get(reverse("notify:signin_start", args=[code]), params)
    assert response.status_code == 302
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(response.url).query)
    return response.url, query["state"][0]


def back(client, code, state, vendor_code="c1"):
    return client.get(
        reverse("notify:signin_return", args=[code]), {"code": vendor_code, "state": state}
    )


def logged_in_as(client):
    uid = client.session.get("_auth_user_id")
    return User.objects.get(pk=uid).username if uid else None


@pytest.mark.parametrize("code", ["wecom", "dingtalk", "feishu"])
def test_scan_logs_in_the_person_with_that_employee_no(client, company, vendors, code):
    save(company, vendors, code)
    vendors.signin_codes["c1"] = "10003"  # 张伟's 工号 is his account on the vendor
    _url, state = start(client, code, next="/hazards/")
    response = back(client, code, state)
    assert response.status_code == 302 and response.url == "/hazards/"
    assert logged_in_as(client) == "zhigong"
    assert LogEntry.objects.filter(object_pk=str(company.users["zhigong"].pk)).exists()
    assert not vendors.violations


def test_the_documented_requests(client, company, vendors):
    save(company, vendors, "wecom")
    url, state = start(client, "wecom")
    assert url.startswith("https://login.work.weixin.qq.com/wwlogin/sso/login?")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["appid"] == ["ww-corp"] and query["agentid"] == ["1000002"]
    assert query["redirect_uri"][0].endswith(reverse("notify:signin_return", args=["wecom"]))
    vendors.signin_codes["c1"] = "10003"
    back(client, "wecom", state)
    (call,) = vendors.sent("/cgi-bin/auth/getuserinfo")
    assert call["method"] == "GET" and call["query"]["code"] == "c1"
    assert call["query"]["access_token"].startswith("wx-")


def test_inside_the_app_the_login_page_goes_to_the_vendor_silently(client, company, vendors):
    save(company, vendors, "wecom")
    page = client.get(reverse("login"), headers={"user-agent": WXWORK_UA})
    assert 'http-equiv="refresh"' in page.content.decode()
    opt_out = client.get(reverse("login") + "?password=1", headers={"user-agent": WXWORK_UA})
    assert 'http-equiv="refresh"' not in opt_out.content.decode()
    assert 'data-signin="wecom"' in opt_out.content.decode()
    response = client.get(
        reverse("notify:signin_start", args=["wecom"]), headers={"user-agent": WXWORK_UA}
    )
    assert response.url.startswith("https://open.weixin.qq.com/connect/oauth2/authorize?")
    assert "scope=snsapi_base" in response.url and response.url.endswith("#wechat_redirect")


def test_only_channels_set_for_login_show_a_button(client, company, vendors):
    save(company, vendors, "wecom")
    save(company, vendors, "feishu", signin="off")
    page = client.get(reverse("login")).content.decode()
    assert 'data-signin="wecom"' in page and 'data-signin="feishu"' not in page
    assert client.get(reverse("notify:signin_start", args=["feishu"])).status_code == 404


def test_a_state_from_elsewhere_is_refused(client, company, vendors):
    save(company, vendors, "wecom")
    start(client, "wecom")
    vendors.signin_codes["c1"] = "10003"
    response = back(client, "wecom", "forged")
    assert response.status_code == 302 and "password=1" in response.url
    assert logged_in_as(client) is None
    assert not vendors.sent("/cgi-bin/auth/getuserinfo")  # the code is never redeemed
    page = client.get(response.url).content.decode()
    assert "登录请求已失效" in page


@pytest.mark.parametrize("code", ["wecom", "dingtalk"])
def test_someone_not_on_the_roster_is_refused(client, company, vendors, code):
    save(company, vendors, code)
    vendors.signin_codes["c1"] = "99999" if code == "wecom" else UNKNOWN_USER
    _url, state = start(client, code)
    response = back(client, code, state)
    assert response.status_code == 302 and logged_in_as(client) is None
    page = client.get(response.url).content.decode()
    assert "未关联到本系统的人员" in page or "不是本企业成员" in page


def test_a_bad_code_is_refused_not_a_500(client, company, vendors):
    save(company, vendors, "feishu")
    _url, state = start(client, "feishu")
    response = back(client, "feishu", state, vendor_code="stale")
    assert response.status_code == 302 and logged_in_as(client) is None
    assert "飞书登录失败" in client.get(response.url).content.decode()


def test_a_disabled_account_is_refused(client, company, vendors):
    save(company, vendors, "wecom")
    User.objects.filter(username="zhigong").update(is_active=False)
    vendors.signin_codes["c1"] = "10003"
    _url, state = start(client, "wecom")
    back(client, "wecom", state)
    assert logged_in_as(client) is None


def test_by_mobile_and_by_the_admins_per_person_id(client, company, vendors):
    save(company, vendors, "wecom", id_source="mobile")
    vendors.signin_codes["c1"] = "13800001003"
    _url, state = start(client, "wecom")
    back(client, "wecom", state)
    assert logged_in_as(client) == "zhigong"
    client.logout()
    RecipientId.objects.create(user=company.users["bumen"], channel="wecom", value="LiMing")
    vendors.signin_codes["c2"] = "LiMing"
    _url, state = start(client, "wecom")
    back(client, "wecom", state, vendor_code="c2")
    assert logged_in_as(client) == "bumen"


def test_an_account_locked_by_wrong_passwords_stays_locked(client, company, vendors, settings):
    save(company, vendors, "wecom")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "10003", "password": "wrong"})
    vendors.signin_codes["c1"] = "10003"
    _url, state = start(client, "wecom")
    response = back(client, "wecom", state)
    assert logged_in_as(client) is None
    assert "已被锁定" in client.get(response.url).content.decode()
