"""Sign-in with the corp app (企业微信, 钉钉, 飞书): 扫码登录 on a PC, silent login inside the app.

It lives in apps.notify because the corp app's credentials and token code are the channel's
(Channel, the adapters); accounts sits below notify in the layers and cannot import them. The
vendor's user id is the channel's recipient id, so a person is found the way a notification
finds them, backwards: the admin's per-person id (RecipientId), else the channel's id source
(工号 or mobile) on the roster. See docs/decisions/0009-notification-channels.md.
"""

import urllib.parse

from django.db.models import Q
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.provisioning import account_for_login, is_gone
from apps.orgs.models import Person

from .adapters import DingTalkAdapter, SendError, TokenAdapter, http
from .models import Channel, RecipientId
from .services import adapter_for

# The user agent of each vendor's app, for the silent login inside it.
IN_APP = {"wecom": ("wxwork",), "dingtalk": ("dingtalk",), "feishu": ("lark", "feishu")}


class SigninError(Exception):
    """A refused sign-in, with the reason in Chinese for the login page."""


def signin_channels() -> list[Channel]:
    """The enabled channels the admin set to be used for login, in a fixed order."""
    rows = Channel.objects.filter(code__in=list(IN_APP), enabled=True).order_by("code")
    return [c for c in rows if c.config.get("signin") == "on"]


def app_of(user_agent: str) -> str:
    """The vendor whose app this browser is ("" for an ordinary browser)."""
    agent = (user_agent or "").lower()
    return next((code for code, marks in IN_APP.items() if any(m in agent for m in marks)), "")


def _q(url: str, params: dict) -> str:
    return f"{url}?{urllib.parse.urlencode(params)}"


def authorize_url(adapter: TokenAdapter, *, redirect_uri: str, state: str, in_app: bool) -> str:
    """Where the browser goes to sign in: the QR page on a PC, the silent authorize in the app."""
    c = adapter.config
    if adapter.code == "wecom":
        if in_app:
            params = {
                "appid": c["corpid"],
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "scope": "snsapi_base",
                "state": state,
                "agentid": c["agentid"],
            }
            return _q("https://open.weixin.qq.com/connect/oauth2/authorize", params) + (
                "#wechat_redirect"
            )
        params = {
            "login_type": "CorpApp",
            "appid": c["corpid"],
            "agentid": c["agentid"],
            "redirect_uri": redirect_uri,
            "state": state,
        }
        return _q("https://login.work.weixin.qq.com/wwlogin/sso/login", params)
    if adapter.code == "dingtalk":  # the same page scans on a PC and authorizes in the app
        params = {
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "client_id": c["appkey"],
            "scope": "openid",
            "state": state,
            "prompt": "consent",
        }
        return _q("https://login.dingtalk.com/oauth2/auth", params)
    params = {"app_id": c["app_id"], "redirect_uri": redirect_uri, "state": state}
    return _q(f"{c['base_url']}/open-apis/authen/v1/authorize", params)


def _checked(adapter: TokenAdapter, answer: dict) -> dict:
    if answer.get(adapter.code_key, 0) != 0:
        raise SendError(adapter.vendor_error(answer))
    return answer


def _wecom_user(adapter, code: str) -> str:
    answer = adapter.call(
        lambda token: adapter.answer(
            "GET", "/cgi-bin/auth/getuserinfo", params={"access_token": token, "code": code}
        )
    )
    userid = _checked(adapter, answer).get("userid")
    if not userid:  # an openid: someone outside the company
        raise SigninError(_("该企业微信账号不是本企业成员。"))
    return userid


def _dingtalk_user(adapter: DingTalkAdapter, code: str) -> str:
    api = adapter.config.get("api_url") or "https://api.dingtalk.com"
    body = {
        "clientId": adapter.config["appkey"],
        "clientSecret": adapter.secrets["appsecret"],
        "code": code,
        "grantType": "authorization_code",
    }
    _status, answer = http("POST", f"{api}/v1.0/oauth2/userAccessToken", body=body)
    user_token = answer.get("accessToken") if isinstance(answer, dict) else None
    if not user_token:
        raise SigninError(_("钉钉授权码无效或已过期,请重新扫码。"))
    _status, me = http(
        "GET",
        f"{api}/v1.0/contact/users/me",
        headers={"x-acs-dingtalk-access-token": user_token},
    )
    union_id = me.get("unionId") if isinstance(me, dict) else None
    if not union_id:
        raise SigninError(_("钉钉未返回该账号的身份。"))
    answer = adapter.call(
        lambda token: adapter.answer(
            "POST",
            "/topapi/user/getbyunionid",
            params={"access_token": token},
            body={"unionid": union_id},
        )
    )
    if answer.get("errcode") in adapter.unknown_user_codes:
        raise SigninError(_("该钉钉账号不是本企业成员。"))
    return (_checked(adapter, answer).get("result") or {}).get("userid") or ""


def _feishu_user(adapter, code: str) -> str:
    credentials = {"app_id": adapter.config["app_id"], "app_secret": adapter.secrets["app_secret"]}
    answer = adapter.answer(
        "POST", "/open-apis/auth/v3/app_access_token/internal", body=credentials
    )
    app_token, _expire = adapter.token_from(answer, "app_access_token", "expire")
    answer = adapter.answer(
        "POST",
        "/open-apis/authen/v1/oidc/access_token",
        body={"grant_type": "authorization_code", "code": code},
        headers={"Authorization": f"Bearer {app_token}"},
    )
    user_token = (_checked(adapter, answer).get("data") or {}).get("access_token")
    answer = adapter.answer(
        "GET", "/open-apis/authen/v1/user_info", headers={"Authorization": f"Bearer {user_token}"}
    )
    return (_checked(adapter, answer).get("data") or {}).get("user_id") or ""


VENDOR_USER = {"wecom": _wecom_user, "dingtalk": _dingtalk_user, "feishu": _feishu_user}


def vendor_user(channel: Channel, code: str) -> str:
    """The vendor's user id for an authorization code; a SigninError saying why not."""
    if not code:
        raise SigninError(_("未获得授权,请重新扫码或在应用内打开。"))
    try:
        userid = VENDOR_USER[channel.code](adapter_for(channel), code)
    except SendError as e:
        raise SigninError(_("%(v)s登录失败:%(e)s") % {"v": channel, "e": e.reason}) from None
    if not userid:
        raise SigninError(_("%(v)s未返回成员账号。") % {"v": channel})
    return userid


def account_of(channel: Channel, userid: str) -> User:
    """The account a vendor user id signs in: the person whose per-person id on the channel is
    it, else whose 工号 or mobile (the channel's id source) is it; refused, saying why, for
    someone not on the roster, who left, or whose account is off."""
    linked = RecipientId.objects.filter(channel=channel.code, value=userid).first()
    if linked is not None:
        user = User.objects.filter(pk=linked.user_id).select_related("person").first()
        person = user.person if user and user.person_id else None
    else:
        field = "mobile" if channel.config.get("id_source") == "mobile" else "employee_no"
        people = list(
            Person.objects.filter(Q(**{field: userid}), deleted_at__isnull=True).exclude(
                pk__in=RecipientId.objects.filter(
                    channel=channel.code, user__person__isnull=False
                ).values("user__person")
            )[:2]
        )
        if len(people) != 1:
            raise SigninError(
                _("%(v)s账号 %(id)s 未关联到本系统的人员,请联系管理员。")
                % {"v": channel, "id": userid}
            )
        person = people[0]
        user = account_for_login(person.employee_no)
    if user is None or not user.is_active or (person is not None and is_gone(person)):
        raise SigninError(_("该账号已停用或人员已离职,不能登录。"))
    return user
