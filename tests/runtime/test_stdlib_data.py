"""Tests for bytes/, bytevector/, toml/, diff/, term/, the mutable containers,
typed arrays, channels, streams, context/, document/, prompt/, read/ and gc/."""

from __future__ import annotations

import threading

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
import semac.reader  # noqa: F401  (lends the reader to read-many and friends)
from runtime.errors import EvalError, SemaTypeError
from runtime.registry import BUILTINS
from runtime.values import Keyword, Map, Symbol, Vector

A, B = Keyword("a"), Keyword("b")


def call(name, *args):
    return BUILTINS[name](*args)


def test_bytevector_procedures():
    data = call("bytevector", 1, 2, 3)
    assert data == bytearray([1, 2, 3])
    assert call("bytevector/ref", data, 1) == 2
    call("bytevector/set!", data, 0, 9)
    assert call("bytevector/to-list", data) == [9, 2, 3]
    assert call("bytevector/copy", data, 1, 2) == bytearray([2])
    assert call("bytevector/make", 2, 7) == bytearray([7, 7])
    assert call("utf8->string", call("string->utf8", "é")) == "é"


def test_bytevector_errors():
    with pytest.raises(EvalError, match="out of range 0..255"):
        call("bytevector", 256)
    with pytest.raises(EvalError, match="index 5 out of range"):
        call("bytevector/ref", bytearray([1]), 5)
    with pytest.raises(SemaTypeError, match="expected bytevector, got string"):
        call("bytes/length", "abc")


def test_bytes_scanning():
    data = bytearray(b"Oslo;-12.3")
    assert call("bytes/find", data, 59) == 4
    assert call("bytes/find", data, ";", 5) is None
    assert call("bytes/->string", data, 0, 4) == "Oslo"
    assert call("bytes/parse-int10", data, 5) == -123
    assert call("bytes/parse-int10", bytearray(b"7")) == 70
    assert call("bytes/slice", data, 5) == bytearray(b"-12.3")


@pytest.mark.parametrize(
    "text, message",
    [
        (b"", "at least one digit"),
        (b"1.25", "exactly one digit after '.'"),
        (b"a", "invalid digit 'a' at byte 0"),
    ],
)
def test_parse_int10_errors(text, message):
    with pytest.raises(EvalError, match=message):
        call("bytes/parse-int10", bytearray(text))


def test_toml_round_trip():
    text = 'a = 1\nb = "x"\n\n[t]\nc = [1, 2]\n'
    value = call("toml/decode", text)
    assert value == Map({A: 1, B: "x", Keyword("t"): Map({Keyword("c"): [1, 2]})})
    assert call("toml/encode", value) == text


def test_toml_table_arrays_and_errors():
    value = Map({Keyword("p"): [Map({Keyword("n"): 1}), Map({Keyword("n"): 2})]})
    assert call("toml/encode", value) == "[[p]]\nn = 1\n\n[[p]]\nn = 2\n"
    with pytest.raises(EvalError, match="cannot encode nil"):
        call("toml/encode", Map({A: None}))
    with pytest.raises(EvalError, match="toml/decode: parse error"):
        call("toml/decode", "bad = ")


def test_diff_unified_and_apply():
    patch = call("diff/unified", "a\nb\nc\n", "a\nB\nc\n")
    assert patch == "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
    assert call("diff/apply", "a\nb\nc\n", patch) == "a\nB\nc\n"
    assert call("diff/unified", "a", "a") == ""
    stats = call("diff/stat", patch)
    assert stats == Map({Keyword("added"): 1, Keyword("removed"): 1, Keyword("hunks"): 1})


def test_diff_marks_missing_final_newline():
    patch = call("diff/unified", "a", "b")
    assert patch.endswith("-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n")
    assert call("diff/apply", "a", patch) == "b"


def test_diff_apply_finds_shifted_hunk():
    patch = "@@ -2,1 +2,1 @@\n-line2\n+LINE2\n"
    assert call("diff/apply", "x\nline1\nline2\n", patch) == "x\nline1\nLINE2\n"
    with pytest.raises(EvalError, match="hunk does not apply"):
        call("diff/apply", "other\n", patch)


def test_diff_parse_files():
    patch = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n"
    files = call("diff/parse", patch)[Keyword("files")]
    assert len(files) == 1
    assert files[0][Keyword("old-path")] == "a/x"
    assert files[0][Keyword("hunks")][0][Keyword("lines")] == ["-a", "+b"]


def test_term_plain_without_terminal(monkeypatch):
    import runtime.lib.mod_term as term

    monkeypatch.setattr(term, "color_enabled", lambda: False)
    assert call("term/red", "x") == "x"
    assert call("term/style", "x", Keyword("bold")) == "x"


def test_term_colors_on_terminal(monkeypatch):
    import runtime.lib.mod_term as term

    monkeypatch.setattr(term, "color_enabled", lambda: True)
    assert call("term/red", "x") == "\x1b[31mx\x1b[0m"
    assert call("term/style", "x", Keyword("bold"), Keyword("red")) == "\x1b[1;31mx\x1b[0m"
    assert call("term/rgb", "x", 1, 2, 3) == "\x1b[38;2;1;2;3mx\x1b[0m"
    assert call("term/strip", call("term/red", "x")) == "x"
    with pytest.raises(EvalError, match="unknown style keyword :blink"):
        call("term/style", "x", Keyword("blink"))


def test_hashmap_keeps_insertion_order():
    table = call("hashmap/new", B, 1, A, 2)
    call("hashmap/assoc", table, Keyword("c"), 3)
    assert call("hashmap/keys", table) == [B, A, Keyword("c")]
    assert call("hashmap/get", table, Keyword("z"), 0) == 0
    assert call("hashmap/to-map", table).sorted_keys() == [A, B, Keyword("c")]
    with pytest.raises(EvalError, match="even number"):
        call("hashmap/new", A)


def test_mutable_array_and_cell():
    array = call("mutable-array/new")
    call("mutable-array/push!", array, 1)
    call("mutable-array/set!", array, 0, 5)
    assert call("mutable-array/->vector", array) == Vector([5])
    assert call("mutable-array/get", array, 9, A) == A
    assert array.sema_repr() == "<mutable-array 1>"
    with pytest.raises(EvalError, match="out of bounds"):
        call("mutable-array/get", array, 3)
    cell = call("mutable-cell/new", 1)
    call("mutable-cell/set!", cell, 2)
    assert call("mutable-cell/get", cell) == 2


def test_typed_arrays():
    floats = call("f64-array/from-list", [1, 2.5])
    assert floats.sema_repr() == "#f64(1 2.5)"
    assert call("f64-array/sum", floats) == 3.5
    assert call("f64-array/dot", floats, floats) == 7.25
    call("f64-array/set!", floats, 0, 3)
    assert call("f64-array/ref", floats, 0) == 3.0
    integers = call("i64-array/range", 0, 10, 3)
    assert integers.items == [0, 3, 6, 9]
    assert call("i64-array/fold", lambda acc, x: acc + x, 0, integers) == 18
    with pytest.raises(SemaTypeError, match="expected integer, got float"):
        call("i64-array/from-list", [1.5])
    with pytest.raises(EvalError, match="step cannot be zero"):
        call("f64-array/range", 0, 1, 0)


def test_channel_between_threads():
    channel = call("channel/new", 1)
    received = []

    def consume():
        for _ in range(3):
            received.append(call("channel/recv", channel))

    consumer = threading.Thread(target=consume)
    consumer.start()
    for value in (1, 2, 3):
        call("channel/send", channel, value)
    consumer.join(timeout=10)
    assert received == [1, 2, 3]


def test_channel_close_and_deadlock_guard():
    channel = call("channel/new", 2)
    call("channel/send", channel, 1)
    call("channel/close", channel)
    assert call("channel/recv", channel) == 1
    assert call("channel/recv", channel) is None
    with pytest.raises(EvalError, match="channel is closed"):
        call("channel/send", channel, 2)
    empty = call("channel/new")
    if threading.active_count() == 1:
        with pytest.raises(EvalError, match="would wait forever"):
            call("channel/recv", empty)


def test_streams():
    source = call("stream/from-string", "ab\r\ncd")
    assert call("stream/read-line", source) == "ab"
    assert call("stream/read-all", source) == bytearray(b"cd")
    assert call("stream/read-line", source) is None
    buffer = call("stream/byte-buffer")
    call("stream/write-string", buffer, "hi")
    call("stream/write-byte", buffer, 33)
    assert call("stream/to-string", buffer) == "hi!"
    assert call("stream/type", buffer) == "byte-buffer"
    with pytest.raises(EvalError, match="not writable"):
        call("stream/write", source, bytearray(b"x"))


def test_context_store():
    call("context/clear")
    call("context/set", A, 1)
    assert call("context/get", A) == 1
    inner = call("context/with", Map({B: 2}), lambda: call("context/all"))
    assert inner == Map({A: 1, B: 2})
    assert call("context/all") == Map({A: 1})
    assert call("context/pull", A) == 1
    assert call("context/all") == Map()
    call("context/push", A, 1)
    call("context/push", A, 2)
    assert call("context/pop", A) == 2
    assert call("context/stack", A) == [1]
    call("context/set-hidden", B, "secret")
    assert call("context/get-hidden", B) == "secret"
    assert call("context/all") == Map()


def test_documents_and_prompts():
    document = call("document/create", "aaa bbb ccc", Map({A: 1}))
    chunks = call("document/chunk", document, Map({Keyword("size"): 4, Keyword("overlap"): 0}))
    assert [chunk[Keyword("text")] for chunk in chunks] == ["aaa", "bbb", "ccc"]
    assert chunks[2][Keyword("metadata")][Keyword("total-chunks")] == 3
    rendered = call("prompt/render", "Hi {{name}} {{x}} {{ y }}", Map({Keyword("name"): "Ada", Keyword("x"): [1, 2]}))
    assert rendered == "Hi Ada (1 2) {{ y }}"


def test_read_and_check_source():
    assert call("read/string", "(1 2) 3") == [1, 2]
    assert call("read/all", "(a) 1") == [[Symbol("a")], 1]
    assert call("sema/check-string", "(+ 1 2)")[Keyword("ok")] is True
    result = call("sema/check-string", "(+ 1")
    assert result[Keyword("ok")] is False
    assert len(result[Keyword("diagnostics")]) == 1


def test_format_form_breaks_long_forms():
    form = call("read/string", "(let ((x 1)) (if x x 0))")
    assert call("format/form", form) == "(let ((x 1))\n  (if x x 0))"
    assert call("format/form", call("read/string", "(f x)")) == "(f x)"


def test_gc_stats_are_maps():
    assert Keyword("collected") in call("gc/collect")
    assert Keyword("registry-size") in call("gc/stats")


def test_secret_detection():
    found = call("secret/detect", "AWS key AKIAIOSFODNN7EXAMPLE here")
    assert found == [
        Map(
            {
                Keyword("type"): "aws-access-key",
                Keyword("match"): "AKIAIOSFODNN7EXAMPLE",
                Keyword("start"): 8,
                Keyword("end"): 28,
            }
        )
    ]
    assert call("secret/detect", "password = hunter2") == []
    assert call("secret/detect", "password = Zx9kLm2Qp7Rt5Wq8")[0][Keyword("type")] == "api-key"
    redacted = call("secret/redact", "key sk-abcdefghijklmnopqrstuvwxyz123456 here")
    assert redacted == "key «redacted:high-entropy» here"


def test_pii_detection_uses_byte_offsets():
    found = call("pii/detect", "é me@example.com or (415) 555-2671")
    assert [span[Keyword("type")] for span in found] == ["email", "phone"]
    assert found[0][Keyword("start")] == 3
    assert call("pii/detect", "256.1.1.1 and 01.02.03.04") == []


def test_redact_spans():
    spans = call("pii/detect", "my me@x.com")
    assert call("redact/spans", "my me@x.com", spans) == "my «redacted»"
    overlapping = [Map({Keyword("start"): 0, Keyword("end"): 3}), Map({Keyword("start"): 2, Keyword("end"): 5})]
    assert call("redact/spans", "abcdef", overlapping) == "«redacted»def"
