"""The test suite: tasks run at once, fast hashing, a throw-away media folder."""

import tempfile

from .base import *  # noqa: F403
from .base import HUEY

SECRET_KEY = "test-only-key"
DEBUG = False
DEMO_MODE = True
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY = {**HUEY, "immediate": True}
MEDIA_ROOT = tempfile.mkdtemp(prefix="tongxin-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
# Static files straight from the finders (no collectstatic in tests); an empty root keeps
# WhiteNoise quiet.
STATIC_ROOT = tempfile.mkdtemp(prefix="tongxin-static-")
WHITENOISE_USE_FINDERS = True
