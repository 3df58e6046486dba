"""A handler's unlocked key for a working session (decision 0016).

On unlock the private key is encrypted under a fresh random session key K; the server-side
session keeps only that ciphertext (and when it expires), and K travels to the browser alone,
in an HttpOnly, SameSite=Strict cookie that lives as long. Reading a report needs both halves:
the session table (a DBA, a backup) holds no usable key, the cookie alone decrypts nothing.
The passphrase is never stored; the raw private key lives only in memory during a request.
"""

import os
import time

from django.conf import settings

from . import sealing

SESSION_KEY = "integrity_unlocked"
COOKIE = "integrity_k"


def ttl_seconds() -> int:
    return int(getattr(settings, "INTEGRITY_UNLOCK_MINUTES", 15)) * 60


def remember(request, response, *, key_id: int, private: bytes) -> None:
    """Keep the unlocked key for this session for ttl_seconds()."""
    wrap = os.urandom(sealing.KEY_BYTES)
    request.session[SESSION_KEY] = {
        "key": key_id,
        "box": sealing.b64(sealing.secret_encrypt(wrap, private)),
        "until": int(time.time()) + ttl_seconds(),
    }
    response.set_cookie(
        COOKIE,
        sealing.b64(wrap),
        max_age=ttl_seconds(),
        httponly=True,
        samesite="Strict",
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
    )


def forget(request, response) -> None:
    request.session.pop(SESSION_KEY, None)
    response.delete_cookie(COOKIE, samesite="Strict")


def unlocked(request, key_id: int | None) -> bytes | None:
    """The handler's private key if this session unlocked it and has not expired."""
    held = getattr(request, "session", {}).get(SESSION_KEY)
    wrap = request.COOKIES.get(COOKIE)
    if not held or not wrap or key_id is None or held.get("key") != key_id:
        return None
    if held.get("until", 0) < time.time():
        return None
    try:
        return sealing.secret_decrypt(sealing.unb64(wrap), sealing.unb64(held["box"]))
    except (sealing.OpenError, ValueError, KeyError):
        return None


def expires_in(request) -> int:
    held = getattr(request, "session", {}).get(SESSION_KEY) or {}
    return max(0, int(held.get("until", 0) - time.time()))
