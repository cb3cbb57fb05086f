"""Tests for the string/ namespace (runtime/lib/mod_string.py)."""

from __future__ import annotations

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
from runtime.errors import ArityError, EvalError, SemaTypeError, to_sema_error
from runtime.registry import BUILTINS
from runtime.values import Char, Keyword


def call(name, *args):
    return BUILTINS[name](*args)


@pytest.mark.parametrize(
    "name, args, expected",
    [
        ("string/pad-left", ("ab", 5), "   ab"),
        ("string/pad-left", ("ab", 5, "xy"), "xxxab"),
        ("string/pad-left", ("abcdef", 3), "abcdef"),
        ("string/pad-left", ("ab", 5, ""), "   ab"),
        ("string/pad-right", ("ab", 5, "-"), "ab---"),
        ("string/after", ("a.b.c", "."), "b.c"),
        ("string/after", ("hello", "z"), "hello"),
        ("string/after-last", ("a.b.c", "."), "c"),
        ("string/before", ("a.b.c", "."), "a"),
        ("string/before-last", ("a.b.c", "."), "a.b"),
        ("string/before", ("hello", ""), ""),
        ("string/between", ("[a][b]", "[", "]"), "a"),
        ("string/between", ("a(b", "(", ")"), "b"),
        ("string/between", ("abc", "x", "y"), ""),
        ("string/chop-start", ("prefix-x", "prefix-"), "x"),
        ("string/chop-end", ("hello.txt", ".txt"), "hello"),
        ("string/ensure-start", ("path", "/"), "/path"),
        ("string/ensure-end", ("path/", "/"), "path/"),
        ("string/wrap", ("abc", "*"), "*abc*"),
        ("string/wrap", ("abc", "[", "]"), "[abc]"),
        ("string/unwrap", ("[abc]", "[", "]"), "abc"),
        ("string/unwrap", ("[abc", "[", "]"), "[abc"),
        ("string/take", ("hello", 2), "he"),
        ("string/take", ("hello", -2), "lo"),
        ("string/take", ("hello", -10), "hello"),
        ("string/replace", ("aaa", "a", "b"), "bbb"),
        ("string/replace-first", ("aaa", "a", "b"), "baa"),
        ("string/replace-last", ("abcabc", "bc", "X"), "abcaX"),
        ("string/remove", ("banana", "an"), "ba"),
        ("string/repeat", ("ab", 3), "ababab"),
        ("string/reverse", ("héllo",), "olléh"),
        ("string/capitalize", ("hELLO world",), "Hello world"),
        ("string/title-case", ("hello wORLD",), "Hello World"),
        ("string/foldcase", ("HeLLo ß",), "hello ss"),
        ("string/trim-left", ("  a  ",), "a  "),
        ("string/trim-right", ("  a  ",), "  a"),
    ],
)
def test_string_functions(name, args, expected):
    assert call(name, *args) == expected


@pytest.mark.parametrize(
    "function, text, expected",
    [
        ("string/camel-case", "hello world-foo_bar", "helloWorldFooBar"),
        ("string/camel-case", "XMLHttpRequest id", "xmlHttpRequestId"),
        ("string/pascal-case", "foo_bar-baz qux", "FooBarBazQux"),
        ("string/snake-case", "getHTTPResponseCode", "get_http_response_code"),
        ("string/snake-case", "a1B2", "a1_b2"),
        ("string/snake-case", "foo.bar/baz", "foo_bar/baz"),
        ("string/kebab-case", "HTTPServer2Go", "http-server2-go"),
        ("string/headline", "hello_world-fooBar", "Hello World Foo Bar"),
        ("string/camel-case", "", ""),
    ],
)
def test_case_conversion(function, text, expected):
    assert call(function, text) == expected


def test_index_of_counts_characters():
    assert call("string/index-of", "héllo", "l") == 2
    assert call("string/index-of", "hello", "l", 3) == 3
    assert call("string/index-of", "hello", "z") is None
    assert call("string/index-of", "hello", "l", 10) is None
    assert call("string/last-index-of", "hello", "l") == 3


def test_index_of_rejects_negative_start():
    with pytest.raises(EvalError, match="non-negative"):
        call("string/index-of", "hello", "l", -1)


def test_lines_and_words():
    assert call("string/lines", "a\nb\r\nc\n") == ["a", "b", "c"]
    assert call("string/lines", "") == []
    assert call("string/lines", "\n") == [""]
    assert call("string/words", "hello  world\tfoo") == ["hello", "world\tfoo"]


def test_chars_and_codepoints():
    assert call("string/chars", "ab") == [Char("a"), Char("b")]
    assert call("string/codepoints", "aé") == [97, 233]
    assert call("string/from-codepoints", [97, 233]) == "aé"
    assert call("string/byte-length", "héllo") == 6


def test_from_codepoints_rejects_invalid():
    with pytest.raises(EvalError, match="invalid codepoint 55296"):
        call("string/from-codepoints", [0xD800])


def test_map_accepts_chars_and_strings():
    upper = lambda c: Char(c.char.upper())  # noqa: E731
    assert call("string/map", upper, "abc") == "ABC"
    assert call("string/map", lambda c: "xy", "ab") == "xyxy"
    with pytest.raises(SemaTypeError, match="expected char or string, got int"):
        call("string/map", lambda c: 1, "ab")


def test_normalize_forms():
    assert len(call("string/normalize", "é", Keyword("nfd"))) == 2
    assert call("string/normalize", "ﬁ", "nfkc") == "fi"
    with pytest.raises(EvalError, match='unknown form "bogus"'):
        call("string/normalize", "x", Keyword("bogus"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12.5", True),
        ("  12", True),
        ("1/2", True),
        ("1/0", False),
        ("#xFF", True),
        ("-inf", True),
        ("NaN", True),
        ("+5", False),
        (".5", False),
        ("1.", False),
        ("1e5", True),
        ("12abc", False),
        ("", False),
    ],
)
def test_number_text(text, expected):
    assert call("string/number?", text) is expected


def test_width_counts_columns():
    assert call("string/width", "abc") == 3
    assert call("string/width", "日本") == 4
    assert call("string/width", "e\u0301") == 1
    assert call("string/width", "👨‍👩‍👧") == 2


def test_truncate_width():
    assert call("string/truncate-width", "hello!", 5, "...") == "he..."
    assert call("string/truncate-width", "日本語テキスト", 5) == "日本"
    assert call("string/truncate-width", "hello world", 2, "...") == ".."


def test_word_wrap():
    assert call("string/word-wrap", "the quick brown fox", 10) == ["the quick", "brown fox"]
    assert call("string/word-wrap", "a verylongwordhere b", 5) == [
        "a",
        "veryl",
        "ongwo",
        "rdher",
        "e b",
    ]
    assert call("string/word-wrap", "", 5) == [""]
    assert call("string/word-wrap", "a b c", 0) == ["a", "b", "c"]


def test_type_errors_name_function_and_types():
    with pytest.raises(SemaTypeError) as raised:
        call("string/pad-left", 5, 3)
    assert raised.value.message == "string/pad-left: expected string, got int"
    assert raised.value.to_map()[Keyword("type")] == Keyword("type-error")


def test_negative_pad_width_is_rejected():
    with pytest.raises(EvalError, match="non-negative integer, got -1"):
        call("string/pad-left", "ab", -1)


def test_arity_error_names_sema_function():
    with pytest.raises(TypeError) as raised:
        call("string/after", "a")
    error = to_sema_error(raised.value)
    assert isinstance(error, ArityError)
    assert "string/after" in error.message


def test_aliases_print_under_target_name():
    assert BUILTINS["string/slice"].sema_name == "substring"
    assert BUILTINS["string/length"].sema_name == "string-length"
