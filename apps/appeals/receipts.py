"""Receipt codes for anonymous appeals: long enough not to be guessed, only their hash stored,
and lookups rate-limited per client so guessing is refused long before it could succeed.

The failure counts live in the rate-limit store every worker shares (apps.core.ratelimit), so
more workers do not let more guesses through."""

import hashlib
import secrets

from apps.core import ratelimit

from .errors import AppealError

# No 0/O, 1/I/L: a code read off a phone and typed back in cannot be misread.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 16  # 31^16 ≈ 2^79
GROUP = 4
MAX_FAILURES = 10
WINDOW_SECONDS = 600


def new_code() -> str:
    """A fresh receipt code, grouped for reading: ABCD-EFGH-JKMN-PQRS."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalize(code: str) -> str:
    """Upper case, separators and spaces dropped: 'abcd efgh…' finds the same appeal."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def digest(code: str) -> str:
    return hashlib.sha256(normalize(code).encode()).hexdigest()


def well_formed(code: str) -> bool:
    value = normalize(code)
    return len(value) == LENGTH and all(ch in ALPHABET for ch in value)


def _key(client: str) -> str:
    # The client (an IP address) is hashed: the cache never holds an address beside a lookup.
    return "appeals:receipt-fail:" + hashlib.sha256(client.encode()).hexdigest()[:32]


def check_throttle(client: str) -> None:
    """Refuse a client that has already given too many wrong codes within the window."""
    if ratelimit.attempts(_key(client)) >= MAX_FAILURES:
        raise AppealError.RECEIPT_THROTTLED(field="code", m=WINDOW_SECONDS // 60)


def record_failure(client: str) -> None:
    ratelimit.count_attempt(_key(client), window=WINDOW_SECONDS)


def client_key(request) -> str:
    """Who is guessing: the client address. Behind PROXY_COUNT proxies, the address the last
    trusted proxy saw (a client cannot dodge the limit by sending its own X-Forwarded-For).
    Kept only as a hash in the cache, never logged."""
    from django.conf import settings

    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies:
        hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"
