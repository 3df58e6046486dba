"""Sealing a report to its readers (docs/decisions/0016-sealed-reports.md).

A sealed box, as libsodium's: an ephemeral X25519 key agrees a secret with the recipient's
public key; HKDF-SHA256 over that secret and both public keys gives a one-time key for
ChaCha20-Poly1305. Only the holder of the recipient's private key opens it.

Every sealed text has its own random content key (the envelope): the text is encrypted once
under it and the content key is sealed to each reader (every 纪委 handler who reaches the unit,
and the escrow key), so a new reader is a new sealed copy of 32 bytes, not of the text.

A handler's private key is kept only encrypted under a key derived from their passphrase by
Argon2id. Built on `cryptography` (already a locked dependency), not PyNaCl: the same
primitives, no new package.
"""

import base64
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
_ZERO_NONCE = bytes(NONCE_BYTES)  # a sealed box's key is used once: a fixed nonce is safe
_INFO = b"tongxin-integrity-sealed-box-v1"


class OpenError(Exception):
    """A box that this key cannot open, or that was altered."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode())


def new_keypair() -> tuple[bytes, bytes]:
    """(private, public) raw 32-byte X25519 keys."""
    private = X25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private.public_key())


def _raw_private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_of(private: bytes) -> bytes:
    return _raw_public(X25519PrivateKey.from_private_bytes(private).public_key())


def _box_key(shared: bytes, eph_public: bytes, public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_INFO + eph_public + public
    ).derive(shared)


def seal(data: bytes, public: bytes) -> bytes:
    """A sealed box of `data` that only the private half of `public` opens."""
    eph = X25519PrivateKey.generate()
    eph_public = _raw_public(eph.public_key())
    shared = eph.exchange(X25519PublicKey.from_public_bytes(public))
    key = _box_key(shared, eph_public, public)
    return eph_public + ChaCha20Poly1305(key).encrypt(_ZERO_NONCE, data, None)


def seal_open(box: bytes, private: bytes) -> bytes:
    try:
        key_obj = X25519PrivateKey.from_private_bytes(private)
        eph_public, body = box[:KEY_BYTES], box[KEY_BYTES:]
        shared = key_obj.exchange(X25519PublicKey.from_public_bytes(eph_public))
        key = _box_key(shared, eph_public, _raw_public(key_obj.public_key()))
        return ChaCha20Poly1305(key).decrypt(_ZERO_NONCE, body, None)
    except (InvalidTag, ValueError) as e:
        raise OpenError from e


def secret_encrypt(key: bytes, data: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, data, None)


def secret_decrypt(key: bytes, box: bytes) -> bytes:
    try:
        return ChaCha20Poly1305(key).decrypt(box[:NONCE_BYTES], box[NONCE_BYTES:], None)
    except (InvalidTag, ValueError) as e:
        raise OpenError from e


def passphrase_key(passphrase: str, salt: bytes, *, iterations: int, memory_kib: int) -> bytes:
    """The key that wraps a handler's private key: Argon2id over the passphrase."""
    return Argon2id(
        salt=salt, length=KEY_BYTES, iterations=iterations, lanes=1, memory_cost=memory_kib
    ).derive(passphrase.encode())


# --- envelopes -------------------------------------------------------------------------------


def envelope_seal(payload: dict, recipients: dict[str, bytes]) -> tuple[bytes, dict[str, str]]:
    """(ciphertext, {recipient id: sealed content key}) for a JSON payload."""
    content_key = os.urandom(KEY_BYTES)
    body = secret_encrypt(content_key, json.dumps(payload, ensure_ascii=False).encode())
    keys = {rid: b64(seal(content_key, public)) for rid, public in recipients.items()}
    return body, keys


def envelope_key(keys: dict[str, str], rid: str, private: bytes) -> bytes:
    sealed = keys.get(rid)
    if sealed is None:
        raise OpenError("not a recipient")
    return seal_open(unb64(sealed), private)


def envelope_open(body: bytes, keys: dict[str, str], rid: str, private: bytes) -> dict:
    return json.loads(secret_decrypt(envelope_key(keys, rid, private), bytes(body)))


def envelope_seal_file(
    data: bytes, meta: dict, recipients: dict[str, bytes]
) -> tuple[bytes, bytes, dict[str, str]]:
    """(encrypted bytes, encrypted meta, {recipient id: sealed content key}) for a file: its
    bytes and its name/type under one content key, so one sealed key per reader opens both."""
    content_key = os.urandom(KEY_BYTES)
    body = secret_encrypt(content_key, data)
    meta_box = secret_encrypt(content_key, json.dumps(meta, ensure_ascii=False).encode())
    keys = {rid: b64(seal(content_key, public)) for rid, public in recipients.items()}
    return body, meta_box, keys


def envelope_open_meta(meta_box: bytes, keys: dict[str, str], rid: str, private: bytes) -> dict:
    return json.loads(secret_decrypt(envelope_key(keys, rid, private), bytes(meta_box)))


def envelope_open_file(
    body: bytes, meta_box: bytes, keys: dict[str, str], rid: str, private: bytes
) -> tuple[dict, bytes]:
    content_key = envelope_key(keys, rid, private)
    meta = json.loads(secret_decrypt(content_key, bytes(meta_box)))
    return meta, secret_decrypt(content_key, bytes(body))
