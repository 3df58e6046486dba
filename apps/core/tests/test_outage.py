"""Faults a page must survive: the database away (503, nothing stored), Redis away (no cache,
tasks kept, limits closed) and a submission sent twice (stored once)."""

import socket

import pytest
from django.db import OperationalError
from django.test import override_settings

from apps.appeals.models import Appeal, Category
from apps.core import ratelimit
from apps.core.cache import ForgivingRedisCache
from apps.core.models import DeferredTask, IdempotentRequest
from apps.core.queue import DeferringRedisHuey

pytestmark = pytest.mark.django_db


def free_port() -> int:
    """A port nothing listens on: a Redis that is away."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


API = "/api/v1/appeals"


def appeal(**extra):
    cat = Category.objects.get(name="劳动保护").pk
    return {"category_id": cat, "title": "手套不够用", "description": "每月只发两副。", **extra}


def test_a_repeated_api_submission_is_stored_once_and_answered_alike(client, login, company):
    login("zhigong")
    first = client.post(API, appeal(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post(API, appeal(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replay"] == "true"
    assert Appeal.objects.count() == 1
    other = client.post(API, appeal(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k2")
    assert other.status_code == 201 and Appeal.objects.count() == 2


def test_a_refused_submission_can_be_corrected_and_sent_with_a_new_key(client, login, company):
    login("zhigong")
    bad = client.post(
        API, appeal(title=""), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k3"
    )
    assert bad.status_code == 400 and Appeal.objects.count() == 0


def test_an_anonymous_submission_leaves_no_record_of_its_sender(client, login, company):
    login("zhigong")
    r = client.post(
        API, appeal(anonymous=True), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k4"
    )
    assert r.status_code == 201 and not IdempotentRequest.objects.exists()


def test_the_form_page_sends_a_fresh_key_and_a_double_click_stores_once(client, login, company):
    login("zhigong")
    page = client.get("/appeals/new/")
    key = page.content.decode().split('name="idempotency_key" value="')[1][:32]
    form = {
        "category": Category.objects.get(name="劳动保护").pk,
        "title": "更衣室没有热水",
        "description": "冬天洗澡只有冷水。",
        "urgency": "normal",
        "idempotency_key": key,
    }
    first = client.post("/appeals/new/", form)
    again = client.post("/appeals/new/", form)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] and Appeal.objects.count() == 1


def test_the_database_away_is_a_503_in_chinese_with_retry_after(
    client, login, company, monkeypatch
):
    login("dangwei")
    client.raise_request_exception = False  # answer as the server would, not raise in the test

    def down(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("apps.appeals.selectors.appeal_list", down)
    api = client.get(API)
    assert api.status_code == 503 and api["Retry-After"] == "5"
    assert api.json()["detail"]["code"] == "unavailable"
    page = client.get("/appeals/")
    assert page.status_code == 503 and "不会重复保存" in page.content.decode()


def test_redis_away_the_cache_misses_and_limits_close():
    cache = ForgivingRedisCache(
        f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    cache.set("k", 1)
    assert cache.get("k", "miss") == "miss" and cache.add("k", 1) is False
    closed = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
    }
    with override_settings(CACHES={"default": closed, "shared": closed}):
        from django.core.cache import caches

        caches._settings = None  # let the override's caches be built
        assert ratelimit.attempts("x") >= 10**6 and ratelimit.count_attempt("x", window=60) >= 10**6


def test_redis_away_a_task_is_kept_in_the_database():
    huey = DeferringRedisHuey("t", url=f"redis://127.0.0.1:{free_port()}/0")

    @huey.task()
    def job(n):
        return n

    job(7)
    kept = DeferredTask.objects.get()
    assert huey.deserialize_task(bytes(kept.data)).args == (7,)
