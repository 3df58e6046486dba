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


def test_issuing_and_revoking_are_both_on_the_audit_trail(company):
    from auditlog.models import LogEntry

    from apps.accounts import services

    user = company.users["dangwei"]
    token, _raw = services.token_create(user=user, name="HR 同步")
    services.token_revoke(user=user, token_id=token.pk)
    messages = [str(e.changes_dict) for e in LogEntry.objects.get_for_object(user)]
    assert any(f"创建 API 令牌 {token.prefix}" in m for m in messages)
    assert any(f"吊销 API 令牌 {token.prefix}" in m for m in messages)


def test_a_token_is_not_left_behind_when_its_audit_row_fails(company, monkeypatch):
    from apps.accounts import services

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_event", broken)
    with pytest.raises(RuntimeError):
        services.token_create(user=company.users["dangwei"], name="x")
    assert not ApiToken.objects.filter(user=company.users["dangwei"]).exists()
