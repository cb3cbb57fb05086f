"""Tests for string, character and map builtins (strings.py, chars.py, maps.py).

Expected results are the reference interpreter's, in written form.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
from runtime.errors import EvalError, SemaTypeError
from runtime.printer import write_string
from runtime.registry import BUILTINS
from runtime.values import Char, Keyword, Map, Symbol, Vector

A, B, C = Keyword("a"), Keyword("b"), Keyword("c")


def call(name, *args):
    return BUILTINS[name](*args)


@pytest.mark.parametrize(
    "name, args, written",
    [
        ("str", (), '""'),
        ("str", (1.0, None, "s"), '"1.0nils"'),
        ("str", (Char("a"), [1, "x"]), '"#\\\\a(1 \\"x\\")"'),
        ("str", (Fraction(1, 2), A, Symbol("b")), '"1/2:ab"'),
        ("string-append", ("a", 1, None), '"a1nil"'),
        ("substring", ("hello", 1, 3), '"el"'),
        ("substring", ("hello", 1), '"ello"'),
        ("substring", ("héllo", 1, 3), '"él"'),
        ("string-length", ("héllo",), "5"),
        ("string-ref", ("abc", 1), "#\\b"),
        ("string-upcase", ("straße",), '"STRASSE"'),
        ("string/lower", ("ABC",), '"abc"'),
        ("string/trim", ("\n\ta b \n",), '"a b"'),
        ("string/split", ("a,,b", ","), '("a" "" "b")'),
        ("string/split", ("abc", ""), '("" "a" "b" "c" "")'),
        ("string/split", ("", ","), '("")'),
        (
            "string/join",
            (Vector([A, Symbol("b"), Char("d"), 1.5]), "-"),
            '":a-b-#\\\\d-1.5"',
        ),
        ("string/join", ([], "-"), '""'),
        ("string->symbol", ("a b",), "a b"),
        ("symbol->string", (Symbol("abc"),), '"abc"'),
        ("string->keyword", (":a",), "::a"),
        ("keyword->string", (A,), '"a"'),
        ("string->list", ("ab",), "(#\\a #\\b)"),
        ("list->string", ([Char("a"), Char("b")],), '"ab"'),
        ("string->char", ("a",), "#\\a"),
        ("string-ci=?", ("ß", "SS"), "#t"),
        ("char->integer", (Char("a"),), "97"),
        ("integer->char", (955,), "#\\λ"),
        ("char-upcase", (Char("ß"),), "#\\S"),
        ("char-alphabetic?", (Char("é"),), "#t"),
        ("char-numeric?", (Char("٣"),), "#t"),
        ("char-ci<?", (Char("a"), Char("B")), "#t"),
        ("char->string", (Char("a"),), '"a"'),
    ],
)
def test_string_builtin(name, args, written):
    assert write_string(call(name, *args)) == written


@pytest.mark.parametrize(
    "template, args, expected",
    [
        ("~a|~s|~a|~~|~%", ("str", "str", [1, "two"]), 'str|"str"|(1 "two")|~|\n'),
        ("~A ~S", ("a", "b"), 'a "b"'),
        ("~a ~a", (1,), "1 "),
        ("~a", (1, 2), "1"),
        ("~x ~d", (1, 2), "~x ~d"),
        ("x~", (), "x~"),
        ("~a", (Char("a"),), "#\\a"),
    ],
)
def test_format(template, args, expected):
    assert call("format", template, *args) == expected


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("substring", (5, 1, 2), "substring argument 1 expected string, got int"),
        (
            "substring",
            ("hello", 1.0, 2),
            "substring argument 2 expected int, got float",
        ),
        ("string-length", (Symbol("a"),), "expected string, got symbol"),
        ("string-upcase", (5,), "string/upper argument 1 expected string, got int"),
        (
            "string/split",
            ("a", None),
            "string/split argument 2 expected string, got nil",
        ),
        ("string/join", (5, "-"), "expected list or vector, got int"),
        ("string/join", (["a"], 5), "expected string, got int"),
        ("symbol->string", (A,), "expected symbol, got keyword"),
        ("list->string", (["a"],), "expected char, got string"),
        ("make-string", (3, Char("a")), "expected string, got int"),
        ("char-upcase", ("a",), "expected char, got string"),
        ("integer->char", (65.0,), "expected int, got float"),
        ("format", (5,), "expected string, got int"),
    ],
)
def test_string_type_error(name, args, message):
    with pytest.raises(SemaTypeError) as raised:
        call(name, *args)
    assert raised.value.message == message


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("substring", ("hello", 3, 1), "substring: index out of bounds"),
        (
            "substring",
            ("hello", -1, 2),
            "substring: start index -1 must be non-negative",
        ),
        (
            "string-ref",
            ("abc", 5),
            "string-ref: index 5 out of bounds (string length 3)",
        ),
        (
            "string->char",
            ("ab",),
            "string->char: string must have exactly one character",
        ),
        ("string->char", ("",), "string->char: empty string"),
        ("integer->char", (55296,), "integer->char: invalid codepoint 55296"),
    ],
)
def test_string_eval_error(name, args, message):
    with pytest.raises(EvalError) as raised:
        call(name, *args)
    assert raised.value.message == message


@pytest.mark.parametrize(
    "name, args, written",
    [
        ("get", (Map({A: 1}), B), "nil"),
        ("get", (Map({A: 1}), B, 0), "0"),
        ("get", (Map({1.0: C}), 1.0), ":c"),
        ("get", (Map({1: C}), 1.0), "nil"),
        ("contains?", (Map({A: None}), A), "#t"),
        ("keys", (Map({B: 1, A: 2}),), "(:a :b)"),
        ("vals", (Map({B: 1, A: 2}),), "(2 1)"),
        ("keys", (Map(),), "()"),
        ("hash-map", (B, 1, A, 2), "{:a 2 :b 1}"),
        ("assoc", (Map({A: 1}), B, 2, C, 3), "{:a 1 :b 2 :c 3}"),
        ("assoc", (2, [[1, A], [2, B]]), "(2 :b)"),
        ("assoc", (3, [[1, A]]), "#f"),
        ("dissoc", (Map({A: 1, B: 2}), A, C), "{:b 2}"),
        ("merge", (), "{}"),
        ("merge", (Map({A: 1}), Map({B: 2}), Map({A: 3})), "{:a 3 :b 2}"),
        ("get-in", (Map({A: Map({B: 1})}), [A, B]), "1"),
        ("get-in", (Map({A: Vector([1, 2])}), Vector([A, 0])), "nil"),
        ("get-in", (None, [A], 9), "9"),
        ("get-in", (Map({A: 1}), []), "{:a 1}"),
        ("assoc-in", (Map(), [A, B], 2), "{:a {:b 2}}"),
        ("assoc-in", (Map({A: 1}), [A, B], 2), "{:a {:b 2}}"),
        ("assoc-in", (None, [A], 1), "{:a 1}"),
        ("assoc-in", (Map({A: 1}), [], 2), "2"),
        ("update-in", (Map({A: Map({B: 1})}), [A, B], lambda x: x + 1), "{:a {:b 2}}"),
        ("update-in", (Map(), [A, B], lambda x: x), "{:a {:b nil}}"),
        ("map?", (None,), "#f"),
    ],
)
def test_map_builtin(name, args, written):
    assert write_string(call(name, *args)) == written


def test_assoc_does_not_change_its_argument():
    original = Map({A: 1})
    call("assoc", original, A, 2)
    call("dissoc", original, A)
    assert original == {A: 1}


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("get", (None, A), "expected map or hashmap, got nil"),
        ("get", (Vector([1, 2, 3]), 1), "expected map or hashmap, got vector"),
        ("assoc", (None, A, 1), "expected map or hashmap, got nil"),
        ("keys", ([1, 2],), "expected map or hashmap, got list"),
        ("merge", (Map({A: 1}), None), "expected map or hashmap, got nil"),
        ("get-in", (Map({A: 1}), A), "expected list or vector, got keyword"),
    ],
)
def test_map_type_error(name, args, message):
    with pytest.raises(SemaTypeError) as raised:
        call(name, *args)
    assert raised.value.message == message


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("assoc", (1, None), "assoc: requires (key alist) or (map key val ...)"),
        ("assoc", (Map(), A), "assoc: requires (key alist) or (map key val ...)"),
        ("hash-map", (A,), "hash-map: requires even number of arguments"),
    ],
)
def test_map_eval_error(name, args, message):
    with pytest.raises(EvalError) as raised:
        call(name, *args)
    assert raised.value.message == message


def test_map_key_order_matches_reference():
    mapping = Map(
        {
            Fraction(1, 2): 1,
            "a": 2,
            Symbol("c"): 3,
            A: 4,
            Char("e"): 5,
            1.5: 6,
            -1: 7,
            True: 8,
            None: 9,
        }
    )
    assert write_string(call("keys", mapping)) == '(nil #t -1 1.5 #\\e "a" c :a 1/2)'


def test_keyword_lookup_on_nil_is_type_error():
    with pytest.raises(SemaTypeError) as raised:
        A(None)
    assert raised.value.message == "expected map or hashmap, got nil"
