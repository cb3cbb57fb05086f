"""Tests for output, error, predicate and ``type`` builtins (io.py, predicates.py)."""

from __future__ import annotations

from fractions import Fraction

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
from runtime.errors import EvalError, SemaTypeError, UserError
from runtime.printer import display_string, write_string
from runtime.registry import BUILTINS
from runtime.values import (
    Char,
    Keyword,
    Map,
    Promise,
    Record,
    RecordType,
    Symbol,
    Vector,
)


def call(name, *args):
    return BUILTINS[name](*args)


@pytest.mark.parametrize(
    "name, args, printed",
    [
        ("display", ("x",), "x"),
        ("display", (1, 2), "1 2"),
        ("display", (["a", Char("b")],), '("a" #\\b)'),
        ("display", (Char("a"),), "#\\a"),
        ("display", (), ""),
        ("println", ("a", 1, "b"), "a 1 b\n"),
        ("println", (), "\n"),
        ("print", ("a", "b"), '"a" "b"'),
        ("newline", (1,), "\n"),
        ("pprint", ([1, 2],), "(1 2)\n"),
    ],
)
def test_output_goes_to_current_stdout(capsys, name, args, printed):
    assert call(name, *args) is None
    assert capsys.readouterr().out == printed


def test_print_error_writes_to_stderr(capsys):
    call("print-error", "x", 1)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == '[error] "x" 1\n'


def test_display_string_writes_characters():
    assert display_string(Char("a")) == "#\\a"
    assert display_string("a") == "a"


@pytest.mark.parametrize(
    "value, keyword",
    [
        (1, "int"),
        (1.5, "float"),
        (Fraction(1, 2), "rational"),
        ("a", "string"),
        (Symbol("a"), "symbol"),
        (Keyword("a"), "keyword"),
        ([], "list"),
        (Vector(), "vector"),
        (Map(), "map"),
        (None, "nil"),
        (True, "bool"),
        (Char("a"), "char"),
        (Promise(lambda: 1), "promise"),
        (Record(RecordType("point", ("x",)), [1]), "point"),
        (BUILTINS["car"], "native-fn"),
    ],
)
def test_type_of(value, keyword):
    assert call("type-of", value) is Keyword(keyword)


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("not", 0, False),
        ("not", None, True),
        ("nil?", [], False),
        ("boolean?", False, True),
        ("boolean?", None, False),
        ("procedure?", BUILTINS["car"], True),
        ("procedure?", Keyword("a"), False),
        ("symbol?", Keyword("a"), False),
        ("keyword?", Keyword("a"), True),
        ("string?", Char("a"), False),
        ("char?", Char("a"), True),
        ("record?", Map(), False),
        ("promise?", Promise(lambda: 1), True),
    ],
)
def test_predicate(name, value, expected):
    assert call(name, value) is expected


def test_throw_raises_user_error_with_value():
    with pytest.raises(UserError) as raised:
        call("throw", Map({Keyword("a"): 1}))
    assert raised.value.value == {Keyword("a"): 1}
    assert raised.value.message == "{:a 1}"


@pytest.mark.parametrize(
    "args, message",
    [
        (("boom", 1, 2), "boom"),
        ((Symbol("sym"), "msg"), "sym"),
        ((Keyword("kw"),), ":kw"),
        ((None,), "nil"),
        ((), "error called with no message"),
    ],
)
def test_error_message_is_first_argument_displayed(args, message):
    with pytest.raises(EvalError) as raised:
        call("error", *args)
    assert raised.value.message == message
    assert raised.value.kind == "eval"


def test_gensym_makes_fresh_symbols():
    first = call("gensym")
    second = call("gensym", "foo")
    assert isinstance(first, Symbol)
    assert first.name.startswith("g__")
    assert second.name.startswith("foo__")
    assert first is not second


def test_gensym_rejects_symbol_prefix():
    with pytest.raises(SemaTypeError) as raised:
        call("gensym", Symbol("foo"))
    assert raised.value.message == "expected string, got symbol"


def test_values_and_call_with_values():
    assert call("values", 5) == 5
    several = call("values", 1, 2)
    assert write_string(several) == "#<record %multiple-values% 1 2>"
    assert call("call-with-values", lambda: several, lambda a, b: a * b) == 2
    assert call("call-with-values", lambda: 7, lambda a: [a]) == [7]


def test_sleep_rejects_float():
    with pytest.raises(SemaTypeError) as raised:
        call("sleep", 1.5)
    assert raised.value.message == "expected int, got float"


def test_exit_raises_system_exit():
    with pytest.raises(SystemExit) as raised:
        call("exit", 3)
    assert raised.value.code == 3


def test_tap_returns_value_after_calling_function():
    seen = []
    assert call("tap", 5, seen.append) == 5
    assert seen == [5]
