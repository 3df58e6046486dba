"""Numbers too long for a database column and unreadable uploads are the client's error: a 4xx
with a Chinese message, never a 500. The API part walks the OpenAPI document, so a new endpoint
is covered the day it is added.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from apps.accounts.models import ApiToken
from apps.core.params import DB_INT_MAX, IdField, query_id
from config.api import api

HUGE = "99999999999999999999"  # > 2^63: no SQLite or PostgreSQL integer column holds it


def _operations():
    document = api.get_openapi_schema()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield method, path, operation


def _types(schema: dict) -> set[str]:
    return {s.get("type") for s in schema.get("anyOf", [schema])}


def _plausible(schema: dict) -> str:
    """A valid value for a required parameter that is not the one under test."""
    inner = next(s for s in schema.get("anyOf", [schema]) if s.get("type") != "null")
    if inner.get("format") == "date":
        return "2026-01-01"
    if inner.get("type") == "integer":
        return "1"
    if inner.get("type") == "boolean":
        return "false"
    return str(inner.get("enum", ["x"])[0])


def _integer_parameters():
    for method, path, operation in _operations():
        for param in operation.get("parameters", []):
            if "integer" in _types(param["schema"]):
                yield method, path, operation, param


def _request(client, method, path, operation, *, huge: str, headers):
    url, query = path, {}
    for param in operation.get("parameters", []):
        value = HUGE if param["name"] == huge else None
        if value is None and (param["in"] == "path" or param.get("required")):
            value = _plausible(param["schema"])
        if value is None:
            continue
        if param["in"] == "path":
            url = url.replace("{" + param["name"] + "}", value)
        else:
            query[param["name"]] = value
    if method == "get":
        return client.get(url, query, **headers)
    return client.generic(
        method.upper(),
        url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
        b"{}",
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def admin_headers(company):
    _token, raw = ApiToken.issue(user=company.users["admin"], name="bounds")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_every_integer_parameter_refuses_a_number_too_long_for_the_database(client, admin_headers):
    client.raise_request_exception = False
    failures, checked = [], 0
    for method, path, operation, param in _integer_parameters():
        response = _request(
            client, method, path, operation, huge=param["name"], headers=admin_headers
        )
        checked += 1
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {path} {param['in']}:{param['name']}")
    assert checked > 150
    assert failures == [], "\n".join(failures)


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _json_value(schema: dict, components: dict):
    """A plausible value of a JSON schema: enough for a body to reach the handler."""
    schema = _resolve(schema, components)
    options = [_resolve(s, components) for s in schema.get("anyOf", [schema])]
    schema = next((s for s in options if s.get("type") != "null"), options[0])
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _json_value(props[k], components) for k in schema.get("required", [])}
    if kind == "array":
        return [_json_value(schema.get("items", {}), components)]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-01-01"
    if schema.get("format") == "date-time":
        return "2026-01-01T08:00:00+08:00"
    return "测试"


def _integer_fields(schema: dict, components: dict):
    """(name, is_list) for the top-level integer and integer-list fields of a body."""
    schema = _resolve(schema, components)
    for name, prop in schema.get("properties", {}).items():
        for option in _resolve(prop, components).get("anyOf", [prop]):
            option = _resolve(option, components)
            if option.get("type") == "integer":
                yield name, False
            elif option.get("type") == "array" and option.get("items", {}).get("type") == "integer":
                yield name, True


def test_every_integer_in_a_json_body_refuses_a_number_too_long_for_the_database(
    client, admin_headers
):
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    client.raise_request_exception = False
    failures, checked = [], 0
    for method, path, operation in _operations():
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            continue
        body_schema = content["application/json"]["schema"]
        url = path
        for param in operation.get("parameters", []):
            url = url.replace("{" + param["name"] + "}", _plausible(param["schema"]))
        # A body that is a list of objects (PUT /meetings/kinds) is checked on its items' fields.
        resolved = _resolve(body_schema, components)
        listed = resolved.get("type") == "array"
        item_schema = resolved.get("items", {}) if listed else body_schema
        for name, is_list in _integer_fields(item_schema, components):
            item = _json_value(item_schema, components)
            item[name] = [int(HUGE)] if is_list else int(HUGE)
            body = [item] if listed else item
            response = client.generic(
                method.upper(),
                url,
                json.dumps(body),
                content_type="application/json",
                **admin_headers,
            )
            checked += 1
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {path} body:{name}")
    assert checked > 40
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/appeals?offset=" + HUGE,
        "/api/v1/collab/actions?meeting=" + HUGE,
        "/api/v1/collab/sessions?meeting=" + HUGE,
        "/api/v1/suggestions?campaign=" + HUGE,
    ],
)
def test_reported_api_url_answers_a_chinese_422(client, admin_headers, url):
    response = client.get(url, **admin_headers)
    assert response.status_code == 422
    detail = response.json()["detail"]
    field = url.split("?")[1].split("=")[0]
    assert detail["errors"][0]["field"] == field
    assert str(DB_INT_MAX) in detail["errors"][0]["message"]
    assert field in detail["message"]


def test_the_largest_offset_a_column_holds_is_an_empty_page(client, admin_headers):
    response = client.get(f"/api/v1/appeals?offset={DB_INT_MAX}", **admin_headers)
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_judge_ids_too_long_for_the_database_are_refused(client, company, admin_headers):
    body = {
        "title": "征文",
        "unit_id": company.units["company"].pk,
        "opens_at": "2026-01-01T08:00:00+08:00",
        "closes_at": "2026-02-01T08:00:00+08:00",
        "judge_ids": [int(HUGE)],
    }
    response = client.post(
        "/api/v1/learning/essays", body, content_type="application/json", **admin_headers
    )
    assert response.status_code == 422
    assert response.json()["detail"]["errors"][0]["field"] == "data.judge_ids.0"


def _multipart_operations():
    for method, path, operation in _operations():
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
            yield method, path, operation


def test_every_multipart_endpoint_answers_400_to_a_body_without_boundary(client, admin_headers):
    operations = list(_multipart_operations())
    failures = []
    for method, path, operation in operations:
        url = path
        for param in operation.get("parameters", []):
            url = url.replace("{" + param["name"] + "}", _plausible(param["schema"]))
        # DEBUG is how `make run` serves: Ninja then answered this with a 500 and a traceback.
        with override_settings(DEBUG=True):
            response = client.generic(
                method.upper(), url, b"--x\r\n", content_type="multipart/form-data", **admin_headers
            )
        body = response.json() if response["Content-Type"].startswith("application/json") else {}
        if response.status_code != 400 or body.get("detail", {}).get("code") != "bad_multipart":
            failures.append(f"{method.upper()} {path}: {response.status_code}")
    assert len(operations) >= 14
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize(
    "url",
    [
        "/appeals/print/?unit=abc",
        "/appeals/?owner=" + HUGE,
        "/collab/sessions/?meeting=" + HUGE,
        "/collab/actions/?meeting=" + HUGE,
        "/collab/actions/?session=" + HUGE,
        "/suggestions/?campaign=" + HUGE,
        "/orgs/people/?team=" + HUGE,
        "/hazards/?inspection=" + HUGE,
        "/projects/?type=" + HUGE,
        "/standards/reviews/?round=" + HUGE,
        "/hazards/report/?inspection=²",
        "/hazards/report/?inspection=" + HUGE,
    ],
)
def test_a_page_ignores_an_id_filter_it_cannot_read(client, login, url):
    login("admin")
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "value, message",
    [("abc", "请输入有效的编号"), ("0", "编号必须是正整数"), (HUGE, "编号超出范围")],
)
def test_an_unreadable_id_is_a_form_error_in_chinese(value, message):
    field = IdField()
    with pytest.raises(ValidationError) as refused:
        field.clean(value)
    assert message in refused.value.messages[0]
    assert query_id({"unit": value}, "unit") is None
    assert query_id({"unit": "12"}, "unit") == 12


def test_a_page_answers_400_in_chinese_to_a_body_without_boundary(client, login):
    login("zhigong")
    response = client.post("/appeals/new/", b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
