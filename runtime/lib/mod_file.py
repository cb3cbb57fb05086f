"""The ``file/`` namespace: reading, writing and listing files.

Text is read and written as UTF-8. Failures raise an ``:io`` error whose
message names the function, the path and the operating system's reason,
such as ``file/read data.txt: No such file or directory``.
"""

from __future__ import annotations

import os

from ..errors import IOErrorSema
from ..printer import display_string
from ..values import Keyword, Map
from .mod_common import check_function, check_sequence, check_string, register, type_error


def _io_error(function: str, path: str, exc: OSError) -> IOErrorSema:
    reason = exc.strerror or str(exc)
    return IOErrorSema(f"{function} {path}: {reason}", path=path)


def _split_lines(text: str) -> list[str]:
    """Split like ``string/lines``: ``\\n`` or ``\\r\\n`` ends a line; no final empty line."""
    if not text:
        return []
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return [part[:-1] if part.endswith("\r") else part for part in parts]


def _read_text(function: str, path) -> str:
    check_string(function, path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except OSError as exc:
        raise _io_error(function, path, exc) from exc
    except UnicodeDecodeError as exc:
        raise IOErrorSema(f"{function} {path}: invalid UTF-8: {exc}", path=path) from exc


def _write_text(function: str, path, text, mode: str) -> None:
    check_string(function, path)
    check_string(function, text)
    try:
        with open(path, mode, encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise _io_error(function, path, exc) from exc


# ---------------------------------------------------------------------------
# Whole files


@register("file/read")
def read(path):
    return _read_text("file/read", path)


@register("file/write")
def write(path, text):
    """Replace the file's content with ``text``."""
    _write_text("file/write", path, text, "w")


@register("file/append")
def append(path, text):
    """Add ``text`` to the end of the file, creating it when missing."""
    _write_text("file/append", path, text, "a")


@register("file/read-lines")
def read_lines(path):
    """Return the lines without their ``\\n`` or ``\\r\\n``; an empty file gives ``()``."""
    return _split_lines(_read_text("file/read-lines", path))


@register("file/write-lines")
def write_lines(path, lines):
    """Write the items joined by ``\\n``, with no newline after the last one."""
    check_sequence("file/write-lines", lines)
    text = "\n".join(display_string(line) for line in lines)
    _write_text("file/write-lines", path, text, "w")


@register("file/read-bytes")
def read_bytes(path):
    """Return the file's content as a bytevector."""
    check_string("file/read-bytes", path)
    try:
        with open(path, "rb") as handle:
            return bytearray(handle.read())
    except OSError as exc:
        raise _io_error("file/read-bytes", path, exc) from exc


@register("file/write-bytes")
def write_bytes(path, data):
    check_string("file/write-bytes", path)
    if not isinstance(data, (bytes, bytearray)):
        raise type_error("file/write-bytes", "bytevector", data)
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise _io_error("file/write-bytes", path, exc) from exc


# ---------------------------------------------------------------------------
# Streaming lines


def _each_line(function: str, path):
    """Yield the lines of a file one at a time, without their line endings."""
    check_string(function, path)
    try:
        handle = open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise _io_error(function, path, exc) from exc
    with handle:
        for line in handle:
            if line.endswith("\n"):
                line = line[:-1]
                if line.endswith("\r"):
                    line = line[:-1]
            yield line


@register("file/for-each-line")
def for_each_line(path, function):
    """Call ``function`` on each line, reading one line at a time."""
    check_function("file/for-each-line", function)
    for line in _each_line("file/for-each-line", path):
        function(line)


@register("file/fold-lines")
def fold_lines(path, function, initial):
    """Return ``(function ... (function initial line1) ... lineN)``, reading one line at a time."""
    check_function("file/fold-lines", function)
    accumulator = initial
    for line in _each_line("file/fold-lines", path):
        accumulator = function(accumulator, line)
    return accumulator


@register("file/fold-lines-bytes")
def fold_lines_bytes(path, function, initial):
    """Like ``file/fold-lines`` with each line as a bytevector, without UTF-8 decoding."""
    check_string("file/fold-lines-bytes", path)
    check_function("file/fold-lines-bytes", function)
    accumulator = initial
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise _io_error("file/fold-lines-bytes", path, exc) from exc
    with handle:
        for line in handle:
            if line.endswith(b"\n"):
                line = line[:-2] if line.endswith(b"\r\n") else line[:-1]
            accumulator = function(accumulator, bytearray(line))
    return accumulator


# ---------------------------------------------------------------------------
# Tests and metadata


@register("file/exists?")
def exists(path):
    return os.path.exists(check_string("file/exists?", path))


@register("file/is-file?")
def is_file(path):
    return os.path.isfile(check_string("file/is-file?", path))


@register("file/is-directory?")
def is_directory(path):
    return os.path.isdir(check_string("file/is-directory?", path))


@register("file/is-symlink?")
def is_symlink(path):
    return os.path.islink(check_string("file/is-symlink?", path))


@register("file/info")
def info(path):
    """Return ``{:size :modified :is-file :is-dir}``; ``:modified`` is in Unix milliseconds."""
    import stat

    check_string("file/info", path)
    try:
        status = os.stat(path)
    except OSError as exc:
        raise _io_error("file/info", path, exc) from exc
    return Map(
        {
            Keyword("size"): status.st_size,
            Keyword("modified"): status.st_mtime_ns // 1_000_000,
            Keyword("is-file"): stat.S_ISREG(status.st_mode),
            Keyword("is-dir"): stat.S_ISDIR(status.st_mode),
        }
    )


# ---------------------------------------------------------------------------
# Directories and moving files


@register("file/list")
def list_directory(path):
    """Return the names of the entries of a directory, sorted."""
    check_string("file/list", path)
    try:
        return sorted(os.listdir(path))
    except OSError as exc:
        raise _io_error("file/list", path, exc) from exc


@register("file/glob")
def glob(pattern):
    """Return the paths matching ``pattern``, sorted; ``**`` descends into directories."""
    import glob as globbing

    check_string("file/glob", pattern)
    return sorted(globbing.glob(pattern, recursive=True))


@register("file/mkdir")
def mkdir(path):
    """Create a directory and its missing parents; an existing directory is fine."""
    check_string("file/mkdir", path)
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise _io_error("file/mkdir", path, exc) from exc


@register("file/delete")
def delete(path):
    """Delete a file, or an empty directory."""
    check_string("file/delete", path)
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            os.rmdir(path)
        else:
            os.remove(path)
    except OSError as exc:
        raise _io_error("file/delete", path, exc) from exc


@register("file/rename")
def rename(source, target):
    check_string("file/rename", source)
    check_string("file/rename", target)
    try:
        os.replace(source, target)
    except OSError as exc:
        raise _io_error("file/rename", source, exc) from exc


@register("file/copy")
def copy(source, target):
    """Copy a file's content and permission bits."""
    import shutil

    check_string("file/copy", source)
    check_string("file/copy", target)
    try:
        shutil.copyfile(source, target)
        shutil.copymode(source, target)
    except OSError as exc:
        raise _io_error("file/copy", source, exc) from exc
