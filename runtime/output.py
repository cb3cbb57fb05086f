"""Line endings that a capturing host can tell apart from newlines in text.

The reference interpreter reports a program's output as the lines ended by
``newline`` and ``println``: ``(display "a\\nb")`` then ``(newline)`` is
one line holding a newline. Builtins therefore end a line with
:func:`end_line`, which calls ``end_line()`` on the stream when it has one
(``semac eval --jsonl`` captures output that way) and writes ``"\\n"``
otherwise.
"""

from __future__ import annotations

import sys


def end_line() -> None:
    stream = sys.stdout
    marker = getattr(stream, "end_line", None)
    if marker is not None:
        marker()
    else:
        stream.write("\n")


class LineCapture:
    """A text stream that records output as the reference does: one entry per ended line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def write(self, text: str) -> int:
        self.current.append(text)
        return len(text)

    def end_line(self) -> None:
        self.lines.append("".join(self.current))
        self.current = []

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def result(self) -> list[str]:
        """Return all ended lines, plus the unfinished last one when it contains any text."""
        tail = "".join(self.current)
        return self.lines + ([tail] if tail else [])
