"""The ``json/`` namespace: converting between Sema values and JSON text.

Encoding: maps become objects, with keys in Sema's key order and
keywords, symbols and numbers as key strings. Lists and vectors become
arrays. Keywords and symbols become strings, and so do rationals
(``"1/2"``). Characters, functions, NaN and infinities cannot be encoded.

Decoding: objects become maps with keyword keys, arrays become lists,
``null`` becomes nil. Integers keep their full precision.
"""

from __future__ import annotations

import math
from fractions import Fraction

from ..errors import EvalError, type_name
from ..values import Char, Keyword, Map, Symbol
from .mod_common import check_string, register


def _key_text(key) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, (Keyword, Symbol)):
        return key.name
    if key is None:
        return "nil"
    if key is True or key is False:
        return "true" if key else "false"
    if isinstance(key, (int, float, Fraction)):
        from ..printer import write_string

        return write_string(key)
    raise EvalError(f"json/encode: cannot encode {type_name(key)} as a JSON object key")


def to_json_data(value, function: str = "json/encode"):
    """Convert a Sema value into data that :func:`json.dumps` accepts."""
    if value is None or value is True or value is False or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isinf(value) or value != value:
            raise EvalError(f"{function}: cannot encode NaN/Infinity as JSON")
        return value
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, (Keyword, Symbol)):
        return value.name
    if isinstance(value, dict):
        items = value.sorted_items() if isinstance(value, Map) else value.items()
        return {_key_text(key): to_json_data(item, function) for key, item in items}
    if isinstance(value, list):
        return [to_json_data(item, function) for item in value]
    name = "char" if isinstance(value, Char) else type_name(value)
    if callable(value):
        name = "native-fn"
    raise EvalError(f"{function}: cannot encode {name} as JSON")


def from_json_data(data):
    """Convert parsed JSON data into Sema values (objects get keyword keys)."""
    if isinstance(data, dict):
        return Map((Keyword(key), from_json_data(item)) for key, item in data.items())
    if isinstance(data, list):
        return [from_json_data(item) for item in data]
    return data


@register("json/encode")
def encode(value):
    """Return compact JSON text for ``value``."""
    import json

    return json.dumps(to_json_data(value), ensure_ascii=False, separators=(",", ":"))


@register("json/encode-pretty")
def encode_pretty(value):
    """Return JSON text for ``value`` indented by two spaces."""
    import json

    data = to_json_data(value, "json/encode-pretty")
    return json.dumps(data, ensure_ascii=False, indent=2)


def _reject_constant(name: str):
    raise ValueError(f"expected value, got {name}")


@register("json/decode")
def decode(text):
    """Parse JSON text; raise an error naming the line and column of invalid input."""
    import json

    check_string("json/decode", text)
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise EvalError(
            f"json/decode: parse error at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    except ValueError as exc:
        raise EvalError(f"json/decode: parse error: {exc}") from exc
    return from_json_data(data)
