"""Sealing a report to its readers (docs/decisions/0016-sealed-reports.md), on PyNaCl.

A sealed box is libsodium's `crypto_box_seal` (`nacl.public.SealedBox`): an ephemeral X25519
key, XSalsa20-Poly1305 under the agreed key, the nonce derived from both public keys. Only the
holder of the recipient's private key opens it.

Every sealed text has its own random content key (the envelope): the text is encrypted once
under it with ChaCha20-Poly1305 (IETF, libsodium's AEAD through `nacl.bindings`) and the
content key is sealed to each reader (every 纪委 handler who reaches the unit, and the escrow
key), so a new reader is a new sealed copy of 32 bytes, not of the text. Each content key
encrypts at most two messages (a file's bytes and its name), so a random 12-byte nonce is safe.

A handler's private key is kept only encrypted under a key derived from their passphrase by
Argon2id (`nacl.pwhash.argon2id.kdf`, the opslimit/memlimit stored with the key).

Boxes sealed before the switch (decision 0016, "PyNaCl"): the AEAD and Argon2id are the same
primitives with the same parameters, so content, wrapped private keys and sessions are read as
they are; the old sealed box (X25519, HKDF-SHA256, ChaCha20-Poly1305) is still opened by
`_legacy_seal_open` when the libsodium box does not open. New boxes are always libsodium's.
"""

import base64
import hashlib
import hmac
import json
import os

import nacl.bindings
import nacl.exceptions
import nacl.pwhash
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_BYTES = 32
NONCE_BYTES = nacl.bindings.crypto_aead_chacha20poly1305_ietf_NPUBBYTES  # 12
SALT_BYTES = nacl.pwhash.argon2id.SALTBYTES  # 16
_LEGACY_NONCE = bytes(NONCE_BYTES)
_LEGACY_INFO = b"tongxin-integrity-sealed-box-v1"


class OpenError(Exception):
    """A box that this key cannot open, or that was altered."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode())


def new_keypair() -> tuple[bytes, bytes]:
    """(private, public) raw 32-byte X25519 keys."""
    private = PrivateKey.generate()
    return bytes(private), bytes(private.public_key)


def public_of(private: bytes) -> bytes:
    return bytes(PrivateKey(private).public_key)


def seal(data: bytes, public: bytes) -> bytes:
    """A sealed box of `data` that only the private half of `public` opens."""
    return SealedBox(PublicKey(public)).encrypt(data)


def seal_open(box: bytes, private: bytes) -> bytes:
    try:
        key = PrivateKey(private)
    except (nacl.exceptions.CryptoError, TypeError, ValueError) as e:
        raise OpenError from e
    try:
        return SealedBox(key).decrypt(bytes(box))
    except (nacl.exceptions.CryptoError, ValueError):
        return _legacy_seal_open(bytes(box), key)


def _hkdf_sha256(secret: bytes, info: bytes) -> bytes:
    """RFC 5869 with no salt, one block (32 bytes): the old box's key derivation."""
    prk = hmac.new(bytes(32), secret, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def _legacy_seal_open(box: bytes, key: PrivateKey) -> bytes:
    """A box sealed before the switch to libsodium's: ephemeral X25519, HKDF-SHA256 over the
    shared secret with both public keys in the info, ChaCha20-Poly1305 with a zero nonce."""
    eph_public, body = box[:KEY_BYTES], box[KEY_BYTES:]
    try:
        shared = nacl.bindings.crypto_scalarmult(bytes(key), eph_public)
        box_key = _hkdf_sha256(shared, _LEGACY_INFO + eph_public + bytes(key.public_key))
        return nacl.bindings.crypto_aead_chacha20poly1305_ietf_decrypt(
            body, None, _LEGACY_NONCE, box_key
        )
    except (nacl.exceptions.CryptoError, TypeError, ValueError) as e:
        raise OpenError from e


def secret_encrypt(key: bytes, data: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + nacl.bindings.crypto_aead_chacha20poly1305_ietf_encrypt(data, None, nonce, key)


def secret_decrypt(key: bytes, box: bytes) -> bytes:
    box = bytes(box)
    try:
        return nacl.bindings.crypto_aead_chacha20poly1305_ietf_decrypt(
            box[NONCE_BYTES:], None, box[:NONCE_BYTES], key
        )
    except (nacl.exceptions.CryptoError, TypeError, ValueError) as e:
        raise OpenError from e


def passphrase_key(passphrase: str, salt: bytes, *, iterations: int, memory_kib: int) -> bytes:
    """The key that wraps a handler's private key: Argon2id (libsodium, one lane) over the
    passphrase; `iterations` is the opslimit, `memory_kib` the memlimit in KiB."""
    return nacl.pwhash.argon2id.kdf(
        KEY_BYTES,
        passphrase.encode(),
        bytes(salt),
        opslimit=iterations,
        memlimit=memory_kib * 1024,
    )


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
