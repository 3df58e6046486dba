"""Production settings: `check --deploy` is clean, and a missing SECRET_KEY stops the start."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CHECK = "import django; django.setup(); from django.core.management import call_command; "


def run(code: str, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "SECRET"))
    }
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings():
    result = run(
        CHECK + "call_command('check', deploy=True, fail_level='WARNING')",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = run(CHECK, ALLOWED_HOSTS="example.org", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY 未设置" in result.stderr


def test_production_is_not_debug_by_default():
    result = run(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_FAILURE_VIEW)",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
    )
    assert result.stdout.split() == ["False", "True", "apps.core.views.csrf_failure"]
