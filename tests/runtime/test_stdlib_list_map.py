"""Tests for the list/ and map/ namespaces (mod_list.py, mod_map.py)."""

from __future__ import annotations

import pytest

import runtime.lib  # noqa: F401  (registers the builtins)
from runtime.errors import EvalError, SemaTypeError
from runtime.values import Keyword, Map, Vector
from runtime.registry import BUILTINS

A, B, C = Keyword("a"), Keyword("b"), Keyword("c")


def call(name, *args):
    return BUILTINS[name](*args)


def even(x):
    return x % 2 == 0


@pytest.mark.parametrize(
    "name, args, expected",
    [
        ("list/chunk", (2, [1, 2, 3, 4, 5]), [[1, 2], [3, 4], [5]]),
        ("list/chunk", (2, []), []),
        ("list/sliding", ([1, 2, 3, 4], 2), [[1, 2], [2, 3], [3, 4]]),
        ("list/sliding", ([1, 2, 3, 4, 5], 2, 3), [[1, 2], [4, 5]]),
        ("list/take-last", (2, [1, 2, 3]), [2, 3]),
        ("list/take-last", (0, [1, 2, 3]), []),
        ("list/drop-last", (5, [1, 2, 3]), []),
        ("list/split-at", ([1, 2, 3, 4], 10), [[1, 2, 3, 4], []]),
        ("list/page", ([1, 2, 3, 4, 5], 2, 2), [3, 4]),
        ("list/nth-or", ([1, 2], 5, A), A),
        ("list/pad", ([1, 2], 4, 0), [1, 2, 0, 0]),
        ("list/find", (even, [1, 3, 4, 6]), 4),
        ("list/find", (even, [1, 3]), None),
        ("list/reject", (even, [1, 2, 3, 4]), [1, 3]),
        ("list/take-while", (lambda x: x % 2 == 1, [1, 3, 4, 5]), [1, 3]),
        ("list/drop-while", (even, [2, 4, 5, 6]), [5, 6]),
        ("list/unique", ([1, 2, 1, 3, 2],), [1, 2, 3]),
        ("list/dedupe", ([1, 1, 2, 2, 1],), [1, 2, 1]),
        ("list/duplicates", ([2, 1, 2, 1],), [1, 2]),
        ("list/diff", ([1, 2, 3, 4], [2, 4]), [1, 3]),
        ("list/intersect", ([1, 2, 2, 3], [2, 3]), [2, 2, 3]),
        ("list/cross-join", ([1, 2], [A, B]), [[1, A], [1, B], [2, A], [2, B]]),
        ("list/interleave", ([1, 2, 3], [A, B]), [1, A, 2, B]),
        ("list/repeat", (3, A), [A, A, A]),
        ("list/times", (3, lambda i: i * i), [0, 1, 4]),
        ("list/index-of", ([A, B, C], B), 1),
        ("list/contains?", ([1, 2, 3], 2), True),
    ],
)
def test_list_functions(name, args, expected):
    assert call(name, *args) == expected


def test_list_results_are_lists_for_vector_input():
    result = call("list/unique", Vector([1, 2, 1]))
    assert type(result) is list
    assert result == [1, 2]


def test_membership_is_strict_about_type():
    assert call("list/contains?", [1, 2], 1.0) is False
    assert call("list/unique", [1, 1.0, True]) == [1, 1.0, True]
    assert call("list/index-of", [[1], 2], Vector([1])) is None


def test_join_uses_written_form():
    assert call("list/join", [1, "b", Keyword("c")], "-") == '1-"b"-:c'
    assert call("list/join", [1, 2, 3], ", ", " and ") == "1, 2 and 3"
    assert call("list/join", [], ", ") == ""


def test_statistics():
    assert call("list/sum", [1, 2, 3]) == 6
    assert call("list/sum", []) == 0
    assert call("list/avg", [1, 2, 3]) == 2.0
    assert call("list/median", [4, 1, 2, 3]) == 2.5
    assert call("list/mode", [1, 1, 2]) == 1
    assert call("list/mode", [3, 1, 2]) == [1, 2, 3]
    assert call("list/max", [2, 2.0]) == 2
    assert call("list/min", [3, 1.5, 2]) == 1.5


@pytest.mark.parametrize("name", ["list/avg", "list/max", "list/median", "list/mode"])
def test_statistics_reject_empty_lists(name):
    with pytest.raises(EvalError, match="empty list"):
        call(name, [])


def test_sum_rejects_non_numbers():
    with pytest.raises(SemaTypeError, match="expected number, got string"):
        call("list/sum", [1, "a"])


def test_sequence_argument_is_checked():
    with pytest.raises(SemaTypeError, match="list/sum: expected list"):
        call("list/sum", None)


def test_chunk_size_must_be_positive():
    with pytest.raises(EvalError, match="chunk size must be positive"):
        call("list/chunk", 0, [1])


def test_sole_requires_exactly_one_match():
    assert call("list/sole", even, [1, 2, 3]) == 2
    with pytest.raises(EvalError, match="more than one"):
        call("list/sole", even, [2, 4])
    with pytest.raises(EvalError, match="no matching item"):
        call("list/sole", even, [1])


def test_group_and_key_by():
    grouped = call("list/group-by", even, [1, 2, 3, 4])
    assert grouped == Map({False: [1, 3], True: [2, 4]})
    keyed = call("list/key-by", lambda m: m[A], [Map({A: 1}), Map({A: 2})])
    assert list(keyed) == [1, 2]
    assert call("list/pluck", A, [Map({A: 1}), 5]) == [1, None]


def test_random_functions_stay_in_range():
    items = [1, 2, 3]
    assert sorted(call("list/shuffle", items)) == items
    assert call("list/pick", items) in items


def test_map_entries_in_key_order():
    assert call("map/entries", Map({B: 2, A: 1})) == [[A, 1], [B, 2]]
    assert call("map/from-entries", [[A, 1], Vector([B, 2])]) == Map({A: 1, B: 2})


def test_map_from_entries_requires_pairs():
    with pytest.raises(EvalError, match="each entry must be a pair"):
        call("map/from-entries", [[A]])


def test_map_transformations():
    data = Map({A: 1, B: 2})
    assert call("map/filter", lambda k, v: v > 1, data) == Map({B: 2})
    assert call("map/map-vals", lambda v: v * 10, data) == Map({A: 10, B: 20})
    assert call("map/map-keys", lambda k: k.name, data) == Map({"a": 1, "b": 2})
    assert call("map/except", data, [A]) == Map({B: 2})
    assert call("map/select-keys", data, [A, C]) == Map({A: 1})
    assert call("map/update", data, C, lambda v: v) == Map({A: 1, B: 2, C: None})
    assert call("map/zip", [A, B, C], [1, 2]) == Map({A: 1, B: 2})


def test_map_functions_do_not_mutate():
    data = Map({A: 1})
    call("map/update", data, A, lambda v: v + 1)
    assert data == Map({A: 1})


def test_deep_merge():
    left = Map({A: Map({B: 1})})
    right = Map({A: Map({C: 2})})
    assert call("map/deep-merge", left, right) == Map({A: Map({B: 1, C: 2})})
    assert call("deep-merge", Map({A: 1}), 5) == 5
    assert call("deep-merge") == Map()


def test_map_type_error_message():
    with pytest.raises(SemaTypeError, match="expected map or hashmap, got nil"):
        call("map/entries", None)
