"""Character builtins: classification, case, code points and comparison.

Characters are :class:`~runtime.values.Char`. The comparisons take exactly
two characters, as in the reference. Classification follows Unicode
(``(char-numeric? #\\٣)`` is ``#t``) through Python's ``str`` methods.
"""

from __future__ import annotations

from ..errors import EvalError
from ..values import Char
from .args import check_int, register, type_error


def _check_char(value) -> str:
    if type(value) is not Char:
        raise type_error("char", value)
    return value.char


@register("char->integer")
def char_to_integer(char) -> int:
    return ord(_check_char(char))


@register("integer->char")
def integer_to_char(code) -> Char:
    """Return the character with code point ``code``; surrogates are invalid."""
    check_int(code)
    if code < 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise EvalError(f"integer->char: invalid codepoint {code}")
    return Char(chr(code))


@register("char->string")
def char_to_string(char) -> str:
    return _check_char(char)


def _single_case(text: str, original: str) -> Char:
    """Return the first character of a case mapping; ``ß`` upcases to ``S``."""
    return Char(text[0] if text else original)


@register("char-upcase")
def char_upcase(char) -> Char:
    text = _check_char(char)
    return _single_case(text.upper(), text)


@register("char-downcase")
def char_downcase(char) -> Char:
    text = _check_char(char)
    return _single_case(text.lower(), text)


@register("char-alphabetic?")
def is_char_alphabetic(char) -> bool:
    return _check_char(char).isalpha()


@register("char-numeric?")
def is_char_numeric(char) -> bool:
    return _check_char(char).isnumeric()


@register("char-whitespace?")
def is_char_whitespace(char) -> bool:
    return _check_char(char).isspace()


@register("char-upper-case?")
def is_char_upper_case(char) -> bool:
    return _check_char(char).isupper()


@register("char-lower-case?")
def is_char_lower_case(char) -> bool:
    return _check_char(char).islower()


@register("char=?")
def char_equal(left, right) -> bool:
    return _check_char(left) == _check_char(right)


@register("char<?")
def char_less(left, right) -> bool:
    return _check_char(left) < _check_char(right)


@register("char>?")
def char_greater(left, right) -> bool:
    return _check_char(left) > _check_char(right)


@register("char<=?")
def char_less_equal(left, right) -> bool:
    return _check_char(left) <= _check_char(right)


@register("char>=?")
def char_greater_equal(left, right) -> bool:
    return _check_char(left) >= _check_char(right)


def _folded(char) -> str:
    return _check_char(char).casefold()


@register("char-ci=?")
def char_ci_equal(left, right) -> bool:
    return _folded(left) == _folded(right)


@register("char-ci<?")
def char_ci_less(left, right) -> bool:
    return _folded(left) < _folded(right)


@register("char-ci>?")
def char_ci_greater(left, right) -> bool:
    return _folded(left) > _folded(right)


@register("char-ci<=?")
def char_ci_less_equal(left, right) -> bool:
    return _folded(left) <= _folded(right)


@register("char-ci>=?")
def char_ci_greater_equal(left, right) -> bool:
    return _folded(left) >= _folded(right)
