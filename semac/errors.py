"""Compiler errors, in two tiers.

:class:`SemacError` and its subclasses are *user* errors: the program is
wrong. They carry the file, line, column and source line, and print like
Python's ``SyntaxError`` with a caret under the place. Anything else raised
while compiling is a bug in semac and is wrapped in :class:`InternalError`
so that the two are never confused.
"""

from __future__ import annotations


class SemacError(Exception):
    """A user error located in a source file."""

    label = "error"

    def __init__(
        self,
        message: str,
        filename: str | None = None,
        line: int | None = None,
        column: int | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename or "<string>"
        self.line = line
        self.column = column
        self.source = source

    def source_line(self) -> str | None:
        if self.source is None or not self.line:
            return None
        lines = self.source.splitlines()
        if 0 < self.line <= len(lines):
            return lines[self.line - 1]
        return None

    def __str__(self) -> str:
        place = self.filename
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        text = f"{place}: {self.label}: {self.message}"
        line = self.source_line()
        if line is not None:
            text += "\n    " + line.expandtabs(1)
            if self.column:
                text += "\n    " + " " * (self.column - 1) + "^"
        return text


class ReadError(SemacError):
    """The text is not a well-formed Sema program."""

    label = "read error"


class CompileError(SemacError):
    """A well-formed program uses a special form or macro incorrectly."""

    label = "compile error"


class InternalError(Exception):
    """A bug in semac itself, raised while compiling a given place."""
