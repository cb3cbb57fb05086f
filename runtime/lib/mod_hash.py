"""The ``hash/`` namespace: digests of strings as lowercase hexadecimal text.

Strings are hashed as their UTF-8 bytes.
"""

from __future__ import annotations

from .mod_common import check_string, register


def _utf8(function: str, text) -> bytes:
    return check_string(function, text).encode("utf-8")


@register("hash/sha256")
def sha256(text):
    import hashlib

    return hashlib.sha256(_utf8("hash/sha256", text)).hexdigest()


@register("hash/md5")
def md5(text):
    import hashlib

    return hashlib.md5(_utf8("hash/md5", text), usedforsecurity=False).hexdigest()


@register("hash/digest")
def digest(text):
    """Return the SHA-256 digest, like ``hash/sha256``."""
    import hashlib

    return hashlib.sha256(_utf8("hash/digest", text)).hexdigest()


@register("hash/hmac-sha256")
def hmac_sha256(key, message):
    """Return the HMAC-SHA256 of ``message`` under ``key``."""
    import hashlib
    import hmac

    key_bytes = _utf8("hash/hmac-sha256", key)
    message_bytes = _utf8("hash/hmac-sha256", message)
    return hmac.new(key_bytes, message_bytes, hashlib.sha256).hexdigest()
