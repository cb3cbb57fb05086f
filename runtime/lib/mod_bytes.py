"""Bytevectors: the ``bytevector/`` and ``bytes/`` namespaces and the Scheme procedures.

A bytevector is a Python ``bytearray``. The Scheme names (``bytevector``,
``make-bytevector``, ``bytevector-u8-ref``, ``string->utf8``...) are
registered here only when no other module defined them already. As in the
reference, the ``bytevector/`` names are bound to the same functions. ``bytevector-u8-set!`` changes the bytevector in place (the
reference copies it when it is shared; see docs/stdlib-coverage.md).
"""

from __future__ import annotations

from ..errors import EvalError
from ..names import mangle
from ..registry import BUILTINS
from .mod_common import check_int, check_non_negative, check_sequence, check_string, register, type_error


def check_bytes(function: str, value) -> bytearray:
    if not isinstance(value, (bytes, bytearray)):
        raise type_error(function, "bytevector", value)
    return value


def _byte(function: str, value, index: int) -> int:
    check_int(function, value)
    if not 0 <= value <= 255:
        raise EvalError(f"{function}: byte value {value} at index {index} out of range 0..255")
    return value


def _index(function: str, data, index) -> int:
    check_int(function, index)
    if not 0 <= index < len(data):
        raise EvalError(
            f"{function}: index {index} out of range for bytevector of length {len(data)}"
        )
    return index


def _decode(function: str, data) -> str:
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EvalError(f"{function}: invalid UTF-8: {exc}") from exc


# ---------------------------------------------------------------------------
# Scheme procedures


def _bytevector(*values):
    return bytearray(_byte("bytevector", value, index) for index, value in enumerate(values))


def _make_bytevector(length, fill=0):
    check_non_negative("make-bytevector", length)
    return bytearray([_byte("make-bytevector", fill, 0)]) * length


def _u8_ref(data, index):
    check_bytes("bytevector-u8-ref", data)
    return data[_index("bytevector-u8-ref", data, index)]


def _u8_set(data, index, value):
    check_bytes("bytevector-u8-set!", data)
    data[_index("bytevector-u8-set!", data, index)] = _byte("bytevector-u8-set!", value, index)


def _length(data):
    return len(check_bytes("bytevector-length", data))


def _copy(data, start=0, end=None):
    check_bytes("bytevector-copy", data)
    end = len(data) if end is None else end
    check_int("bytevector-copy", start)
    check_int("bytevector-copy", end)
    if not 0 <= start <= end <= len(data):
        raise EvalError(f"bytevector-copy: range {start}..{end} out of bounds for {len(data)} bytes")
    return bytearray(data[start:end])


def _append(*parts):
    result = bytearray()
    for part in parts:
        result += check_bytes("bytevector-append", part)
    return result


def _to_list(data):
    return list(check_bytes("bytevector->list", data))


def _from_list(values):
    check_sequence("list->bytevector", values)
    return bytearray(_byte("list->bytevector", value, index) for index, value in enumerate(values))


def _string_to_utf8(text):
    return bytearray(check_string("string->utf8", text).encode("utf-8"))


def _utf8_to_string(data, start=0, end=None):
    check_bytes("utf8->string", data)
    return _decode("utf8->string", data[start:end])


def _is_bytevector(value):
    return isinstance(value, (bytes, bytearray))


_SCHEME = {
    "bytevector": _bytevector,
    "make-bytevector": _make_bytevector,
    "bytevector-u8-ref": _u8_ref,
    "bytevector-u8-set!": _u8_set,
    "bytevector-length": _length,
    "bytevector-copy": _copy,
    "bytevector-append": _append,
    "bytevector->list": _to_list,
    "list->bytevector": _from_list,
    "string->utf8": _string_to_utf8,
    "utf8->string": _utf8_to_string,
    "bytevector?": _is_bytevector,
}

for _name, _function in _SCHEME.items():
    if _name not in BUILTINS:
        _function.sema_name = _name
        _function.__name__ = _function.__qualname__ = mangle(_name)
        BUILTINS[_name] = _function

for _name, _target in {
    "bytevector/new": "make-bytevector",
    "bytevector/make": "make-bytevector",
    "bytevector/ref": "bytevector-u8-ref",
    "bytevector/u8-ref": "bytevector-u8-ref",
    "bytevector/set!": "bytevector-u8-set!",
    "bytevector/u8-set!": "bytevector-u8-set!",
    "bytevector/length": "bytevector-length",
    "bytevector/copy": "bytevector-copy",
    "bytevector/append": "bytevector-append",
    "bytevector/to-list": "bytevector->list",
    "bytevector/from-list": "list->bytevector",
}.items():
    BUILTINS[_name] = BUILTINS[_target]


# ---------------------------------------------------------------------------
# bytes/: allocation-free scanning helpers


def _range(function: str, data, start, end) -> tuple[int, int]:
    end = len(data) if end is None else end
    check_int(function, start)
    check_int(function, end)
    if not 0 <= start <= end <= len(data):
        raise EvalError(f"{function}: range {start}..{end} out of bounds for {len(data)} bytes")
    return start, end


@register("bytes/length")
def length(data):
    return len(check_bytes("bytes/length", data))


@register("bytes/ref")
def ref(data, index):
    check_bytes("bytes/ref", data)
    check_int("bytes/ref", index)
    if not 0 <= index < len(data):
        raise EvalError(f"bytes/ref: index {index} out of bounds (length {len(data)})")
    return data[index]


@register("bytes/slice")
def slice_(data, start, end=None):
    """Return a new bytevector with the bytes ``start`` (inclusive) to ``end`` (exclusive)."""
    check_bytes("bytes/slice", data)
    start, end = _range("bytes/slice", data, start, end)
    return bytearray(data[start:end])


@register("bytes/->string")
def to_string(data, start=0, end=None):
    """Decode the bytes (or the range ``start``..``end``) as UTF-8."""
    check_bytes("bytes/->string", data)
    start, end = _range("bytes/->string", data, start, end)
    return _decode("bytes/->string", data[start:end])


@register("bytes/find")
def find(data, needle, start=0):
    """Return the index of the first ``needle`` (a byte, bytevector or string) at or after ``start``."""
    check_bytes("bytes/find", data)
    check_int("bytes/find", start)
    if isinstance(needle, str):
        pattern = needle.encode("utf-8")
    elif isinstance(needle, (bytes, bytearray)):
        pattern = bytes(needle)
    else:
        check_int("bytes/find", needle)
        if not 0 <= needle <= 255:
            raise EvalError(f"bytes/find: byte value {needle} out of range 0..255")
        pattern = bytes([needle])
    if start > len(data):
        return None
    index = data.find(pattern, start)
    return None if index < 0 else index


@register("bytes/parse-int10")
def parse_int10(data, start=0, end=None):
    """Parse ``-?digits(.digit)?`` as an integer in tenths: ``"-12.3"`` gives -123, ``"7"`` 70."""
    check_bytes("bytes/parse-int10", data)
    start, end = _range("bytes/parse-int10", data, start, end)
    text = bytes(data[start:end])
    negative = text.startswith(b"-")
    digits = text[1:] if negative else text
    whole, dot, fraction = digits.partition(b".")
    if not whole:
        raise EvalError("bytes/parse-int10: expected at least one digit")
    for offset, byte in enumerate(whole):
        if not 48 <= byte <= 57:
            position = start + offset + (1 if negative else 0)
            raise EvalError(f"bytes/parse-int10: invalid digit {chr(byte)!r} at byte {position}")
    if dot and (len(fraction) != 1 or not 48 <= fraction[0] <= 57):
        raise EvalError("bytes/parse-int10: expected exactly one digit after '.'")
    value = int(whole) * 10 + (fraction[0] - 48 if dot else 0)
    return -value if negative else value
