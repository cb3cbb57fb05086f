"""The ``toml/`` namespace: TOML 1.0 documents to maps and back.

Decoding uses :mod:`tomllib`: tables become maps with keyword keys, arrays
become lists, and dates and times become their TOML text. Encoding writes
plain keys and values first, then ``[table]`` sections and ``[[array]]``
sections of tables, each separated by a blank line.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from ..errors import EvalError, type_name
from ..values import Keyword, Map, Symbol
from .mod_common import check_string, register

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def _from_toml(value):
    if isinstance(value, dict):
        return Map((Keyword(key), _from_toml(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_from_toml(item) for item in value]
    if isinstance(value, (str, int, float, bool)):
        return value
    return value.isoformat().replace("+00:00", "Z")


@register("toml/decode")
def decode(text):
    import tomllib

    check_string("toml/decode", text)
    try:
        return _from_toml(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise EvalError(f"toml/decode: parse error: {exc}") from exc


def _key(key) -> str:
    if isinstance(key, (Keyword, Symbol)):
        text = key.name
    elif isinstance(key, str):
        text = key
    else:
        raise EvalError(f"toml/encode: cannot use {type_name(key)} as a key")
    return text if _BARE_KEY.match(text) else _string(text)


def _string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _scalar(value) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, Fraction):
        return _string(f"{value.numerator}/{value.denominator}")
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (Keyword, Symbol)):
        return _string(value.name)
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_scalar(v)}" for k, v in _items(value))
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    raise EvalError(f"toml/encode: cannot encode {type_name(value)}")


def _items(mapping: dict) -> list:
    return mapping.sorted_items() if isinstance(mapping, Map) else list(mapping.items())


def _is_table_array(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) for i in value)


def _write_table(mapping: dict, path: list[str], sections: list[str]) -> None:
    lines = []
    tables = []
    for key, value in _items(mapping):
        if isinstance(value, dict) or _is_table_array(value):
            tables.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_scalar(value)}")
    if lines or not tables:
        header = [f"[{'.'.join(path)}]"] if path else []
        if path or lines:
            sections.append("\n".join(header + lines))
    for key, value in tables:
        child = path + [_key(key)]
        if isinstance(value, dict):
            _write_table(value, child, sections)
            continue
        for item in value:
            body = [f"[[{'.'.join(child)}]]"]
            body += [f"{_key(k)} = {_scalar(v)}" for k, v in _items(item)]
            sections.append("\n".join(body))


@register("toml/encode")
def encode(value):
    """Return TOML text for a map; nil values cannot be encoded."""
    if not isinstance(value, dict):
        raise EvalError("toml/encode: top-level value must be a map")
    sections: list[str] = []
    _write_table(value, [], sections)
    return "\n\n".join(sections) + "\n" if sections else ""
