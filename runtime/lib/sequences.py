"""Higher-order and search builtins over lists and vectors.

``map``, ``filter``, the folds, ``sort`` and the searches accept a list or
a vector and return a list. A function argument is any Python callable:
a compiled lambda, a builtin or a keyword. ``(foldl f init xs)`` calls
``(f acc x)`` and ``(foldr f init xs)`` calls ``(f x acc)``.
"""

from __future__ import annotations

import math
import operator
from functools import cmp_to_key

from ..errors import EvalError, type_name
from ..registry import BUILTINS
from ..values import Char, Keyword, Map, Symbol, Vector
from .args import (
    NUMBER_TYPES,
    check_callable,
    check_sequence,
    is_nan,
    register,
    sequence_error,
    type_error,
)
from .equality import equal
from .numbers import add, multiply, subtract

# -- mapping and filtering -------------------------------------------------


@register("map", "mapcar")
def map_(function, items, *more):
    """Apply ``function`` across one or more sequences, stopping at the shortest."""
    if not more:
        if not isinstance(items, list):
            raise sequence_error(items, "map")
        check_callable(function)
        return [function(item) for item in items]
    sequences = (items, *more)
    for sequence in sequences:
        check_sequence(sequence, "map")
    check_callable(function)
    if len(more) == 1 and _all_ints(items) and _all_ints(more[0]):
        # On two ints these builtins are Python's operators.
        native = _INT_OPERATORS.get(id(function))
        if native is not None:
            return list(map(native, items, more[0]))
    return [function(*group) for group in zip(*sequences)]


_INT_OPERATORS = {id(add): operator.add, id(subtract): operator.sub, id(multiply): operator.mul}


def _all_ints(items: list) -> bool:
    """True when every element is an int (not a bool); checked in C, not in a Python loop."""
    return bool(items) and set(map(type, items)) == {int}


@register("for-each")
def for_each(function, items):
    check_sequence(items, "for-each")
    check_callable(function)
    for item in items:
        function(item)


@register("filter")
def filter_(predicate, items):
    check_sequence(items, "filter")
    check_callable(predicate)
    result = []
    for item in items:
        keep = predicate(item)
        if keep is not None and keep is not False:
            result.append(item)
    return result


@register("flat-map")
def flat_map(function, items):
    """Map ``function`` and splice each list or vector it returns into the result."""
    check_sequence(items, "flat-map")
    check_callable(function)
    result = []
    for item in items:
        produced = function(item)
        if isinstance(produced, list):
            result.extend(produced)
        else:
            result.append(produced)
    return result


@register("map-indexed")
def map_indexed(function, items):
    """Call ``(function index item)`` for each element."""
    check_sequence(items, "map-indexed")
    check_callable(function)
    return [function(index, item) for index, item in enumerate(items)]


@register("partition")
def partition(predicate, items):
    """Return ``(matching non-matching)``, each in the original order."""
    check_sequence(items, "partition")
    check_callable(predicate)
    matching = []
    rest = []
    for item in items:
        keep = predicate(item)
        (matching if keep is not None and keep is not False else rest).append(item)
    return [matching, rest]


@register("take-while")
def take_while(predicate, items):
    check_sequence(items, "take-while")
    check_callable(predicate)
    result = []
    for item in items:
        keep = predicate(item)
        if keep is None or keep is False:
            break
        result.append(item)
    return result


@register("drop-while")
def drop_while(predicate, items):
    check_sequence(items, "drop-while")
    check_callable(predicate)
    for index, item in enumerate(items):
        keep = predicate(item)
        if keep is None or keep is False:
            return list(items[index:])
    return []


@register("any", "any?", "some?")
def any_(predicate, items) -> bool:
    check_sequence(items, "any")
    check_callable(predicate)
    for item in items:
        found = predicate(item)
        if found is not None and found is not False:
            return True
    return False


@register("every", "every?")
def every(predicate, items) -> bool:
    check_sequence(items, "every")
    check_callable(predicate)
    for item in items:
        found = predicate(item)
        if found is None or found is False:
            return False
    return True


@register("frequencies")
def frequencies(items):
    """Return a map from each distinct element to how often it occurs."""
    counts = {}
    for item in check_sequence(items, "frequencies"):
        counts[item] = counts.get(item, 0) + 1
    return Map(counts)


# -- folding and application -----------------------------------------------


@register("foldl", "fold")
def foldl(function, initial, items):
    check_sequence(items, "foldl")
    check_callable(function)
    if type(initial) is int and (function is add or function is multiply) and _all_ints(items):
        # An int sum or product is the same value however it is grouped.
        return sum(items, initial) if function is add else math.prod(items, start=initial)
    accumulator = initial
    for item in items:
        accumulator = function(accumulator, item)
    return accumulator


@register("foldr")
def foldr(function, initial, items):
    check_sequence(items, "foldr")
    check_callable(function)
    accumulator = initial
    for item in reversed(items):
        accumulator = function(item, accumulator)
    return accumulator


@register("reduce")
def reduce(function, items):
    """Fold a non-empty sequence from the left, starting with its first element."""
    check_sequence(items, "reduce")
    check_callable(function)
    if not items:
        raise EvalError("reduce: empty list")
    accumulator = items[0]
    for item in items[1:]:
        accumulator = function(accumulator, item)
    return accumulator


@register("apply")
def apply(function, first, *rest):
    """Call ``function`` with the leading arguments, then the elements of the last."""
    if not rest:
        check_sequence(first, "apply")
        check_callable(function)
        return function(*first)
    spread = check_sequence(rest[-1], "apply")
    check_callable(function)
    return function(first, *rest[:-1], *spread)


# -- searching -------------------------------------------------------------


@register("member")
def member(item, items):
    """Return the tail of ``items`` that starts with ``item``, or ``#f``."""
    check_sequence(items, "member")
    for index, candidate in enumerate(items):
        if equal(candidate, item):
            return list(items[index:])
    return False


def alist_lookup(key, alist):
    """Return the first entry of an association list whose first element equals ``key``.

    Entries that are not non-empty lists (vectors included) are skipped. Returns
    ``#f`` when no entry matches.
    """
    for entry in alist:
        if type(entry) is list and entry and equal(entry[0], key):
            return entry
    return False


@register("assq")
def assq(key, alist):
    return alist_lookup(key, check_sequence(alist, "assq"))


@register("assv")
def assv(key, alist):
    return alist_lookup(key, check_sequence(alist, "assv"))


# -- sorting ---------------------------------------------------------------


def compare_values(left, right) -> int:
    """Order two values the way ``sort`` does without a comparator.

    Numbers compare by value across int, float and rational. Strings,
    symbols, keywords and characters compare by their text, and lists and
    vectors element by element. All maps compare equal. Any other mix of
    types is a type error. Python's sort passes the later element as ``left``, and the
    reference's message names the earlier element's type as the expected
    one, so the error names ``right``'s type first.
    """
    left_type = type(left)
    right_type = type(right)
    if left_type in NUMBER_TYPES and right_type in NUMBER_TYPES:
        return (left > right) - (left < right)
    if left_type is str and right_type is str:
        return (left > right) - (left < right)
    if isinstance(left, Symbol) and isinstance(right, Symbol):
        return (left.name > right.name) - (left.name < right.name)
    if left_type is not right_type:
        raise type_error(type_name(right), left)
    if left_type is Keyword:
        return (left.name > right.name) - (left.name < right.name)
    if left_type is Char:
        return (left.char > right.char) - (left.char < right.char)
    if left_type is bool:
        return left - right
    if left_type is list or left_type is Vector:
        for left_item, right_item in zip(left, right):
            order = compare_values(left_item, right_item)
            if order:
                return order
        return (len(left) > len(right)) - (len(left) < len(right))
    if left is None or isinstance(left, dict):
        return 0
    raise type_error(type_name(right), left)


#: The reference reads a comparator's integer result only within 64 bits:
#: a larger one is a big integer, which it reads as "equal".
INT64_MAX = 2**63 - 1


def _comparator_key(function):
    """Build a sort key from a user comparator.

    The reference reads the comparator's result as an ordering: ``#t`` is
    less, ``#f`` is greater, an integer by its sign, anything else equal.
    It then moves an element before an earlier one when comparing the
    earlier one to it gives "greater", which makes ``(sort xs <)`` order
    equal elements in reverse. Asking Python's sort "is x less than y?" as
    "does (f y x) say greater?" reproduces that behaviour.
    """

    def compare(later, earlier) -> int:
        # "Greater" is #f or a positive integer; the test is inline because
        # this runs once per comparison.
        result = function(earlier, later)
        if result is False or (type(result) is int and 0 < result <= INT64_MAX):
            return -1
        return 1

    return cmp_to_key(compare)


def _all_same_plain_type(items) -> bool:
    """Return True when Python's own ``<`` orders ``items`` as the reference does."""
    first_type = type(items[0])
    if first_type is str:
        return all(type(item) is str for item in items)
    if first_type in NUMBER_TYPES:
        return all(type(item) in NUMBER_TYPES and not is_nan(item) for item in items)
    return False


@register("sort")
def sort(items, comparator=None):
    """Return the elements of a list or vector in order, as a list.

    Without ``comparator`` the order is :func:`compare_values`. With one,
    ``(comparator a b)`` decides whether ``a`` goes first.
    """
    check_sequence(items, "sort")
    if comparator is not None:
        check_callable(comparator)
        if any(comparator is BUILTINS.get(name) for name in ("<", ">", "<=", ">=", "=")):
            # The reference sorts with these natively, on numbers only, though
            # (< "a" "b") alone is allowed.
            for item in items:
                if type(item) not in NUMBER_TYPES:
                    raise type_error("number", item)
        descending = comparator is BUILTINS.get(">")
        if (descending or comparator is BUILTINS.get("<")) and _all_ints(items):
            # Equal ints are indistinguishable, so the reference's order of
            # ties does not show, and Python's own comparison gives the order.
            return sorted(items, reverse=descending)
        return sorted(items, key=_comparator_key(comparator))
    if not items:
        return []
    if _all_same_plain_type(items):
        return sorted(items)
    return sorted(items, key=cmp_to_key(compare_values))


@register("sort-by")
def sort_by(key_function, items):
    """Sort by the value of ``key_function`` for each element, keeping ties in order."""
    check_sequence(items, "sort-by")
    check_callable(key_function)
    keyed = [(key_function(item), item) for item in items]
    order = cmp_to_key(compare_values)
    keyed.sort(key=lambda pair: order(pair[0]))
    return [item for _, item in keyed]
