"""Tests for path/, file/, time/, sys/ and text/."""

from __future__ import annotations

import os
import time

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
from runtime.errors import EvalError, IOErrorSema
from runtime.registry import BUILTINS
from runtime.values import Keyword, Map


def call(name, *args):
    return BUILTINS[name](*args)


@pytest.mark.parametrize(
    "name, path, expected",
    [
        ("path/basename", "/a/b/c.txt", "c.txt"),
        ("path/basename", "/a/b/", "b"),
        ("path/basename", "/", ""),
        ("path/dir", "/a/b/c.txt", "/a/b"),
        ("path/dir", "c.txt", ""),
        ("path/dir", "/a", "/"),
        ("path/dir", "a//b", "a/"),
        ("path/extension", "a/b.tar.gz", "gz"),
        ("path/extension", ".bashrc", ""),
        ("path/stem", "a/b.tar.gz", "b.tar"),
        ("path/absolute?", "/etc", True),
    ],
)
def test_path_components(name, path, expected):
    assert call(name, path) == expected


def test_path_join():
    assert call("path/join", "a", "b", "c.txt") == "a/b/c.txt"
    assert call("path/join", "a/", "/b") == "a//b"
    assert call("path/join", "", "b") == "/b"


def test_path_relative_to():
    assert call("path/relative-to", "/a/b", "/a/b/c/d") == "c/d"
    assert call("path/relative-to", "/a/b/c", "/a/x") == "../../x"
    assert call("path/relative-to", "/a/b", "/a/b") == "."


def test_path_within(tmp_path):
    assert call("path/within?", str(tmp_path), str(tmp_path / "x" / "y")) is True
    assert call("path/within?", str(tmp_path), str(tmp_path / ".." / "etc")) is False


def test_path_absolute_requires_existing_path(tmp_path):
    assert call("path/absolute", str(tmp_path / ".")) == os.path.realpath(tmp_path)
    with pytest.raises(IOErrorSema, match="No such file"):
        call("path/absolute", str(tmp_path / "missing"))


def test_file_write_read_append(tmp_path):
    path = str(tmp_path / "a.txt")
    call("file/write", path, "héllo")
    call("file/append", path, "\nworld\r\n")
    assert call("file/read", path) == "héllo\nworld\r\n"
    assert call("file/read-lines", path) == ["héllo", "world"]
    info = call("file/info", path)
    assert info[Keyword("size")] == len("héllo\nworld\r\n".encode())
    assert info[Keyword("is-file")] is True


def test_file_lines_round_trip(tmp_path):
    path = str(tmp_path / "lines.txt")
    call("file/write-lines", path, ["a", "b"])
    assert call("file/read", path) == "a\nb"
    assert call("file/read-lines", path) == ["a", "b"]
    assert call("file/fold-lines", path, lambda acc, line: acc + [line], []) == ["a", "b"]
    seen = []
    call("file/for-each-line", path, seen.append)
    assert seen == ["a", "b"]
    total = call("file/fold-lines-bytes", path, lambda acc, line: acc + len(line), 0)
    assert total == 2


def test_file_directories(tmp_path):
    root = str(tmp_path / "d")
    call("file/mkdir", os.path.join(root, "sub"))
    call("file/write", os.path.join(root, "b.txt"), "1")
    call("file/copy", os.path.join(root, "b.txt"), os.path.join(root, "a.txt"))
    assert call("file/list", root) == ["a.txt", "b.txt", "sub"]
    assert call("file/glob", os.path.join(root, "*.txt")) == [
        os.path.join(root, "a.txt"),
        os.path.join(root, "b.txt"),
    ]
    call("file/rename", os.path.join(root, "a.txt"), os.path.join(root, "c.txt"))
    call("file/delete", os.path.join(root, "b.txt"))
    assert call("file/list", root) == ["c.txt", "sub"]
    assert call("file/is-directory?", os.path.join(root, "sub")) is True


def test_file_bytes(tmp_path):
    path = str(tmp_path / "data.bin")
    call("file/write-bytes", path, bytearray([0, 255]))
    assert call("file/read-bytes", path) == bytearray([0, 255])


def test_file_errors_are_io_errors(tmp_path):
    missing = str(tmp_path / "missing.txt")
    with pytest.raises(IOErrorSema) as raised:
        call("file/read", missing)
    assert raised.value.message.startswith(f"file/read {missing}: ")
    assert raised.value.to_map()[Keyword("type")] == Keyword("io")


def test_time_format():
    assert call("time/format", 0, "%Y-%m-%d %H:%M:%S") == "1970-01-01 00:00:00"
    assert call("time/format", 86400.5, "%FT%T%.3f") == "1970-01-02T00:00:00.500"
    assert call("time/format", 1700000000, "%A %B %e %I %p %Z") == "Tuesday November 14 10 PM UTC"


def test_time_format_rejects_unknown_directive():
    with pytest.raises(EvalError, match="invalid format string"):
        call("time/format", 0, "%Q")


def test_time_parse():
    assert call("time/parse", "2025-01-15 12:10:00", "%Y-%m-%d %H:%M:%S") == 1736943000.0
    assert call("time/parse", "Jan 15 2025 02:30:00 PM", "%b %d %Y %I:%M:%S %p") == 1736951400.0
    with pytest.raises(EvalError, match="not enough"):
        call("time/parse", "2024-01-15", "%Y-%m-%d")
    with pytest.raises(EvalError, match="trailing input"):
        call("time/parse", "2025-01-15 14:30:00 x", "%Y-%m-%d %H:%M:%S")


def test_time_parts_and_arithmetic():
    parts = call("time/date-parts", -1)
    assert parts[Keyword("year")] == 1969
    assert parts[Keyword("weekday")] == "Wednesday"
    assert call("time/add", 0, 3600) == 3600.0
    assert call("time/diff", 100.5, 40) == 60.5
    assert abs(call("time/now") - time.time()) < 5
    assert call("time/ms", lambda: None) >= 0.0


def test_sys_values():
    assert call("sys/cwd") == os.getcwd()
    assert call("sys/pid") == os.getpid()
    assert isinstance(call("sys/os"), str)
    assert isinstance(call("sys/elapsed"), int)
    assert isinstance(call("sys/env-all"), Map)
    assert call("sys/which", "definitely-not-a-program-xyz") is None


def test_sys_set_env(monkeypatch):
    monkeypatch.delenv("SEMAC_TEST_VARIABLE", raising=False)
    call("sys/set-env", "SEMAC_TEST_VARIABLE", "1")
    assert os.environ["SEMAC_TEST_VARIABLE"] == "1"
    monkeypatch.delenv("SEMAC_TEST_VARIABLE")


def test_unavailable_names_raise_clearly():
    with pytest.raises(EvalError, match="not available in semac"):
        call("sys/on-signal", Keyword("winch"), lambda: None)


def test_text_chunking():
    options = Map({Keyword("size"): 10, Keyword("overlap"): 3})
    chunks = call("text/chunk", "one two three four five six seven", options)
    assert chunks == ["one two", "twothree four", "ourfive six", "sixseven"]
    assert call("text/chunk", "") == []
    assert call("text/chunk-by-separator", "a--b----c", "--") == ["a", "b", "c"]


def test_text_cleaning():
    assert call("text/clean-whitespace", "  a   b \n c ") == "a b c"
    assert call("text/strip-html", "<p>a &amp; <b>b</b></p>") == "a & b"
    assert call("text/trim-indent", "    a\n      b") == "a\n  b"
    assert call("text/truncate", "hello world", 8) == "hello..."
    assert call("text/word-count", "a  b\tc") == 3
    assert call("text/split-sentences", "Hi. How? Ok") == ["Hi.", "How?", "Ok"]
    excerpt = call("text/excerpt", "the quick brown fox jumps", "FOX", Map({Keyword("radius"): 5}))
    assert excerpt == "...rown fox jump..."
