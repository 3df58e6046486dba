"""Channel credentials at rest: Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`).

The key is NOTIFY_SECRET_KEY when set (a Fernet key, so it can be rotated apart from Django's),
else derived from SECRET_KEY. A token that no longer opens (the key changed) reads as "not set",
so the admin is asked to type the credential again rather than the page failing."""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = settings.NOTIFY_SECRET_KEY
    if not key:
        digest = hashlib.sha256(b"tongxin.notify:" + settings.SECRET_KEY.encode()).digest()
        key = base64.urlsafe_b64encode(digest)
    return Fernet(key)


def seal(values: dict) -> str:
    return _fernet().encrypt(json.dumps(values).encode()).decode() if values else ""


def unseal(token: str) -> dict:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except (InvalidToken, ValueError):
        return {}
