"""The API's refusals speak Chinese and name the field, like the rest of the platform."""

import pytest

from apps.accounts.models import ApiToken


@pytest.fixture
def headers(company):
    _token, raw = ApiToken.issue(user=company.users["admin"], name="errors")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422
    return {e["field"]: e["message"] for e in response.json()["detail"]["errors"]}


def test_a_missing_field_is_named_in_chinese(client, headers):
    response = client.post("/api/v1/appeals", {}, content_type="application/json", **headers)
    errors = _errors(response)
    assert errors["payload.title"] == "必填"
    assert "payload.title 必填" in response.json()["detail"]["message"]
    assert "Field required" not in response.content.decode()


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("limit=abc", "limit", "应为整数"),
        ("limit=0", "limit", "不能小于 1"),
        ("limit=9999", "limit", "不能大于 500"),
        ("received_from=2026-13-01", "received_from", "日期格式应为 YYYY-MM-DD"),
        ("overdue=maybe", "overdue", "应为 true 或 false"),
    ],
)
def test_a_bad_query_value_says_what_is_wrong_in_chinese(client, headers, query, field, message):
    errors = _errors(client.get("/api/v1/appeals?" + query, **headers))
    assert errors[field] == message


def test_a_body_that_is_not_json_is_refused_in_chinese(client, headers):
    response = client.post(
        "/api/v1/appeals", "{not json", content_type="application/json", **headers
    )
    assert response.status_code == 400
    assert response.json()["detail"]["code"] == "bad_body"
    assert "JSON" in response.json()["detail"]["message"]
    assert "Cannot parse" not in response.content.decode()
