"""One-time activation codes: how a person gets their first password, and a forgotten one back.

An administrator (the printable per-unit sheet) or a cadre (a reset) hands out a code; the person
types their 工号 (or mobile) and the code on the ordinary login page, and is then made to set a
password of their own before anything else (`ForcePasswordChange`). The code stops working once
they have, or when it expires.

A code is never stored: the account keeps an HMAC of it keyed with SECRET_KEY and the account's
id, so a copy of the database alone gives nothing to guess against, and the same code means
nothing on another account. 12 characters from 32 (no I, O, 0, 1) are 60 bits; the lockout
(django-axes) bounds online guessing.
"""

import hmac
import secrets
from datetime import timedelta
from hashlib import sha256

from django.conf import settings
from django.utils import timezone

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 12


def new_code() -> str:
    """A fresh code, grouped for reading aloud and typing: K7QM-3XPA-9DRT."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalize(typed: str) -> str:
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def digest(user_pk: int, code: str) -> str:
    key = f"tongxin.activation:{settings.SECRET_KEY}".encode()
    return hmac.new(key, f"{user_pk}:{normalize(code)}".encode(), sha256).hexdigest()


def issue(user, *, days: int, now=None) -> str:
    """Give the account a new code (the old one stops working) and no usable password; the
    caller saves the user. Returns the code, which is shown once and kept nowhere."""
    now = now or timezone.now()
    code = new_code()
    user.set_unusable_password()
    user.activation_digest = digest(user.pk, code)
    user.activation_expires_at = now + timedelta(days=days)
    return code


def matches(user, typed: str, *, now=None) -> bool:
    """Whether `typed` is the account's live code."""
    if not user.activation_digest or user.activation_expires_at is None:
        return False
    if len(normalize(typed)) != LENGTH:
        return False
    if (now or timezone.now()) >= user.activation_expires_at:
        return False
    return hmac.compare_digest(user.activation_digest, digest(user.pk, typed))


def clear(user) -> None:
    user.activation_digest = ""
    user.activation_expires_at = None
