"""The ``string/`` namespace, except the five core names.

``string/upper``, ``string/lower``, ``string/split``, ``string/join`` and
``string/trim`` live in :mod:`runtime.lib.strings`. Indexes and lengths
count Unicode code points; ``string/width`` and the functions built on it
count terminal columns instead.
"""

from __future__ import annotations

import re

from ..errors import EvalError, SemaTypeError, type_name
from ..values import Char, Keyword
from .mod_common import (
    alias,
    check_function,
    check_int,
    check_non_negative,
    check_sequence,
    check_string,
    register,
)


# ---------------------------------------------------------------------------
# Searching and slicing around a separator


@register("string/after")
def after(text, separator):
    check_string("string/after", text)
    check_string("string/after", separator)
    index = text.find(separator)
    return text if index < 0 else text[index + len(separator) :]


@register("string/after-last")
def after_last(text, separator):
    check_string("string/after-last", text)
    check_string("string/after-last", separator)
    index = text.rfind(separator)
    return text if index < 0 else text[index + len(separator) :]


@register("string/before")
def before(text, separator):
    check_string("string/before", text)
    check_string("string/before", separator)
    index = text.find(separator)
    return text if index < 0 else text[:index]


@register("string/before-last")
def before_last(text, separator):
    check_string("string/before-last", text)
    check_string("string/before-last", separator)
    index = text.rfind(separator)
    return text if index < 0 else text[:index]


@register("string/between")
def between(text, start, end):
    """Return the text after the first ``start`` up to the next ``end``.

    Without ``start`` the result is ``""``; without a following ``end`` it
    runs to the end of ``text``.
    """
    for value in (text, start, end):
        check_string("string/between", value)
    index = text.find(start)
    if index < 0:
        return ""
    rest = text[index + len(start) :]
    stop = rest.find(end)
    return rest if stop < 0 else rest[:stop]


@register("string/index-of")
def index_of(text, needle, start=0):
    check_string("string/index-of", text)
    check_string("string/index-of", needle)
    check_non_negative("string/index-of", start)
    if start > len(text):
        return None
    index = text.find(needle, start)
    return None if index < 0 else index


@register("string/last-index-of")
def last_index_of(text, needle):
    check_string("string/last-index-of", text)
    check_string("string/last-index-of", needle)
    index = text.rfind(needle)
    return None if index < 0 else index


@register("string/contains?")
def contains(text, needle):
    check_string("string/contains?", text)
    check_string("string/contains?", needle)
    return needle in text


@register("string/starts-with?")
def starts_with(text, prefix):
    check_string("string/starts-with?", text)
    check_string("string/starts-with?", prefix)
    return text.startswith(prefix)


@register("string/ends-with?")
def ends_with(text, suffix):
    check_string("string/ends-with?", text)
    check_string("string/ends-with?", suffix)
    return text.endswith(suffix)


@register("string/take")
def take(text, count):
    """Return the first ``count`` characters, or the last ``-count`` when negative."""
    check_string("string/take", text)
    check_int("string/take", count)
    if count >= 0:
        return text[:count]
    return text[count:]


# ---------------------------------------------------------------------------
# Adding and removing affixes


@register("string/chop-start")
def chop_start(text, prefix):
    check_string("string/chop-start", text)
    check_string("string/chop-start", prefix)
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


@register("string/chop-end")
def chop_end(text, suffix):
    check_string("string/chop-end", text)
    check_string("string/chop-end", suffix)
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text


@register("string/ensure-start")
def ensure_start(text, prefix):
    check_string("string/ensure-start", text)
    check_string("string/ensure-start", prefix)
    return text if text.startswith(prefix) else prefix + text


@register("string/ensure-end")
def ensure_end(text, suffix):
    check_string("string/ensure-end", text)
    check_string("string/ensure-end", suffix)
    return text if text.endswith(suffix) else text + suffix


@register("string/wrap")
def wrap(text, left, right=None):
    """Surround ``text`` with ``left`` and ``right`` (``right`` defaults to ``left``)."""
    check_string("string/wrap", text)
    check_string("string/wrap", left)
    right = left if right is None else check_string("string/wrap", right)
    return left + text + right


@register("string/unwrap")
def unwrap(text, left, right=None):
    """Remove ``left`` and ``right`` from the ends of ``text`` when both are there."""
    check_string("string/unwrap", text)
    check_string("string/unwrap", left)
    right = left if right is None else check_string("string/unwrap", right)
    if (
        len(text) >= len(left) + len(right)
        and text.startswith(left)
        and text.endswith(right)
    ):
        return text[len(left) : len(text) - len(right)]
    return text


def _pad_fill(function: str, text, width, fill) -> tuple[str, int]:
    check_string(function, text)
    check_int(function, width)
    if width < 0:
        raise EvalError(f"string/pad: expected a non-negative integer, got {width}")
    fill_char = " "
    if fill is not None:
        check_string(function, fill)
        if fill:
            fill_char = fill[0]
    return fill_char, max(0, width - len(text))


@register("string/pad-left")
def pad_left(text, width, fill=None):
    """Pad on the left to ``width`` characters with the first character of ``fill``."""
    fill_char, missing = _pad_fill("string/pad-left", text, width, fill)
    return fill_char * missing + text


@register("string/pad-right")
def pad_right(text, width, fill=None):
    """Pad on the right to ``width`` characters with the first character of ``fill``."""
    fill_char, missing = _pad_fill("string/pad-right", text, width, fill)
    return text + fill_char * missing


# ---------------------------------------------------------------------------
# Replacing, repeating, reversing


@register("string/replace")
def replace(text, old, new):
    for value in (text, old, new):
        check_string("string/replace", value)
    return text.replace(old, new)


@register("string/replace-first")
def replace_first(text, old, new):
    for value in (text, old, new):
        check_string("string/replace-first", value)
    return text.replace(old, new, 1)


@register("string/replace-last")
def replace_last(text, old, new):
    for value in (text, old, new):
        check_string("string/replace-last", value)
    index = text.rfind(old)
    if index < 0:
        return text
    return text[:index] + new + text[index + len(old) :]


@register("string/remove")
def remove(text, part):
    check_string("string/remove", text)
    check_string("string/remove", part)
    return text.replace(part, "") if part else text


@register("string/repeat")
def repeat(text, count):
    check_string("string/repeat", text)
    check_non_negative("string/repeat", count)
    return text * count


@register("string/reverse")
def reverse(text):
    check_string("string/reverse", text)
    return text[::-1]


@register("string/map")
def map_chars(function, text):
    """Apply ``function`` to each character; it must return a character or a string."""
    check_function("string/map", function)
    check_string("string/map", text)
    parts = []
    for char in text:
        result = function(Char(char))
        if isinstance(result, Char):
            parts.append(result.char)
        elif isinstance(result, str):
            parts.append(result)
        else:
            raise SemaTypeError(
                "char or string",
                result,
                message=f"string/map: expected char or string, got {type_name(result)}",
            )
    return "".join(parts)


# ---------------------------------------------------------------------------
# Characters, code points and bytes


@register("string/chars")
def chars(text):
    check_string("string/chars", text)
    return [Char(char) for char in text]


@register("string/codepoints")
def codepoints(text):
    check_string("string/codepoints", text)
    return [ord(char) for char in text]


@register("string/from-codepoints")
def from_codepoints(points):
    check_sequence("string/from-codepoints", points)
    parts = []
    for point in points:
        check_int("string/from-codepoints", point)
        if point < 0 or point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
            raise EvalError(f"string/from-codepoints: invalid codepoint {point}")
        parts.append(chr(point))
    return "".join(parts)


@register("string/byte-length")
def byte_length(text):
    """Return the length of ``text`` in UTF-8 bytes."""
    check_string("string/byte-length", text)
    return len(text.encode("utf-8"))


@register("string/empty?")
def is_empty(text):
    check_string("string/empty?", text)
    return text == ""


@register("string/intern")
def intern(text):
    check_string("string/intern", text)
    return text


# ---------------------------------------------------------------------------
# Lines and words


@register("string/lines")
def lines(text):
    """Split at ``\\n``, dropping a ``\\r`` before it and a final empty line."""
    check_string("string/lines", text)
    if not text:
        return []
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return [part[:-1] if part.endswith("\r") else part for part in parts]


@register("string/words")
def words(text):
    """Split at runs of spaces (tabs and newlines stay inside words)."""
    check_string("string/words", text)
    return [word for word in text.split(" ") if word]


@register("string/trim-left")
def trim_left(text):
    check_string("string/trim-left", text)
    return text.lstrip()


@register("string/trim-right")
def trim_right(text):
    check_string("string/trim-right", text)
    return text.rstrip()


# ---------------------------------------------------------------------------
# Case conversion

_CASE_SEPARATORS = re.compile(r"[ \-_.]+")


def _split_case_words(text: str) -> list[str]:
    """Split an identifier-like string into words for the case converters.

    Words are separated by spaces, ``-``, ``_`` and ``.``, and inside a
    word at a lower-to-upper change (``helloWorld``) or before the last
    capital of an acronym (``XMLHttp`` gives ``XML``, ``Http``). Digits stay
    with the letters before them.
    """
    result = []
    for chunk in _CASE_SEPARATORS.split(text):
        if not chunk:
            continue
        current = chunk[0]
        for index in range(1, len(chunk)):
            char = chunk[index]
            previous = chunk[index - 1]
            following = chunk[index + 1] if index + 1 < len(chunk) else ""
            boundary = char.isupper() and (
                previous.islower()
                or previous.isdigit()
                or (previous.isupper() and following.islower())
            )
            if boundary:
                result.append(current)
                current = char
            else:
                current += char
        result.append(current)
    return result


def _capitalize_word(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


@register("string/camel-case")
def camel_case(text):
    check_string("string/camel-case", text)
    words_found = _split_case_words(text)
    if not words_found:
        return ""
    return words_found[0].lower() + "".join(_capitalize_word(w) for w in words_found[1:])


@register("string/pascal-case")
def pascal_case(text):
    check_string("string/pascal-case", text)
    return "".join(_capitalize_word(word) for word in _split_case_words(text))


@register("string/snake-case")
def snake_case(text):
    check_string("string/snake-case", text)
    return "_".join(word.lower() for word in _split_case_words(text))


@register("string/kebab-case")
def kebab_case(text):
    check_string("string/kebab-case", text)
    return "-".join(word.lower() for word in _split_case_words(text))


@register("string/headline")
def headline(text):
    check_string("string/headline", text)
    return " ".join(_capitalize_word(word) for word in _split_case_words(text))


@register("string/title-case")
def title_case(text):
    """Capitalize each whitespace-separated word, lowering the rest of it."""
    check_string("string/title-case", text)
    return " ".join(_capitalize_word(word) for word in text.split())


@register("string/capitalize")
def capitalize(text):
    check_string("string/capitalize", text)
    return _capitalize_word(text)


@register("string/foldcase")
def foldcase(text):
    check_string("string/foldcase", text)
    return text.casefold()


@register("string/normalize")
def normalize(text, form):
    """Apply Unicode normalization ``form``: ``:nfc``, ``:nfd``, ``:nfkc`` or ``:nfkd``."""
    import unicodedata

    check_string("string/normalize", text)
    if isinstance(form, Keyword):
        name = form.name
    elif isinstance(form, str):
        name = form
    else:
        raise SemaTypeError(
            "string or keyword",
            form,
            message=f"string/normalize: expected string or keyword, got {type_name(form)}",
        )
    upper = name.upper()
    if upper not in ("NFC", "NFD", "NFKC", "NFKD"):
        raise EvalError(f'string/normalize: unknown form "{name}"')
    return unicodedata.normalize(upper, text)


# ---------------------------------------------------------------------------
# Numbers in strings

_NUMBER_TEXT = re.compile(
    r"-?\d+(?:/\d+|\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+)?\Z"
)
_SPECIAL_FLOATS = {"inf", "+inf", "-inf", "nan", "+nan", "-nan"}
_RADIX_DIGITS = {"x": 16, "b": 2, "o": 8, "d": 10}


def is_number_text(text: str) -> bool:
    """Return True when ``text``, trimmed, reads as a Sema number."""
    text = text.strip()
    if text.lower() in _SPECIAL_FLOATS:
        return True
    if len(text) > 2 and text[0] == "#":
        prefix = text[1].lower()
        rest = text[2:]
        if prefix in "ei":
            return is_number_text(rest)
        base = _RADIX_DIGITS.get(prefix)
        if base is None:
            return False
        try:
            int(rest, base)
        except ValueError:
            return False
        return "_" not in rest and not rest.startswith("+")
    match = _NUMBER_TEXT.match(text)
    if not match:
        return False
    if "/" in text:
        return int(text.split("/")[1]) != 0
    return True


@register("string/number?")
def is_number_string(text):
    check_string("string/number?", text)
    return is_number_text(text)


# ---------------------------------------------------------------------------
# Display width

_ZERO_WIDTH_FORMAT_EXCEPTIONS = frozenset(
    [0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x08E2, 0x110BD]
)


def char_width(char: str) -> int:
    """Return the terminal columns of one character: 0, 1 or 2.

    Combining marks, format characters, Hangul medial and final jamo and
    ``\\n`` take no column. East Asian wide and fullwidth characters take
    two. Every other character, control characters included, takes one.
    """
    import unicodedata

    point = ord(char)
    if char == "\n":
        return 0
    if point < 0x7F:
        return 1
    category = unicodedata.category(char)
    if category in ("Mn", "Me"):
        return 0
    if category == "Cf" and point not in _ZERO_WIDTH_FORMAT_EXCEPTIONS:
        return 0
    if 0x1160 <= point <= 0x11FF:
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def text_width(text: str) -> int:
    """Return the terminal columns of ``text``; a character joined by U+200D adds none."""
    total = 0
    after_joiner = False
    for char in text:
        width = char_width(char)
        if after_joiner and width:
            width = 0
        after_joiner = char == "\u200d"
        total += width
    return total


@register("string/width")
def width(text):
    check_string("string/width", text)
    return text_width(text)


def _take_width(text: str, limit: int) -> str:
    """Return the longest prefix of ``text`` that fits in ``limit`` columns."""
    used = 0
    for index, char in enumerate(text):
        used += char_width(char)
        if used > limit:
            return text[:index]
    return text


@register("string/truncate-width")
def truncate_width(text, limit, ellipsis=""):
    """Cut ``text`` to ``limit`` columns, ending with ``ellipsis`` when it was cut."""
    check_string("string/truncate-width", text)
    check_non_negative("string/truncate-width", limit)
    check_string("string/truncate-width", ellipsis)
    if text_width(text) <= limit:
        return text
    ellipsis_width = text_width(ellipsis)
    if ellipsis_width >= limit:
        return _take_width(ellipsis, limit)
    return _take_width(text, limit - ellipsis_width) + ellipsis


def _split_to_width(word: str, limit: int) -> list[str]:
    pieces = []
    while text_width(word) > limit:
        piece = _take_width(word, limit) or word[0]
        pieces.append(piece)
        word = word[len(piece) :]
    pieces.append(word)
    return pieces


def _wrap_paragraph(paragraph: str, limit: int) -> list[str]:
    result: list[str] = []
    current = ""
    for word in paragraph.split():
        if current and text_width(current) + 1 + text_width(word) <= limit:
            current += " " + word
            continue
        if current:
            result.append(current)
        pieces = _split_to_width(word, limit) if limit > 0 else [word]
        result.extend(pieces[:-1])
        current = pieces[-1]
    result.append(current)
    return result


@register("string/word-wrap")
def word_wrap(text, limit):
    """Wrap each line of ``text`` at word boundaries to ``limit`` columns.

    Words wider than the limit are broken; a limit of 0 puts each word on
    its own line.
    """
    check_string("string/word-wrap", text)
    check_non_negative("string/word-wrap", limit)
    result = []
    for paragraph in text.split("\n"):
        result.extend(_wrap_paragraph(paragraph, limit))
    return result


# ---------------------------------------------------------------------------
# Other names for core builtins; the reference binds both to one function.

for _name, _target in {
    "string/append": "string-append",
    "string/length": "string-length",
    "string/ref": "string-ref",
    "string/slice": "substring",
    "string/to-char": "string->char",
    "string/to-float": "string->float",
    "string/to-keyword": "string->keyword",
    "string/to-list": "string->list",
    "string/to-number": "string->number",
    "string/to-symbol": "string->symbol",
    "string/to-utf8": "string->utf8",
    "number/to-string": "number->string",
    "keyword/to-string": "keyword->string",
    "symbol/to-string": "symbol->string",
    "integer/to-char": "integer->char",
    "utf8/to-string": "utf8->string",
}.items():
    alias(_name, _target)
