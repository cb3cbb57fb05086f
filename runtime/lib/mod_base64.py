"""The ``base64/`` namespace: standard Base64 with padding (RFC 4648).

``base64/encode`` and ``base64/decode`` work on the UTF-8 bytes of strings;
the ``-bytes`` variants take and return bytevectors (``bytearray``).
"""

from __future__ import annotations

from ..errors import EvalError
from .mod_common import check_string, register, type_error


def _decode_bytes(function: str, text) -> bytes:
    import base64
    import binascii

    check_string(function, text)
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except UnicodeEncodeError as exc:
        raise EvalError(f"{function}: invalid symbol in {text!r}") from exc
    except binascii.Error as exc:
        raise EvalError(f"{function}: {exc}") from exc


@register("base64/encode")
def encode(text):
    import base64

    check_string("base64/encode", text)
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


@register("base64/decode")
def decode(text):
    """Decode Base64 text whose bytes must be valid UTF-8."""
    data = _decode_bytes("base64/decode", text)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EvalError(f"base64/decode: invalid UTF-8: {exc}") from exc


@register("base64/encode-bytes")
def encode_bytes(data):
    import base64

    if not isinstance(data, (bytes, bytearray)):
        raise type_error("base64/encode-bytes", "bytevector", data)
    return base64.b64encode(bytes(data)).decode("ascii")


@register("base64/decode-bytes")
def decode_bytes(text):
    return bytearray(_decode_bytes("base64/decode-bytes", text))
