"""The ``diff/`` namespace: unified diffs of text, and parsing and applying them.

``diff/unified`` compares line by line with :mod:`difflib`, so for
complicated edits its hunks may differ from the reference's (which uses
the Myers algorithm) while describing the same change. A last line without
a newline is marked ``\\ No newline at end of file``.
"""

from __future__ import annotations

import re

from ..errors import EvalError
from ..values import Keyword, Map
from .mod_common import check_int, check_string, register

_NO_NEWLINE = "\\ No newline at end of file"
_HUNK_HEADER = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def _split_keep_ends(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


def _range(start: int, length: int) -> str:
    """Format a hunk range as GNU diff does: ``start`` alone for one line."""
    first = start + 1
    if length == 1:
        return str(first)
    if length == 0:
        first -= 1
    return f"{first},{length}"


def _diff_line(prefix: str, line: str) -> list[str]:
    if line.endswith("\n"):
        return [prefix + line]
    return [prefix + line + "\n", _NO_NEWLINE + "\n"]


@register("diff/unified")
def unified(old, new, context=3):
    """Return a unified diff from ``old`` to ``new`` (``""`` when they are equal)."""
    import difflib

    check_string("diff/unified", old)
    check_string("diff/unified", new)
    check_int("diff/unified", context)
    if context < 0:
        raise EvalError("diff/unified: context must be >= 0")
    old_lines = _split_keep_ends(old)
    new_lines = _split_keep_ends(new)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    output = []
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        old_range = _range(first[1], last[2] - first[1])
        new_range = _range(first[3], last[4] - first[3])
        output.append(f"@@ -{old_range} +{new_range} @@\n")
        for tag, old_start, old_end, new_start, new_end in group:
            if tag == "equal":
                for line in old_lines[old_start:old_end]:
                    output.extend(_diff_line(" ", line))
                continue
            for line in old_lines[old_start:old_end]:
                output.extend(_diff_line("-", line))
            for line in new_lines[new_start:new_end]:
                output.extend(_diff_line("+", line))
    if not output:
        return ""
    return "--- old\n+++ new\n" + "".join(output)


# ---------------------------------------------------------------------------
# Parsing


def _hunk_map(header: str, match: re.Match, lines: list[str]) -> Map:
    old_count = match.group(2)
    new_count = match.group(4)
    return Map(
        {
            Keyword("header"): header,
            Keyword("old-start"): int(match.group(1)),
            Keyword("old-count"): 1 if old_count is None else int(old_count),
            Keyword("new-start"): int(match.group(3)),
            Keyword("new-count"): 1 if new_count is None else int(new_count),
            Keyword("lines"): lines,
        }
    )


def parse_patch(text: str) -> list[dict]:
    """Return the files of a unified diff as ``{"old", "new", "hunks"}`` dicts.

    Hunks that appear before any ``---``/``+++`` header belong to a file
    whose paths are nil.
    """
    files: list[dict] = []
    current_file = None
    current_hunk = None
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        next_line = lines[index + 1] if index + 1 < len(lines) else ""
        if line.startswith("--- ") and next_line.startswith("+++ "):
            current_file = {"old": line[4:], "new": next_line[4:], "hunks": []}
            files.append(current_file)
            current_hunk = None
            index += 2
            continue
        match = _HUNK_HEADER.match(line)
        if match:
            if current_file is None:
                current_file = {"old": None, "new": None, "hunks": []}
                files.append(current_file)
            header = line[: match.end()]
            current_hunk = (header, match, [])
            current_file["hunks"].append(current_hunk)
        elif current_hunk is not None and line[:1] in (" ", "+", "-", "\\"):
            current_hunk[2].append(line)
        elif current_hunk is not None and line == "" and index < len(lines) - 1:
            current_hunk[2].append(" ")
        index += 1
    return files


def _hunk_maps(hunks) -> list[Map]:
    return [_hunk_map(header, match, lines) for header, match, lines in hunks]


@register("diff/parse")
def parse(text):
    """Return ``{:files ({:old-path :new-path :hunks ...})}`` for a unified diff."""
    check_string("diff/parse", text)
    files = [
        Map(
            {
                Keyword("old-path"): entry["old"],
                Keyword("new-path"): entry["new"],
                Keyword("hunks"): _hunk_maps(entry["hunks"]),
            }
        )
        for entry in parse_patch(text)
        if entry["old"] is not None
    ]
    return Map({Keyword("files"): files})


@register("diff/hunks")
def hunks(text):
    """Return every hunk of a unified diff as ``{:header :old-start :old-count ...}``."""
    check_string("diff/hunks", text)
    return [hunk for entry in parse_patch(text) for hunk in _hunk_maps(entry["hunks"])]


@register("diff/stat")
def stat(text):
    """Return ``{:added :removed :hunks}`` counted over the hunks of a unified diff.

    NOTE: the reference also counts the ``---``/``+++`` headers of the
    second and later files as removed and added lines; this counts hunk
    lines only.
    """
    check_string("diff/stat", text)
    added = removed = hunk_count = 0
    for entry in parse_patch(text):
        for _header, _match, lines in entry["hunks"]:
            hunk_count += 1
            added += sum(1 for line in lines if line.startswith("+"))
            removed += sum(1 for line in lines if line.startswith("-"))
    return Map(
        {Keyword("added"): added, Keyword("removed"): removed, Keyword("hunks"): hunk_count}
    )


# ---------------------------------------------------------------------------
# Applying


def _hunk_sides(lines: list[str]) -> tuple[list[str], list[str]]:
    """Return the old and new text lines of a hunk, with their line endings."""
    old: list[str] = []
    new: list[str] = []
    last_sides: tuple = ()
    for line in lines:
        if line.startswith("\\"):
            for side in last_sides:
                if side and side[-1].endswith("\n"):
                    side[-1] = side[-1][:-1]
            continue
        body = line[1:] + "\n"
        if line.startswith(" "):
            old.append(body)
            new.append(body)
            last_sides = (old, new)
        elif line.startswith("-"):
            old.append(body)
            last_sides = (old,)
        elif line.startswith("+"):
            new.append(body)
            last_sides = (new,)
    return old, new


def _find_block(lines: list[str], block: list[str], expected: int) -> int | None:
    """Return where ``block`` occurs in ``lines``, nearest to ``expected``, or None."""
    if not block:
        return min(max(expected, 0), len(lines))
    limit = len(lines) - len(block)
    for distance in range(0, len(lines) + 1):
        for position in (expected - distance, expected + distance):
            if 0 <= position <= limit and lines[position : position + len(block)] == block:
                return position
    return None


@register("diff/apply")
def apply(text, patch):
    """Apply a unified diff to ``text``; a hunk may match a few lines away from its header."""
    check_string("diff/apply", text)
    check_string("diff/apply", patch)
    lines = _split_keep_ends(text)
    offset = 0
    for entry in parse_patch(patch):
        for _header, match, hunk_lines in entry["hunks"]:
            old, new = _hunk_sides(hunk_lines)
            expected = int(match.group(1)) - 1 + offset
            if not old:
                expected += 1
            position = _find_block(lines, old, expected)
            if position is None:
                raise EvalError(
                    "diff/apply: hunk does not apply "
                    f"(context mismatch near old line {match.group(1)})"
                )
            lines[position : position + len(old)] = new
            offset = position - (int(match.group(1)) - 1) + len(new) - len(old)
    return "".join(lines)
