"""Tests for the list, vector and higher-order builtins and for equality.

Expected results are the reference interpreter's, in written form.
"""

from __future__ import annotations

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
from runtime.errors import EvalError, SemaTypeError
from runtime.printer import write_string
from runtime.registry import BUILTINS
from runtime.values import Char, Keyword, Map, Symbol, Vector

A, B = Keyword("a"), Keyword("b")


def call(name, *args):
    return BUILTINS[name](*args)


def odd(value):
    return value % 2 == 1


@pytest.mark.parametrize(
    "name, args, written",
    [
        ("cons", (1, [2]), "(1 2)"),
        ("cons", (1, 2), "(1 2)"),
        ("cons", (1, None), "(1)"),
        ("cons", (1, Vector([2, 3])), "(1 [2 3])"),
        ("car", ([],), "nil"),
        ("car", (Vector([1, 2]),), "1"),
        ("cdr", ([],), "()"),
        ("cdr", (Vector([1, 2, 3]),), "[2 3]"),
        ("cadr", ([1],), "nil"),
        ("caddr", ([1, 2, 3],), "3"),
        ("cdar", ([[1, 2], 3],), "(2)"),
        ("first", ([],), "nil"),
        ("rest", (Vector([1, 2]),), "[2]"),
        ("length", ("abc",), "3"),
        ("length", (Map({A: 1}),), "1"),
        ("append", (), "()"),
        ("append", ([1], Vector([2, 3]), [4]), "(1 2 3 4)"),
        ("reverse", (Vector([1, 2, 3]),), "[3 2 1]"),
        ("last", ([],), "nil"),
        ("take", (5, [1, 2, 3]), "(1 2 3)"),
        ("take", (2, Vector([1, 2, 3])), "(1 2)"),
        ("drop", (2, Vector([1, 2, 3])), "(3)"),
        ("nth", ([1, 2, 3], 1), "2"),
        ("range", (5,), "(0 1 2 3 4)"),
        ("range", (5, 0, -1), "(5 4 3 2 1)"),
        ("range", (-3,), "()"),
        ("iota", (5, 0, 2), "(0 2 4 6 8)"),
        ("make-list", (3, 0), "(0 0 0)"),
        ("list->vector", ([1, 2],), "[1 2]"),
        ("vector->list", (Vector([1, 2]),), "(1 2)"),
        ("flatten", ([1, [2, [3]], 4],), "(1 2 (3) 4)"),
        ("flatten-deep", ([1, Vector([2, [3, Vector([4])]]), []],), "(1 2 3 4)"),
        ("interpose", (0, [1, 2, 3]), "(1 0 2 0 3)"),
        ("enumerate", ([Symbol("a"), Symbol("b")],), "((0 a) (1 b))"),
        ("zip", ([1, 2, 3], [A, B], [5, 6]), "((1 :a 5) (2 :b 6))"),
        ("count", (None,), "0"),
        ("empty?", (None,), "#t"),
        ("null?", (Vector([]),), "#f"),
        ("pair?", ([],), "#f"),
        ("list?", (Vector([1]),), "#f"),
    ],
)
def test_list_builtin(name, args, written):
    assert write_string(call(name, *args)) == written


def test_cons_does_not_change_its_argument():
    tail = [2, 3]
    call("cons", 1, tail)
    assert tail == [2, 3]


@pytest.mark.parametrize(
    "name, args, written",
    [
        ("map", (lambda x: x * 2, [1, 2, 3]), "(2 4 6)"),
        ("map", (lambda x, y: x + y, [1, 2, 3], Vector([10, 20])), "(11 22)"),
        ("map", (A, [Map({A: 1}), Map({A: 2})]), "(1 2)"),
        ("filter", (odd, Vector([1, 2, 3])), "(1 3)"),
        ("filter", (lambda x: x, [1, False, None, 2]), "(1 2)"),
        ("foldl", (lambda acc, x: [acc, x], 0, [1, 2, 3]), "(((0 1) 2) 3)"),
        ("foldr", (lambda x, acc: [x, acc], 0, [1, 2, 3]), "(1 (2 (3 0)))"),
        ("reduce", (lambda a, b: [a, b], [1, 2, 3]), "((1 2) 3)"),
        ("reduce", (lambda a, b: a + b, [5]), "5"),
        ("apply", (lambda *xs: sum(xs), 1, 2, [3, 4]), "10"),
        ("flat-map", (lambda x: [x, x], [1, 2]), "(1 1 2 2)"),
        ("map-indexed", (lambda i, x: [i, x], [A, B]), "((0 :a) (1 :b))"),
        ("partition", (odd, [1, 2, 3, 4]), "((1 3) (2 4))"),
        ("take-while", (odd, [1, 3, 4, 5]), "(1 3)"),
        ("drop-while", (odd, Vector([1, 3, 4, 5])), "(4 5)"),
        ("any", (odd, [2, 3]), "#t"),
        ("every", (odd, []), "#t"),
        ("frequencies", ([Symbol("a"), Symbol("b"), Symbol("a")],), "{a 2 b 1}"),
        ("member", (2, Vector([1, 2, 3])), "(2 3)"),
        ("member", (2.0, [1, 2, 3]), "#f"),
        ("assoc", (2, [[1, A], [2, B]]), "(2 :b)"),
        ("assoc", (1, [Vector([1, 2])]), "#f"),
        ("assq", (Symbol("c"), [[Symbol("a"), 1]]), "#f"),
    ],
)
def test_higher_order_builtin(name, args, written):
    assert write_string(call(name, *args)) == written


def test_for_each_returns_nil_and_calls_in_order():
    seen = []
    assert call("for-each", seen.append, Vector([1, 2])) is None
    assert seen == [1, 2]


@pytest.mark.parametrize(
    "args, written",
    [
        (([3, 1, 2],), "(1 2 3)"),
        ((Vector([3, 1, 2]),), "(1 2 3)"),
        (([3, 1.5, 2],), "(1.5 2 3)"),
        ((["b", "a", "B"],), '("B" "a" "b")'),
        (([B, A],), "(:a :b)"),
        (([Char("b"), Char("a")],), "(#\\a #\\b)"),
        (([[2], [1, 2], [1]],), "((1) (1 2) (2))"),
        (([True, False],), "(#f #t)"),
        (([1, 1.0],), "(1 1.0)"),
        (([3, 1, 2], lambda a, b: a > b), "(3 2 1)"),
        (([3, 1, 2], lambda a, b: a - b), "(1 2 3)"),
        (([3, 1, 2], lambda a, b: None), "(3 1 2)"),
        (([1, 2, 3, 4, 5], lambda a, b: False), "(5 4 3 2 1)"),
    ],
)
def test_sort(args, written):
    assert write_string(call("sort", *args)) == written


def test_sort_with_less_than_reverses_ties():
    pairs = [[1, Symbol("b")], [1, Symbol("a")], [0, Symbol("c")]]
    result = call("sort", pairs, lambda x, y: x[0] < y[0])
    assert write_string(result) == "((0 c) (1 a) (1 b))"


def test_sort_by_keeps_ties_in_order():
    pairs = [[1, Symbol("b")], [1, Symbol("a")], [0, Symbol("c")]]
    result = call("sort-by", lambda pair: pair[0], pairs)
    assert write_string(result) == "((0 c) (1 b) (1 a))"


@pytest.mark.parametrize(
    "items, message",
    [
        ([1, "a"], "expected int, got string"),
        (["b", "a", 1], "expected string, got int"),
        ([3, None, 1], "expected int, got nil"),
    ],
)
def test_sort_mixed_types_error(items, message):
    with pytest.raises(SemaTypeError) as raised:
        call("sort", items)
    assert raised.value.message == message


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("car", (None,), "expected list or vector, got nil"),
        ("car", ("abc",), "expected list or vector, got string"),
        ("caar", ([1, 2],), "expected list or vector, got int"),
        ("append", ([1], None), "expected list or vector, got nil"),
        ("reverse", ("abc",), "expected list or vector, got string"),
        (
            "length",
            (None,),
            (
                "expected list, vector, string, map, hashmap, bytevector, typed array,"
                " or mutable-array, got nil"
            ),
        ),
        ("count", (5,), "expected collection, got int"),
        (
            "map",
            (odd, "abc"),
            "expected list, vector, or mutable-array, got string in map",
        ),
        ("map", (5, [1]), "expected callable, got int"),
        (
            "filter",
            (odd, None),
            "expected list, vector, or mutable-array, got nil in filter",
        ),
        (
            "apply",
            (odd, 1),
            "expected list, vector, or mutable-array, got int in apply",
        ),
        ("take", ([1, 2], 2), "expected int, got list"),
        ("nth", (1, [1, 2]), "expected int, got list"),
        ("range", (1.5,), "expected int, got float"),
        ("list->vector", (Vector([1]),), "expected list, got vector"),
        ("vector->list", ([1],), "expected vector, got list"),
    ],
)
def test_list_type_error(name, args, message):
    with pytest.raises(SemaTypeError) as raised:
        call(name, *args)
    assert raised.value.message == message


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("reduce", (odd, []), "reduce: empty list"),
        ("take", (-1, [1]), "take: expected a non-negative integer, got -1"),
        ("nth", ([1, 2, 3], 5), "index 5 out of bounds (length 3)"),
        ("nth", ([1], -1), "nth: index must be non-negative, got -1"),
        ("range", (0, 5, 0), "range: step cannot be 0"),
        ("make-list", (-1, 1), "list/repeat: expected a non-negative integer, got -1"),
    ],
)
def test_list_eval_error(name, args, message):
    with pytest.raises(EvalError) as raised:
        call(name, *args)
    assert raised.value.message == message


@pytest.mark.parametrize(
    "left, right, expected",
    [
        (1, 1.0, False),
        (None, None, True),
        ([1, [2, Vector([3])]], [1, [2, Vector([3])]], True),
        ([1, 2], Vector([1, 2]), False),
        (Map({A: 1, B: 2}), Map({B: 2, A: 1}), True),
        (Map({A: 1}), Map({A: 1.0}), False),
        (True, 1, False),
        (Symbol("a"), "a", False),
        (Char("a"), Char("a"), True),
        (float("nan"), float("nan"), False),
    ],
)
def test_equal(left, right, expected):
    assert call("equal?", left, right) is expected
    assert call("eq?", left, right) is expected


def test_cxr_arity_error_names_innermost_step():
    assert BUILTINS["cadr"].__qualname__ == "cdr"
    assert BUILTINS["caar"].__qualname__ == "car"
    assert write_string(BUILTINS["first"]) == "<native-fn first>"
