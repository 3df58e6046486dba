"""Personal API tokens: Bearer auth works while the token is live, and only then."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import ApiToken

ME = "/api/v1/accounts/me"


def test_a_live_token_authenticates_and_records_its_use(client, company):
    token, raw = ApiToken.issue(user=company.users["shuji"], name="HR 同步")
    response = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "shuji"
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert raw not in {token.digest, token.prefix}  # only the hash is kept


@pytest.mark.parametrize(
    "header",
    ["Bearer tx_garbage", "Bearer ", "Token abc", "Basic ZGFuZ3dlaTpkZW1vMTIzNDU="],
)
def test_garbage_credentials_get_401_in_chinese(client, company, header):
    response = client.get(ME, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"]["message"] == "请先登录或提供有效的 API 令牌。"


def test_a_revoked_token_stops_working(client, company):
    token, raw = ApiToken.issue(user=company.users["dangwei"], name="old")
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token.revoked_at = timezone.now()
    token.save()
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_a_deactivated_users_token_stops_working(client, company):
    user = company.users["dangwei"]
    _token, raw = ApiToken.issue(user=user, name="x")
    user.is_active = False
    user.save()
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_revoking_on_the_profile_page_ends_api_access(client, login, company):
    user = login("dangwei")
    token, raw = ApiToken.issue(user=user, name="x")
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
