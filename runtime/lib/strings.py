"""String builtins: building, slicing, case, splitting, conversion and ``format``.

Strings are Python ``str``, indexed by code point as in the reference
(``(string-length "héllo")`` is 5). ``str``, ``string-append`` and
``format``'s ``~a`` use the display form, where a string argument is
inserted raw and a character prints as ``#\\a``.

Several Scheme names are other names for a ``string/`` builtin in the
reference and report errors under that name: ``string-upcase`` is
``string/upper`` and ``make-string`` is ``string/repeat``.
"""

from __future__ import annotations

from ..errors import EvalError, SemaTypeError, type_name
from ..printer import display_string, write_string
from ..values import Char, Keyword, Symbol
from .args import check_int, check_string, register, type_error


def _argument_error(
    function: str, position: int, expected: str, value
) -> SemaTypeError:
    """Return an error worded ``substring argument 1 expected string, got int``."""
    message = (
        f"{function} argument {position} expected {expected}, got {type_name(value)}"
    )
    return SemaTypeError(expected, value, message=message)


def _check_string_argument(function: str, position: int, value) -> str:
    if type(value) is not str:
        raise _argument_error(function, position, "string", value)
    return value


# -- building --------------------------------------------------------------


@register("str")
def str_(*values) -> str:
    """Concatenate display forms: ``(str 1.0 nil "s")`` is ``"1.0nils"``."""
    return "".join(
        [value if type(value) is str else display_string(value) for value in values]
    )


@register("string-append")
def string_append(*values) -> str:
    """Concatenate like ``str``, because the reference accepts any value here too."""
    if len(values) == 2 and type(values[0]) is str and type(values[1]) is str:
        return values[0] + values[1]
    return "".join(
        [value if type(value) is str else display_string(value) for value in values]
    )


@register("string/repeat", "make-string")
def string_repeat(text, count) -> str:
    """Repeat ``text`` ``count`` times; ``make-string`` shares this argument order."""
    check_string(text)
    check_int(count)
    return text * count if count > 0 else ""


@register("list->string")
def list_to_string(chars) -> str:
    if type(chars) is not list:
        raise type_error("list", chars)
    parts = []
    for char in chars:
        if type(char) is not Char:
            raise type_error("char", char)
        parts.append(char.char)
    return "".join(parts)


@register("string->list")
def string_to_list(text) -> list:
    return [Char(char) for char in check_string(text)]


# -- access ----------------------------------------------------------------


@register("string-length")
def string_length(text) -> int:
    return len(check_string(text))


@register("string-ref")
def string_ref(text, index) -> Char:
    check_string(text)
    check_int(index)
    if index < 0:
        raise EvalError(f"string-ref: index {index} must be non-negative")
    if index >= len(text):
        raise EvalError(
            f"string-ref: index {index} out of bounds (string length {len(text)})"
        )
    return Char(text[index])


@register("substring")
def substring(text, start, end=None) -> str:
    """Return the characters from ``start`` up to, not including, ``end``."""
    _check_string_argument("substring", 1, text)
    if type(start) is not int:
        raise _argument_error("substring", 2, "int", start)
    if end is None:
        end = len(text)
    elif type(end) is not int:
        raise _argument_error("substring", 3, "int", end)
    if start < 0:
        raise EvalError(f"substring: start index {start} must be non-negative")
    if end < 0:
        raise EvalError(f"substring: end index {end} must be non-negative")
    if start > end or end > len(text):
        raise EvalError("substring: index out of bounds")
    return text[start:end]


# -- case, trimming, splitting ---------------------------------------------


@register("string/upper", "string-upcase")
def string_upper(text) -> str:
    return _check_string_argument("string/upper", 1, text).upper()


@register("string/lower", "string-downcase")
def string_lower(text) -> str:
    return _check_string_argument("string/lower", 1, text).lower()


@register("string/trim", "string-trim")
def string_trim(text) -> str:
    return _check_string_argument("string/trim", 1, text).strip()


@register("string/split", "string-split")
def string_split(text, separator) -> list:
    """Split at every occurrence of ``separator``.

    An empty separator splits between characters and, as in the reference,
    yields an empty string at both ends: ``(string/split "ab" "")`` is
    ``("" "a" "b" "")``.
    """
    _check_string_argument("string/split", 1, text)
    _check_string_argument("string/split", 2, separator)
    if separator == "":
        return ["", *text, ""]
    return text.split(separator)


@register("string/join", "string-join")
def string_join(items, separator) -> str:
    """Join the display forms of a list or vector's elements with ``separator``."""
    check_string(separator)
    if not isinstance(items, list):
        raise type_error("list or vector", items)
    try:
        return separator.join(items)
    except TypeError:  # not all strings: join their display forms
        return separator.join(
            [item if type(item) is str else display_string(item) for item in items]
        )


@register("string-ci=?")
def string_ci_equal(left, right) -> bool:
    check_string(left)
    check_string(right)
    return left.casefold() == right.casefold()


# -- symbols, keywords, chars ----------------------------------------------


@register("string->symbol")
def string_to_symbol(text) -> Symbol:
    return Symbol(check_string(text))


@register("symbol->string")
def symbol_to_string(value) -> str:
    if not isinstance(value, Symbol):
        raise type_error("symbol", value)
    return value.name


@register("string->keyword")
def string_to_keyword(text) -> Keyword:
    """Return the keyword named ``text``; a leading ``:`` is kept (``::a``)."""
    return Keyword(check_string(text))


@register("keyword->string")
def keyword_to_string(value) -> str:
    if type(value) is not Keyword:
        raise type_error("keyword", value)
    return value.name


@register("string->char")
def string_to_char(text) -> Char:
    check_string(text)
    if not text:
        raise EvalError("string->char: empty string")
    if len(text) != 1:
        raise EvalError("string->char: string must have exactly one character")
    return Char(text)


# -- format ----------------------------------------------------------------


@register("format")
def format_(template, *args) -> str:
    """Fill ``template``'s directives from ``args``.

    ``~a`` inserts the display form and ``~s`` the written form of the
    next argument (nothing once the arguments run out), ``~%`` a newline
    and ``~~`` a tilde. Any other ``~x`` is copied unchanged, as the
    reference does; extra arguments are ignored.
    """
    check_string(template)
    parts = []
    remaining = iter(args)
    index = 0
    length = len(template)
    while index < length:
        char = template[index]
        directive = template[index + 1 : index + 2].lower()
        if char != "~" or not directive:
            parts.append(char)
            index += 1
            continue
        if directive == "a":
            parts.append(_next_text(remaining, display_string))
        elif directive == "s":
            parts.append(_next_text(remaining, write_string))
        elif directive == "%":
            parts.append("\n")
        elif directive == "~":
            parts.append("~")
        else:
            parts.append(template[index : index + 2])
        index += 2
    return "".join(parts)


def _next_text(remaining, render) -> str:
    for value in remaining:
        return render(value)
    return ""
