"""The ``regex/`` namespace, on top of Python's :mod:`re`.

Patterns use the syntax of the reference (Rust's ``regex`` crate). The
parts that Python spells differently are translated: ``(?<name>...)``
groups, ``\\z``, and the Unicode classes ``\\p{L}``, ``\\p{Lu}``,
``\\p{Ll}``, ``\\p{N}`` and ``\\p{Nd}`` (with ``\\P{...}`` negations).
Python also accepts look-around and back-references, which the reference
rejects. Replacement templates use ``$1``, ``$name``, ``${name}`` and
``$$``, as in the reference.

``regex/match`` reports ``:start`` and ``:end`` as UTF-8 byte offsets,
because the reference documents them that way.
"""

from __future__ import annotations

import re

from ..errors import EvalError
from ..values import Keyword, Map
from .mod_common import check_string, register

_UNICODE_CLASSES = {
    "L": r"[^\W\d_]",
    "Letter": r"[^\W\d_]",
    "Lu": None,
    "Ll": None,
    "N": r"\d",
    "Nd": r"\d",
}
_CLASS_REFERENCE = re.compile(r"\\([pP])\{(\w+)\}|\\([pP])([LN])")
_compiled: dict[str, re.Pattern] = {}


def _class_for(name: str, negated: bool) -> str:
    if name == "Lu":
        return r"[^\W\d_a-z]" if not negated else r"[\W\d_a-z]"
    if name == "Ll":
        return r"[^\W\d_A-Z]" if not negated else r"[\W\d_A-Z]"
    positive = _UNICODE_CLASSES.get(name)
    if positive is None:
        raise EvalError(f"invalid regex pattern: unsupported Unicode class \\p{{{name}}}")
    if not negated:
        return positive
    return r"\D" if positive == r"\d" else r"[\W\d_]"


def _translate(pattern: str) -> str:
    """Rewrite the Rust-only spellings of ``pattern`` into Python syntax."""
    pattern = pattern.replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!")
    pattern = re.sub(r"(?<!\\)((?:\\\\)*)\\z", r"\1\\Z", pattern)

    def replace_class(match: re.Match) -> str:
        kind = match.group(1) or match.group(3)
        name = match.group(2) or match.group(4)
        return _class_for(name, kind == "P")

    return _CLASS_REFERENCE.sub(replace_class, pattern)


def compile_pattern(pattern) -> re.Pattern:
    """Compile a reference-syntax pattern, caching the result."""
    found = _compiled.get(pattern)
    if found is not None:
        return found
    try:
        compiled = re.compile(_translate(pattern))
    except re.error as exc:
        raise EvalError(f"invalid regex pattern: regex parse error: {exc}") from exc
    if len(_compiled) > 512:
        _compiled.clear()
    _compiled[pattern] = compiled
    return compiled


def _check(function: str, pattern, text) -> re.Pattern:
    check_string(function, pattern)
    check_string(function, text)
    return compile_pattern(pattern)


_TEMPLATE = re.compile(r"\$(?:\$|\{(\w+)\}|(\w+))")


def _expand(template: str, match: re.Match) -> str:
    """Expand ``$1``, ``$name``, ``${name}`` and ``$$`` in a replacement template.

    As in the reference, a ``$name`` reference takes the longest run of
    letters, digits and ``_``, so ``$1x`` names a group ``1x``, and a group
    that does not exist or did not take part expands to ``""``.
    """

    def substitute(reference: re.Match) -> str:
        name = reference.group(1) or reference.group(2)
        if name is None:
            return "$"
        try:
            group = match.group(int(name) if name.isdigit() else name)
        except IndexError:
            return ""
        return group or ""

    return _TEMPLATE.sub(substitute, template)


def _byte_offset(text: str, index: int) -> int:
    if text.isascii():
        return index
    return len(text[:index].encode("utf-8"))


@register("regex/match?")
def is_match(pattern, text):
    """Return True when ``pattern`` matches anywhere in ``text``."""
    return _check("regex/match?", pattern, text).search(text) is not None


@register("regex/match")
def match(pattern, text):
    """Return ``{:match :groups :start :end}`` for the first match, or nil."""
    found = _check("regex/match", pattern, text).search(text)
    if found is None:
        return None
    return Map(
        {
            Keyword("match"): found.group(0),
            Keyword("groups"): list(found.groups()),
            Keyword("start"): _byte_offset(text, found.start()),
            Keyword("end"): _byte_offset(text, found.end()),
        }
    )


@register("regex/find-all")
def find_all(pattern, text):
    """Return the text of every non-overlapping match."""
    compiled = _check("regex/find-all", pattern, text)
    return [found.group(0) for found in compiled.finditer(text)]


@register("regex/replace")
def replace(pattern, replacement, text):
    """Replace the first match of ``pattern`` in ``text`` with the expanded ``replacement``."""
    compiled = _check("regex/replace", pattern, text)
    check_string("regex/replace", replacement)
    return compiled.sub(lambda found: _expand(replacement, found), text, count=1)


@register("regex/replace-all")
def replace_all(pattern, replacement, text):
    """Replace every match of ``pattern`` in ``text`` with the expanded ``replacement``."""
    compiled = _check("regex/replace-all", pattern, text)
    check_string("regex/replace-all", replacement)
    return compiled.sub(lambda found: _expand(replacement, found), text)


@register("regex/split")
def split(pattern, text):
    """Split ``text`` at each match; an empty match splits between every character."""
    compiled = _check("regex/split", pattern, text)
    parts = []
    start = 0
    for found in compiled.finditer(text):
        parts.append(text[start : found.start()])
        start = found.end()
    parts.append(text[start:])
    return parts
