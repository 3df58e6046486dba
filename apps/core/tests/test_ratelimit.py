"""Rate-limit counts are shared by every worker process: N workers must not allow N times the
guesses (wrong receipt codes passed about twice the limit on 2 workers)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

from apps.appeals import receipts
from apps.core import ratelimit

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def two_workers(db, monkeypatch):
    """Two cache connections built from the settings, as two processes would each build one;
    the counter alternates between them, as a load balancer alternates workers."""
    workers = [caches.create_connection(ratelimit.SHARED) for _ in range(2)]
    assert workers[0] is not workers[1]
    turn = iter(workers * 50)
    monkeypatch.setattr(ratelimit, "_store", lambda: next(turn))
    return workers


def _python(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.test", **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_two_worker_processes_share_the_count_of_wrong_receipt_codes(tmp_path):
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite3'}"}
    half = f"""
from apps.appeals import receipts
for _ in range({receipts.MAX_FAILURES // 2}):
    receipts.check_throttle("203.0.113.7")
    receipts.record_failure("203.0.113.7")
"""
    first = _python(
        "from django.core.management import call_command\n"
        "call_command('createcachetable')\n" + half,
        **database,
    )
    assert first.returncode == 0, first.stderr
    second = _python(half + "receipts.check_throttle('203.0.113.7')", **database)
    assert "回执码错误次数过多" in second.stderr


def test_each_worker_sees_the_other_workers_count(two_workers):
    first, second = two_workers
    assert ratelimit.count_attempt("k", window=60) == 1  # counted on the first
    assert ratelimit.count_attempt("k", window=60) == 2  # on the second, which saw the first
    assert first.get("k") == second.get("k") == 2


def test_without_redis_the_shared_store_is_the_database():
    assert settings.CACHES[ratelimit.SHARED]["BACKEND"].endswith("db.DatabaseCache")


def test_with_redis_the_shared_store_is_redis():
    result = _python(
        "from django.conf import settings; print(settings.CACHES['shared']['BACKEND'])",
        REDIS_URL="redis://cache:6379/0",
    )
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache", result.stderr
