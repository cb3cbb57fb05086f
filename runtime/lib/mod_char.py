"""Characters: the ``char/`` namespace and the Scheme ``char-...`` procedures.

The ``char/`` names are other names for the Scheme ones, as in the
reference, where ``char/upcase`` prints as ``<native-fn char-upcase>``. The
Scheme names are registered here only when no other module has defined
them already.
"""

from __future__ import annotations

from ..errors import EvalError
from ..registry import BUILTINS
from ..values import Char
from ..names import mangle
from .mod_common import check_char, check_int


def _define(name: str, function) -> None:
    """Register ``function`` under the Scheme ``name`` unless it is already defined."""
    if name in BUILTINS:
        return
    function.sema_name = name
    function.__name__ = function.__qualname__ = mangle(name)
    BUILTINS[name] = function


def _predicate(name: str, test):
    def predicate(char):
        return test(check_char(name, char).char)

    return predicate


def _first_char(text: str) -> str:
    """Return the first character of a case mapping (``ß`` upcases to ``S``)."""
    return text[0] if text else text


def _upcase(char):
    return Char(_first_char(check_char("char-upcase", char).char.upper()))


def _downcase(char):
    return Char(_first_char(check_char("char-downcase", char).char.lower()))



def _to_integer(char):
    return ord(check_char("char->integer", char).char)


def _to_string(char):
    return check_char("char->string", char).char


def _from_integer(point):
    check_int("integer->char", point)
    if point < 0 or point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
        raise EvalError(f"integer->char: invalid codepoint {point}")
    return Char(chr(point))


def _comparison(name: str, compare, fold: bool):
    def comparison(left, right):
        left_text = check_char(name, left).char
        right_text = check_char(name, right).char
        if fold:
            left_text = left_text.casefold()
            right_text = right_text.casefold()
        return compare(left_text, right_text)

    return comparison


_PREDICATES = {
    "char-alphabetic?": str.isalpha,
    "char-numeric?": str.isnumeric,
    "char-whitespace?": str.isspace,
    "char-upper-case?": str.isupper,
    "char-lower-case?": str.islower,
}

_COMPARISONS = {
    "=?": lambda a, b: a == b,
    "<?": lambda a, b: a < b,
    ">?": lambda a, b: a > b,
    "<=?": lambda a, b: a <= b,
    ">=?": lambda a, b: a >= b,
}

for _name, _test in _PREDICATES.items():
    _define(_name, _predicate(_name, _test))
for _suffix, _compare in _COMPARISONS.items():
    _define("char" + _suffix, _comparison("char" + _suffix, _compare, False))
    _define("char-ci" + _suffix, _comparison("char-ci" + _suffix, _compare, True))

_define("char-upcase", _upcase)
_define("char-downcase", _downcase)
_define("char->integer", _to_integer)
_define("char->string", _to_string)
_define("integer->char", _from_integer)

# The char/ names are bound to the same functions as the Scheme names.
for _name, _target in {
    "char/alphabetic?": "char-alphabetic?",
    "char/numeric?": "char-numeric?",
    "char/whitespace?": "char-whitespace?",
    "char/upper-case?": "char-upper-case?",
    "char/lower-case?": "char-lower-case?",
    "char/upcase": "char-upcase",
    "char/downcase": "char-downcase",
    "char/to-integer": "char->integer",
    "char/to-string": "char->string",
}.items():
    BUILTINS[_name] = BUILTINS[_target]
