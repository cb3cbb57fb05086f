"""Finding and removing sensitive text: the ``secret/``, ``pii/`` and ``redact/`` namespaces.

The three share one span format, ``{:type :match :start :end}``, where
``:start`` and ``:end`` are UTF-8 byte offsets as in the reference, so a
span list from ``secret/detect`` or ``pii/detect`` can be passed to
``redact/spans``.

The detectors are heuristics that follow the reference's documented
rules. AWS key ids, JWTs, Slack and GitHub tokens and PEM private-key
headers are matched by their fixed formats. ``key = value`` assignments
need a value of at least 16 characters, and bare blobs at least 32
characters. Both of these must also have a Shannon entropy of at least
3.5 bits per character.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ..values import Keyword, Map
from .mod_common import check_sequence, check_string, register

_ENTROPY_THRESHOLD = 3.5
_PATTERNS = None


def _patterns() -> list[tuple[str, re.Pattern, int | None]]:
    """Return ``(type, pattern, entropy group)`` for each secret detector, compiled once."""
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = [
            ("private-key", re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"), None),
            ("aws-access-key", re.compile(r"AKIA[0-9A-Z]{16}"), None),
            ("jwt", re.compile(r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"), None),
            ("slack-token", re.compile(r"xox[abprs]-[A-Za-z0-9-]+"), None),
            ("github-token", re.compile(r"gh[pousr]_[A-Za-z0-9]{36,}"), None),
            (
                "api-key",
                re.compile(
                    r"(?i)\b(?:api[_-]?key|secret|token|password|passwd|access[_-]?key)"
                    r"\s*[:=]\s*[\"']?([A-Za-z0-9_+/=-]{16,})"
                ),
                1,
            ),
            ("high-entropy", re.compile(r"(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_+/=-]{32,}"), 0),
        ]
    return _PATTERNS


def shannon_entropy(text: str) -> float:
    """Return the Shannon entropy of ``text`` in bits per character."""
    if not text:
        return 0.0
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in Counter(text).values())


def _byte_offset(text: str, index: int) -> int:
    return index if text.isascii() else len(text[:index].encode("utf-8"))


def _span(kind: str, text: str, start: int, end: int) -> Map:
    return Map(
        {
            Keyword("type"): kind,
            Keyword("match"): text[start:end],
            Keyword("start"): _byte_offset(text, start),
            Keyword("end"): _byte_offset(text, end),
        }
    )


def _without_overlaps(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the earliest of overlapping matches; at one position the longest wins."""
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda item: (item[0], -item[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, kind))
    return kept


def _find_secrets(text: str) -> list[tuple[int, int, str]]:
    found = []
    for kind, pattern, entropy_group in _patterns():
        for match in pattern.finditer(text):
            if entropy_group is not None:
                if shannon_entropy(match.group(entropy_group)) < _ENTROPY_THRESHOLD:
                    continue
            found.append((match.start(), match.end(), kind))
    return _without_overlaps(found)


@register("secret/detect")
def detect_secrets(text):
    """Return a span map for each credential found in ``text``, in order."""
    check_string("secret/detect", text)
    return [_span(kind, text, start, end) for start, end, kind in _find_secrets(text)]


@register("secret/redact")
def redact_secrets(text):
    """Replace each credential found in ``text`` by ``«redacted:TYPE»``."""
    check_string("secret/redact", text)
    parts = []
    position = 0
    for start, end, kind in _find_secrets(text):
        parts.append(text[position:start])
        parts.append(f"«redacted:{kind}»")
        position = end
    parts.append(text[position:])
    return "".join(parts)


# ---------------------------------------------------------------------------
# pii/

_PII_PATTERNS = None


def _pii_patterns() -> list[tuple[str, re.Pattern]]:
    global _PII_PATTERNS
    if _PII_PATTERNS is None:
        octet = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
        _PII_PATTERNS = [
            ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
            ("ipv4", re.compile(rf"\b{octet}(?:\.{octet}){{3}}\b")),
            (
                "phone",
                re.compile(
                    r"(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-]?)\d{3}[ .-]?\d{4}(?!\d)"
                ),
            ),
        ]
    return _PII_PATTERNS


@register("pii/detect")
def detect_pii(text):
    """Return a span map for each email address, IPv4 address and US phone number in ``text``."""
    check_string("pii/detect", text)
    found = []
    for kind, pattern in _pii_patterns():
        found.extend((match.start(), match.end(), kind) for match in pattern.finditer(text))
    return [_span(kind, text, start, end) for start, end, kind in _without_overlaps(found)]


# ---------------------------------------------------------------------------
# redact/


@register("redact/spans")
def redact_spans(text, spans):
    """Replace each ``{:start :end}`` byte range of ``text`` by ``«redacted»``.

    Ranges are taken in order of ``:start``. A range that is empty,
    reversed or overlaps an earlier one is skipped, and an ``:end`` past
    the text is cut to its length.
    """
    check_string("redact/spans", text)
    check_sequence("redact/spans", spans)
    data = text.encode("utf-8")
    ranges = []
    for span in spans:
        if not isinstance(span, dict):
            continue
        start = span.get(Keyword("start"))
        end = span.get(Keyword("end"))
        if isinstance(start, int) and isinstance(end, int):
            ranges.append((max(0, start), min(end, len(data))))
    parts = []
    position = 0
    for start, end in sorted(ranges):
        if start >= end or start < position:
            continue
        parts.append(data[position:start].decode("utf-8", errors="replace"))
        parts.append("«redacted»")
        position = end
    parts.append(data[position:].decode("utf-8", errors="replace"))
    return "".join(parts)
