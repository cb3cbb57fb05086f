"""The ``stream/`` namespace: in-memory byte streams.

A stream is a :class:`Stream` over a ``bytearray``: ``stream/from-string``
and ``stream/from-bytes`` make read-only streams, ``stream/byte-buffer``
a write-only buffer whose content ``stream/to-bytes`` and
``stream/to-string`` return. Reads return bytevectors; at the end of the
data they return an empty bytevector (``read``, ``read-all``) or nil
(``read-byte``, ``read-line``).
"""

from __future__ import annotations

from ..errors import EvalError
from .mod_bytes import check_bytes
from .mod_common import check_int, check_non_negative, check_string, register, type_error


class Stream:
    """A readable or writable in-memory byte stream."""

    __slots__ = ("kind", "data", "position", "readable", "writable", "closed")
    sema_type = "stream"

    def __init__(self, kind: str, data: bytearray, readable: bool, writable: bool) -> None:
        self.kind = kind
        self.data = data
        self.position = 0
        self.readable = readable
        self.writable = writable
        self.closed = False

    def sema_repr(self) -> str:
        return f"<stream:{self.kind}>"


def _check(function: str, value) -> Stream:
    if not isinstance(value, Stream):
        raise type_error(function, "stream", value)
    return value


def _readable(function: str, value) -> Stream:
    stream = _check(function, value)
    if stream.closed:
        raise EvalError("stream/read: stream is closed")
    if not stream.readable:
        raise EvalError(f"{function}: stream is not readable")
    return stream


def _writable(function: str, value) -> Stream:
    stream = _check(function, value)
    if stream.closed:
        raise EvalError("stream/write: stream is closed")
    if not stream.writable:
        raise EvalError(f"{function}: stream is not writable")
    return stream


def _take(stream: Stream, count: int) -> bytearray:
    chunk = stream.data[stream.position : stream.position + count]
    stream.position += len(chunk)
    return bytearray(chunk)


# ---------------------------------------------------------------------------
# Creating streams


@register("stream/from-string")
def from_string(text):
    data = bytearray(check_string("stream/from-string", text).encode("utf-8"))
    return Stream("string", data, readable=True, writable=False)


@register("stream/from-bytes")
def from_bytes(data):
    return Stream("bytes", bytearray(check_bytes("stream/from-bytes", data)), True, False)


@register("stream/byte-buffer")
def byte_buffer():
    return Stream("byte-buffer", bytearray(), readable=False, writable=True)


# ---------------------------------------------------------------------------
# Reading


@register("stream/read")
def read(stream, count):
    """Read up to ``count`` bytes."""
    _readable("stream/read", stream)
    return _take(stream, check_non_negative("stream/read", count))


@register("stream/read-all")
def read_all(stream):
    _readable("stream/read-all", stream)
    return _take(stream, len(stream.data))


@register("stream/read-byte")
def read_byte(stream):
    """Read one byte as an integer, or nil at the end."""
    _readable("stream/read-byte", stream)
    chunk = _take(stream, 1)
    return chunk[0] if chunk else None


@register("stream/read-line")
def read_line(stream):
    """Read up to the next ``\\n`` (dropped, with a ``\\r`` before it), or nil at the end."""
    _readable("stream/read-line", stream)
    if stream.position >= len(stream.data):
        return None
    end = stream.data.find(b"\n", stream.position)
    if end < 0:
        line = _take(stream, len(stream.data))
    else:
        line = _take(stream, end - stream.position + 1)[:-1]
    if line.endswith(b"\r"):
        line = line[:-1]
    return line.decode("utf-8", errors="replace")


@register("stream/available?")
def is_available(stream):
    """Return True when unread bytes remain."""
    stream = _check("stream/available?", stream)
    return stream.readable and not stream.closed and stream.position < len(stream.data)


# ---------------------------------------------------------------------------
# Writing


@register("stream/write")
def write(stream, data):
    """Write a bytevector; return the number of bytes written."""
    _writable("stream/write", stream)
    stream.data += check_bytes("stream/write", data)
    return len(data)


@register("stream/write-byte")
def write_byte(stream, byte):
    _writable("stream/write-byte", stream)
    check_int("stream/write-byte", byte)
    if not 0 <= byte <= 255:
        raise EvalError(f"stream/write-byte: byte value {byte} out of range 0..255")
    stream.data.append(byte)


@register("stream/write-string")
def write_string(stream, text):
    """Write the UTF-8 bytes of ``text``; return the number of bytes written."""
    _writable("stream/write-string", stream)
    encoded = check_string("stream/write-string", text).encode("utf-8")
    stream.data += encoded
    return len(encoded)


@register("stream/copy")
def copy(source, target):
    """Copy the rest of ``source`` into ``target``; return the number of bytes copied."""
    _readable("stream/copy", source)
    _writable("stream/copy", target)
    chunk = _take(source, len(source.data))
    target.data += chunk
    return len(chunk)


@register("stream/flush")
def flush(stream):
    """Do nothing: in-memory streams have no buffer to flush."""
    _check("stream/flush", stream)


@register("stream/to-bytes")
def to_bytes(stream):
    return bytearray(_check("stream/to-bytes", stream).data)


@register("stream/to-string")
def to_string(stream):
    data = _check("stream/to-string", stream).data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EvalError(f"stream/to-string: invalid UTF-8: {exc}") from exc


# ---------------------------------------------------------------------------
# State


@register("stream/close")
def close(stream):
    _check("stream/close", stream).closed = True


@register("stream/readable?")
def is_readable(stream):
    stream = _check("stream/readable?", stream)
    return stream.readable and not stream.closed


@register("stream/writable?")
def is_writable(stream):
    stream = _check("stream/writable?", stream)
    return stream.writable and not stream.closed


@register("stream/type")
def type_(stream):
    """Return ``"string"``, ``"bytes"`` or ``"byte-buffer"``."""
    return _check("stream/type", stream).kind
