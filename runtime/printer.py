"""The ``write`` and ``display`` printers and the pretty printer for results.

``write`` is the readable form: strings quoted and escaped, characters as
``#\\a``. ``display`` differs only for a top-level string, which it prints
raw. Strings nested in a collection are still quoted, and characters print
as ``#\\a`` in both forms.
:func:`pretty_string` lays a written value out over several lines when it
is wider than 80 columns, the way the reference REPL shows results.
"""

from __future__ import annotations

import math
import re
import types
from decimal import Decimal
from fractions import Fraction

from .names import demangle
from .values import Char, Keyword, Map, Promise, Record, RecordType, Symbol, Vector

CHAR_NAMES = {
    " ": "space",
    "\n": "newline",
    "\t": "tab",
    "\r": "return",
    "\0": "nul",
    "\x7f": "delete",
    "\x1b": "escape",
    "\x08": "backspace",
    "\x07": "alarm",
}
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
PRETTY_WIDTH = 80
#: The suffix the compiler appends to keep a name unique: x__3, fib_int__2.
_COMPILER_SUFFIX = re.compile(r"(_int)?__\d+$")


def format_float(value: float) -> str:
    """Format a float as Sema does: never in exponent form, whole values as ``3.0``."""
    if value != value:
        return "NaN"
    if value == math.inf:
        return "inf"
    if value == -math.inf:
        return "-inf"
    text = repr(value)
    if "e" not in text:
        return text
    if value.is_integer():
        return f"{int(value)}.0"
    text = format(Decimal(text), "f")
    if "." not in text:
        text += ".0"
    return text


def _write_string_literal(text: str) -> str:
    return '"' + "".join(_STRING_ESCAPES.get(char, char) for char in text) + '"'


def _write_char(value: Char) -> str:
    name = CHAR_NAMES.get(value.char)
    return "#\\" + (name if name is not None else value.char)


def function_name(value) -> str | None:
    """Return the Sema name of a compiled or builtin function, or None for a lambda."""
    name = getattr(value, "sema_name", None)
    if name is not None:
        return name
    python_name = getattr(value, "__name__", None)
    if not python_name or python_name == "<lambda>" or python_name.startswith(("lambda__", "_semac")):
        return None
    return demangle(_COMPILER_SUFFIX.sub("", python_name))


def _write_other(value) -> str:
    custom = getattr(value, "sema_repr", None)
    if custom is not None and not isinstance(value, type):
        return custom()
    if isinstance(value, (bytes, bytearray)):
        return "#u8(" + " ".join(str(byte) for byte in value) + ")"
    if isinstance(value, Record):
        if not value.values:
            return f"#<record {value.rtype.name}>"
        order = value.rtype.print_order or range(len(value.values))
        return f"#<record {value.rtype.name} " + " ".join(write_string(value.values[i]) for i in order) + ">"
    if isinstance(value, Promise):
        return "<promise>"
    if isinstance(value, RecordType):
        return f"<record-type {value.name}>"
    if isinstance(value, types.ModuleType):
        return f"<module {value.__name__}>"
    if callable(value):
        name = function_name(value)
        return f"<native-fn {name if name else '<vm-closure>'}>"
    if isinstance(value, tuple):
        return "[" + " ".join(write_string(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "#{" + " ".join(sorted(write_string(v) for v in value)) + "}"
    return f"<{type(value).__name__} {value!r}>"


def write_string(value) -> str:
    """Return the written form of ``value``."""
    if value is None:
        return "nil"
    if value is True:
        return "#t"
    if value is False:
        return "#f"
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        return _write_string_literal(value)
    if kind is float:
        return format_float(value)
    if kind is Keyword:
        return ":" + value.name
    if isinstance(value, Symbol):
        return value.name
    if kind is list:
        return "(" + " ".join([write_string(v) for v in value]) + ")"
    if isinstance(value, Vector):
        return "[" + " ".join([write_string(v) for v in value]) + "]"
    if isinstance(value, dict):
        return _write_map(value)
    if isinstance(value, list):
        return "(" + " ".join([write_string(v) for v in value]) + ")"
    if kind is Fraction:
        return f"{value.numerator}/{value.denominator}"
    if kind is Char:
        return _write_char(value)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, str):
        return _write_string_literal(value)
    return _write_other(value)


def _items(mapping: dict) -> list:
    if isinstance(mapping, Map):
        return mapping.sorted_items()
    return list(mapping.items())


def _write_map(mapping: dict) -> str:
    parts = []
    for key, item in _items(mapping):
        parts.append(write_string(key))
        parts.append(write_string(item))
    return "{" + " ".join(parts) + "}"


def display_string(value) -> str:
    """Return the displayed form: a top-level string prints raw.

    Everything else prints as :func:`write_string` does, characters
    included: the reference's ``(display #\\a)`` prints ``#\\a``.
    """
    if type(value) is str:
        return value
    return write_string(value)


def _width(text: str) -> int:
    # The reference measures lines in UTF-8 bytes, so "é" counts 2 and an emoji 4.
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def pretty_string(value, width: int = PRETTY_WIDTH) -> str:
    """Return the written form, broken over lines when wider than ``width``."""
    flat = write_string(value)
    if _width(flat) <= width:
        return flat
    return _pretty(value, 0, width)


def _pretty(value, column: int, width: int) -> str:
    flat = write_string(value)
    if column + _width(flat) <= width:
        return flat
    if isinstance(value, dict) and value:
        return _pretty_map(value, column, width)
    if isinstance(value, list) and value:
        opener, closer = ("[", "]") if isinstance(value, Vector) else ("(", ")")
        inner = column + 1
        separator = "\n" + " " * inner
        parts = [_pretty(item, inner, width) for item in value]
        return opener + separator.join(parts) + closer
    return flat


def _pretty_map(mapping: dict, column: int, width: int) -> str:
    inner = column + 1
    lines = []
    for key, item in _items(mapping):
        key_text = write_string(key)
        item_flat = write_string(item)
        entry = f"{key_text} {item_flat}"
        breakable = isinstance(item, (list, dict)) and bool(item)
        if inner + _width(entry) <= width or not breakable:
            lines.append(entry)
        else:
            value_column = inner + 2
            lines.append(key_text + "\n" + " " * value_column + _pretty(item, value_column, width))
    return "{" + ("\n" + " " * inner).join(lines) + "}"
