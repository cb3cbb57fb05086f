"""Tests for json/, regex/, base64/, hash/, uuid/ and csv/."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
from runtime.errors import EvalError, SemaTypeError
from runtime.registry import BUILTINS
from runtime.values import Char, Keyword, Map, Symbol, Vector

A, B = Keyword("a"), Keyword("b")


def call(name, *args):
    return BUILTINS[name](*args)


def test_json_encode_values():
    data = Map({A: 1, B: Vector([1, "x", None, True]), Keyword("c"): 1.5})
    assert call("json/encode", data) == '{"a":1,"b":[1,"x",null,true],"c":1.5}'
    assert call("json/encode", Fraction(1, 2)) == '"1/2"'
    assert call("json/encode", Symbol("s")) == '"s"'
    assert call("json/encode", Map({1: 2})) == '{"1":2}'
    assert call("json/encode", "é") == '"é"'


@pytest.mark.parametrize("value", [Char("a"), math.inf, math.nan, len])
def test_json_encode_rejects(value):
    with pytest.raises(EvalError, match="cannot encode"):
        call("json/encode", value)


def test_json_encode_pretty():
    text = call("json/encode-pretty", Map({A: 1, B: []}))
    assert text == '{\n  "a": 1,\n  "b": []\n}'


def test_json_decode():
    value = call("json/decode", '{"b": [1, 2.5, null], "a": {"c": "x"}}')
    assert value == Map({A: Map({Keyword("c"): "x"}), B: [1, 2.5, None]})
    assert type(value[B]) is list
    assert call("json/decode", "12345678901234567890123") == 12345678901234567890123


@pytest.mark.parametrize("text", ["{bad", "", "[1,]", "NaN", "[1] x"])
def test_json_decode_errors(text):
    with pytest.raises(EvalError, match="json/decode: parse error"):
        call("json/decode", text)


def test_regex_match_map():
    found = call("regex/match", r"(\w+)@(\w+)", "mail bob@host now")
    assert found[Keyword("match")] == "bob@host"
    assert found[Keyword("groups")] == ["bob", "host"]
    assert found[Keyword("start")] == 5
    assert found[Keyword("end")] == 13


def test_regex_offsets_are_utf8_bytes():
    found = call("regex/match", "é", "café")
    assert (found[Keyword("start")], found[Keyword("end")]) == (3, 5)


def test_regex_optional_group_is_nil():
    found = call("regex/match", "(a)(b)?", "a")
    assert found[Keyword("groups")] == ["a", None]


def test_regex_rust_syntax():
    assert call("regex/match?", r"(?<name>a)", "a") is True
    assert call("regex/match?", r"\p{L}+", "é") is True
    assert call("regex/match?", r"ab\z", "ab") is True


def test_regex_replacement_templates():
    assert call("regex/replace-all", r"(\w+)@(\w+)", "$2 at $1", "bob@host") == "host at bob"
    assert call("regex/replace-all", "(a)", "${1}x", "aa") == "axax"
    assert call("regex/replace-all", "(a)", "$1x", "aa") == ""
    assert call("regex/replace-all", "a", "$$", "aa") == "$$"
    assert call("regex/replace", r"\d", "#", "a1b2") == "a#b2"


def test_regex_split_and_find_all():
    assert call("regex/split", ",", "a,,b,") == ["a", "", "b", ""]
    assert call("regex/split", "", "ab") == ["", "a", "b", ""]
    assert call("regex/find-all", r"\d+", "a1b22c333") == ["1", "22", "333"]


def test_regex_invalid_pattern():
    with pytest.raises(EvalError, match="invalid regex pattern"):
        call("regex/match?", "[", "x")


def test_base64_round_trip():
    assert call("base64/encode", "é") == "w6k="
    assert call("base64/decode", "aGVsbG8=") == "hello"
    assert call("base64/encode-bytes", bytearray([1, 2, 255])) == "AQL/"
    assert call("base64/decode-bytes", "AQL/") == bytearray([1, 2, 255])


@pytest.mark.parametrize("text", ["aGVsbG8", "!!!", "/w=="])
def test_base64_decode_errors(text):
    with pytest.raises(EvalError, match="base64/decode"):
        call("base64/decode", text)


def test_hashes():
    assert call("hash/md5", "abc") == "900150983cd24fb0d6963f7d28e17f72"
    assert call("hash/sha256", "abc").startswith("ba7816bf8f01cfea")
    assert call("hash/digest", "abc") == call("hash/sha256", "abc")
    assert call("hash/hmac-sha256", "key", "msg").startswith("2d93cbc1be167bcb")
    with pytest.raises(SemaTypeError, match="expected string, got int"):
        call("hash/md5", 5)


def test_uuid_v4_shape():
    value = call("uuid/v4")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", value)
    assert value != call("uuid/v4")


def test_csv_parse():
    assert call("csv/parse", 'a,"b,c"\n"x""y",2') == [["a", "b,c"], ['x"y', "2"]]
    assert call("csv/parse", "a,b\n\n1,2") == [["a", "b"], ["1", "2"]]
    assert call("csv/parse", "") == []
    rows = call("csv/parse-maps", "name,age\nbob,3")
    assert rows == [Map({Keyword("name"): "bob", Keyword("age"): "3"})]


def test_csv_parse_rejects_ragged_records():
    with pytest.raises(EvalError, match="found record with 1 fields"):
        call("csv/parse", "a,b\n1")


def test_csv_encode():
    rows = [["a,b", 'c"d'], [1, 2.5], [A, None]]
    assert call("csv/encode", rows) == '"a,b","c""d"\n1,2.5\n:a,nil\n'
    assert call("csv/encode", [["a\rb"]]) == '"a\rb"\n'
    with pytest.raises(SemaTypeError, match="expected list, got vector"):
        call("csv/encode", [Vector(["a"])])
