"""The ``text/`` namespace: cleaning and chunking prose, for example before an LLM call.

Lengths and sizes count Unicode code points.
"""

from __future__ import annotations

import re

from ..values import Keyword
from .mod_common import check_int, check_string, is_int, register

_CHUNK_SEPARATORS = ("\n\n", "\n", ". ", " ")
_DEFAULT_CHUNK_SIZE = 1000
_DEFAULT_CHUNK_OVERLAP = 200


def _option(options, name: str, default):
    """Return an integer option from an options map, or ``default``."""
    if not isinstance(options, dict):
        return default
    value = options.get(Keyword(name))
    return value if is_int(value) else default


# ---------------------------------------------------------------------------
# Chunking


def _hard_split(text: str, size: int, overlap: int) -> list[str]:
    """Cut ``text`` into windows of ``size`` characters that overlap by ``overlap``."""
    if size <= 0:
        return [text]
    step = size - overlap if 0 < overlap < size else size
    return [text[start : start + size] for start in range(0, len(text), step)]


def _add_overlap(chunks: list[str], size: int, overlap: int) -> list[str]:
    """Prefix each chunk with the last ``overlap`` characters of the chunk before it."""
    if not 0 < overlap < size:
        return chunks
    result = chunks[:1]
    for previous, chunk in zip(chunks, chunks[1:]):
        result.append(previous[-overlap:] + chunk)
    return result


def split_recursively(
    text: str, size: int, overlap: int, separators=_CHUNK_SEPARATORS
) -> list[str]:
    """Split ``text`` into chunks of at most ``size`` characters.

    The first separator found in the text (paragraph, line, sentence,
    word) splits it. Neighbouring pieces are joined again while they fit.
    A piece that is still too long is split with the next separators, down
    to fixed-size windows. Each level then prefixes every chunk with
    the tail of the previous one, ``overlap`` characters long, as the
    reference does.
    """
    if len(text) <= size:
        return [text]
    for index, separator in enumerate(separators):
        if separator in text:
            break
    else:
        return _hard_split(text, size, overlap)
    remaining = separators[index + 1 :]
    chunks: list[str] = []
    current: str | None = None
    for piece in text.split(separator):
        if len(piece) > size:
            if current is not None:
                chunks.append(current)
                current = None
            chunks.extend(split_recursively(piece, size, overlap, remaining))
        elif current is None:
            current = piece
        elif len(current) + len(separator) + len(piece) <= size:
            current += separator + piece
        else:
            chunks.append(current)
            current = piece
    if current is not None:
        chunks.append(current)
    return _add_overlap(chunks, size, overlap)


@register("text/chunk")
def chunk(text, options=None):
    """Split ``text`` into chunks; options ``{:size 1000 :overlap 200}``.

    Chunks that are empty or only whitespace are dropped.
    """
    check_string("text/chunk", text)
    size = _option(options, "size", _DEFAULT_CHUNK_SIZE)
    overlap = _option(options, "overlap", _DEFAULT_CHUNK_OVERLAP)
    return [part for part in split_recursively(text, size, overlap) if part.strip()]


@register("text/chunk-by-separator")
def chunk_by_separator(text, separator):
    """Split at ``separator``, dropping empty pieces; ``""`` splits into characters."""
    check_string("text/chunk-by-separator", text)
    check_string("text/chunk-by-separator", separator)
    pieces = list(text) if separator == "" else text.split(separator)
    return [piece for piece in pieces if piece]


# ---------------------------------------------------------------------------
# Cleaning


@register("text/clean-whitespace")
def clean_whitespace(text):
    """Collapse every run of whitespace to one space and trim the ends."""
    return " ".join(check_string("text/clean-whitespace", text).split())


@register("text/normalize-newlines")
def normalize_newlines(text):
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n``."""
    check_string("text/normalize-newlines", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


_ENTITIES = (
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", '"'),
    ("&#39;", "'"),
    ("&apos;", "'"),
    ("&nbsp;", " "),
    ("&amp;", "&"),
)


@register("text/strip-html")
def strip_html(text):
    """Remove tags (everything from ``<`` to ``>``) and decode the common entities.

    Only ``&lt; &gt; &quot; &#39; &apos; &nbsp; &amp;`` are decoded, and
    ``&nbsp;`` becomes a plain space. A ``>`` outside a tag is dropped too.
    """
    check_string("text/strip-html", text)
    kept = []
    inside_tag = False
    for char in text:
        if char == "<":
            inside_tag = True
        elif char == ">":
            inside_tag = False
        elif not inside_tag:
            kept.append(char)
    result = "".join(kept)
    for entity, replacement in _ENTITIES:
        result = result.replace(entity, replacement)
    return result


@register("text/trim-indent")
def trim_indent(text):
    """Remove the indentation common to all lines that are not blank."""
    check_string("text/trim-indent", text)
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    if not indents:
        return text
    common = min(indents)
    return "\n".join(line[common:] for line in lines)


# ---------------------------------------------------------------------------
# Excerpts and counts

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@register("text/split-sentences")
def split_sentences(text):
    """Split after ``.``, ``!`` or ``?`` followed by whitespace."""
    check_string("text/split-sentences", text)
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


@register("text/word-count")
def word_count(text):
    return len(check_string("text/word-count", text).split())


@register("text/truncate")
def truncate(text, limit, omission="..."):
    """Cut ``text`` to ``limit`` characters, the last of them being ``omission``.

    The omission is kept whole even when it is longer than ``limit``.
    """
    check_string("text/truncate", text)
    check_int("text/truncate", limit)
    check_string("text/truncate", omission)
    if limit < 0 or len(text) <= limit:
        return text
    return text[: max(0, limit - len(omission))] + omission


@register("text/excerpt")
def excerpt(text, query, options=None):
    """Return the text around the first match of ``query`` (ignoring case), or nil.

    Options: ``:radius`` characters kept on each side (default 100) and
    ``:omission`` marking a cut end (default ``"..."``).
    """
    check_string("text/excerpt", text)
    check_string("text/excerpt", query)
    radius = _option(options, "radius", 100)
    omission = "..."
    if isinstance(options, dict) and isinstance(options.get(Keyword("omission")), str):
        omission = options[Keyword("omission")]
    index = text.lower().find(query.lower())
    if index < 0:
        return None
    start = max(0, index - radius)
    end = min(len(text), index + len(query) + radius)
    prefix = omission if start > 0 else ""
    suffix = omission if end < len(text) else ""
    return prefix + text[start:end] + suffix
