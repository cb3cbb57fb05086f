"""One-to-one mapping between Sema identifiers and Python identifiers.

Two forms, which never produce the same Python name:

* **Plain.** A name of ASCII letters and digits, starting with a letter,
  with single ``-`` between the parts (``foo``, ``make-point``) becomes
  itself with ``-`` replaced by ``_`` (``make_point``). A Python keyword
  gets a trailing ``_`` (``class`` becomes ``class_``). Plain output never
  starts with ``_``, never contains ``__`` and ends with ``_`` only for
  keywords.
* **Escaped.** Every other name becomes ``_`` followed by its characters,
  where ASCII letters and digits stand for themselves and every other
  character is written ``_<code>_`` (``ok?`` becomes ``_ok_q_``, ``foo_bar``
  becomes ``_foo_us_bar``). Codes are lowercase letters only, from
  :data:`CODES` or ``u`` plus the code point in hex.

Names the compiler invents contain ``__`` followed by a digit (``tmp__1``)
or are listed in :data:`RESERVED`; neither form above can produce them.
"""

from __future__ import annotations

import keyword
import re

CODES = {
    "-": "d",
    "_": "us",
    "?": "q",
    "!": "b",
    "*": "star",
    "+": "plus",
    "/": "sl",
    "<": "lt",
    ">": "gt",
    "=": "eq",
    "%": "pct",
    "&": "amp",
    ".": "dot",
    ":": "col",
    "$": "dollar",
    "^": "caret",
    "~": "tilde",
    "@": "at",
    "|": "bar",
    "#": "hash",
    "'": "quote",
}
_DECODE = {code: char for char, code in CODES.items()}
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*\Z")
_ALNUM = re.compile(r"[A-Za-z0-9]")

#: Module-level names used by emitted code itself.
RESERVED = frozenset({"_rt", "_semac"})

_cache: dict[str, str] = {}


def mangle(name: str) -> str:
    """Return the Python identifier for the Sema identifier ``name``."""
    found = _cache.get(name)
    if found is not None:
        return found
    if _PLAIN.match(name):
        result = name.replace("-", "_")
        if keyword.iskeyword(result):
            result += "_"
    else:
        parts = ["_"]
        for char in name:
            if char.isascii() and char.isalnum():
                parts.append(char)
            else:
                code = CODES.get(char) or f"u{ord(char):x}"
                parts.append(f"_{code}_")
        result = "".join(parts)
    _cache[name] = result
    return result


_ESCAPE = re.compile(r"_([a-z][a-z0-9]*)_")


def demangle(identifier: str) -> str:
    """Invert :func:`mangle`; identifiers it cannot produce come back unchanged."""
    if not identifier:
        return identifier
    if identifier[0] != "_":
        if identifier.endswith("_") and keyword.iskeyword(identifier[:-1]):
            return identifier[:-1]
        if "__" in identifier:
            return identifier
        return identifier.replace("_", "-")

    def decode(match: re.Match) -> str:
        code = match.group(1)
        if code in _DECODE:
            return _DECODE[code]
        if code.startswith("u"):
            try:
                return chr(int(code[1:], 16))
            except ValueError:
                return match.group(0)
        return match.group(0)

    return _ESCAPE.sub(decode, identifier[1:])
