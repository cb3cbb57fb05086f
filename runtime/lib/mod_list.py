"""The ``list/`` namespace: list utilities beyond the Scheme core.

Every function accepts a list or a vector and returns a list. Where the
reference puts the count first (``(list/chunk 2 xs)``, ``(list/take-last 2
xs)``) so does this module. Membership and duplicate tests use ``equal?``,
so ``1`` and ``1.0`` are different items.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import EvalError
from ..printer import write_string
from ..values import Map, sort_key, truthy
from .mod_common import (
    alias,
    check_function,
    check_int,
    check_non_negative,
    check_number,
    check_sequence,
    check_string,
    register,
    strict_key,
)


def _sorted_values(values: list) -> list:
    """Sort values the way the reference orders them: numbers by value, then by type."""
    try:
        return sorted(values, key=sort_key)
    except TypeError:
        return sorted(values, key=lambda value: (sort_key(value)[0], write_string(value)))


# ---------------------------------------------------------------------------
# Slicing


@register("list/chunk")
def chunk(size, items):
    """Split ``items`` into lists of ``size``; the last one may be shorter."""
    check_int("list/chunk", size)
    check_sequence("list/chunk", items)
    if size <= 0:
        raise EvalError("list/chunk: chunk size must be positive")
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


@register("list/sliding")
def sliding(items, size, step=1):
    """Return the windows of ``size`` items, starting every ``step`` items."""
    check_sequence("list/sliding", items)
    check_non_negative("list/sliding", size)
    check_non_negative("list/sliding", step)
    if size == 0:
        raise EvalError("list/sliding: size must be positive")
    if step == 0:
        raise EvalError("list/sliding: step must be positive")
    return [
        list(items[start : start + size])
        for start in range(0, len(items) - size + 1, step)
    ]


@register("list/take-last")
def take_last(count, items):
    check_non_negative("list/take-last", count)
    check_sequence("list/take-last", items)
    return list(items[len(items) - count :]) if count else []


@register("list/drop-last")
def drop_last(count, items):
    check_non_negative("list/drop-last", count)
    check_sequence("list/drop-last", items)
    return list(items[: max(0, len(items) - count)])


@register("list/split-at")
def split_at(items, index):
    """Return ``(first-index-items rest)``."""
    check_sequence("list/split-at", items)
    check_non_negative("list/split-at", index)
    return [list(items[:index]), list(items[index:])]


@register("list/page")
def page(items, number, size):
    """Return page ``number`` (counting from 1) of ``size`` items."""
    check_sequence("list/page", items)
    check_int("list/page", number)
    check_non_negative("list/page", size)
    if number < 1:
        raise EvalError("list/page: page must be >= 1")
    start = (number - 1) * size
    return list(items[start : start + size])


@register("list/nth-or")
def nth_or(items, index, default):
    """Return item ``index``, or ``default`` when the list is shorter."""
    check_sequence("list/nth-or", items)
    check_non_negative("list/nth-or", index)
    return items[index] if index < len(items) else default


@register("list/pad")
def pad(items, length, fill):
    """Extend ``items`` with ``fill`` up to ``length``; longer lists stay as they are."""
    check_sequence("list/pad", items)
    check_non_negative("list/pad", length)
    return list(items) + [fill] * max(0, length - len(items))


# ---------------------------------------------------------------------------
# Predicates over items


@register("list/find")
def find(predicate, items):
    check_function("list/find", predicate)
    check_sequence("list/find", items)
    for item in items:
        if truthy(predicate(item)):
            return item
    return None


@register("list/reject")
def reject(predicate, items):
    check_function("list/reject", predicate)
    check_sequence("list/reject", items)
    return [item for item in items if not truthy(predicate(item))]


@register("list/take-while")
def take_while(predicate, items):
    check_function("list/take-while", predicate)
    check_sequence("list/take-while", items)
    result = []
    for item in items:
        if not truthy(predicate(item)):
            break
        result.append(item)
    return result


@register("list/drop-while")
def drop_while(predicate, items):
    check_function("list/drop-while", predicate)
    check_sequence("list/drop-while", items)
    for index, item in enumerate(items):
        if not truthy(predicate(item)):
            return list(items[index:])
    return []


@register("list/sole")
def sole(predicate, items):
    """Return the only item that satisfies ``predicate``; raise when there are none or several."""
    check_function("list/sole", predicate)
    check_sequence("list/sole", items)
    found = [item for item in items if truthy(predicate(item))]
    if not found:
        raise EvalError("list/sole: no matching item")
    if len(found) > 1:
        raise EvalError("list/sole: more than one matching item")
    return found[0]


@register("list/contains?")
def contains(items, value):
    check_sequence("list/contains?", items)
    key = strict_key(value)
    return any(strict_key(item) == key for item in items)


@register("list/index-of")
def index_of(items, value):
    check_sequence("list/index-of", items)
    key = strict_key(value)
    for index, item in enumerate(items):
        if strict_key(item) == key:
            return index
    return None


# ---------------------------------------------------------------------------
# Sets and duplicates


@register("list/unique")
def unique(items):
    """Return the items without repeats, in order of first appearance."""
    check_sequence("list/unique", items)
    seen = set()
    result = []
    for item in items:
        key = strict_key(item)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


@register("list/dedupe")
def dedupe(items):
    """Drop items equal to the item just before them."""
    check_sequence("list/dedupe", items)
    result = []
    previous = object()
    for item in items:
        key = strict_key(item)
        if key != previous:
            result.append(item)
        previous = key
    return result


@register("list/duplicates")
def duplicates(items):
    """Return, sorted, each value that occurs more than once."""
    check_sequence("list/duplicates", items)
    counts: dict = {}
    first: dict = {}
    for item in items:
        key = strict_key(item)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, item)
    return _sorted_values([first[key] for key, count in counts.items() if count > 1])


@register("list/diff")
def diff(items, removed):
    """Return the items of ``items`` that are not in ``removed``."""
    check_sequence("list/diff", items)
    check_sequence("list/diff", removed)
    removed_keys = {strict_key(item) for item in removed}
    return [item for item in items if strict_key(item) not in removed_keys]


@register("list/intersect")
def intersect(items, kept):
    """Return the items of ``items`` that are also in ``kept``, repeats included."""
    check_sequence("list/intersect", items)
    check_sequence("list/intersect", kept)
    kept_keys = {strict_key(item) for item in kept}
    return [item for item in items if strict_key(item) in kept_keys]


# ---------------------------------------------------------------------------
# Combining lists


@register("list/cross-join")
def cross_join(left, right):
    """Return every ``(a b)`` pair with ``a`` from ``left`` and ``b`` from ``right``."""
    check_sequence("list/cross-join", left)
    check_sequence("list/cross-join", right)
    return [[a, b] for a in left for b in right]


@register("list/interleave")
def interleave(first, second, *more):
    """Alternate the items of the lists, stopping at the end of the shortest."""
    lists = (first, second) + more
    for items in lists:
        check_sequence("list/interleave", items)
    return [item for group in zip(*lists) for item in group]


@register("list/join")
def join(items, separator, last_separator=None):
    """Join the written forms of the items (strings stay quoted) with ``separator``.

    With ``last_separator`` the final two items are joined by it instead.
    """
    check_sequence("list/join", items)
    check_string("list/join", separator)
    if last_separator is not None:
        check_string("list/join", last_separator)
    texts = [write_string(item) for item in items]
    if last_separator is None or len(texts) < 2:
        return separator.join(texts)
    return separator.join(texts[:-1]) + last_separator + texts[-1]


# ---------------------------------------------------------------------------
# Grouping


@register("list/group-by")
def group_by(key_function, items):
    """Return a map from each key to the list of items with that key, in order."""
    check_function("list/group-by", key_function)
    check_sequence("list/group-by", items)
    groups = Map()
    for item in items:
        key = key_function(item)
        if key in groups:
            groups[key].append(item)
        else:
            groups[key] = [item]
    return groups


@register("list/key-by")
def key_by(key_function, items):
    """Return a map from each item's key to the item; a later item wins."""
    check_function("list/key-by", key_function)
    check_sequence("list/key-by", items)
    result = Map()
    for item in items:
        result[key_function(item)] = item
    return result


@register("list/pluck")
def pluck(key, items):
    """Return the value under ``key`` of each item (nil for items that are not maps)."""
    check_sequence("list/pluck", items)
    return [item.get(key) if isinstance(item, dict) else None for item in items]


# ---------------------------------------------------------------------------
# Numbers


def _numbers(function: str, items) -> list:
    check_sequence(function, items)
    for item in items:
        check_number(function, item)
    return items


def _non_empty_numbers(function: str, items) -> list:
    _numbers(function, items)
    if not items:
        raise EvalError(f"{function}: empty list")
    return items


def _exact_sum(items):
    total = 0
    for item in items:
        total = total + item
    if isinstance(total, Fraction) and total.denominator == 1:
        return total.numerator
    return total


@register("list/sum")
def sum_(items):
    """Add the numbers; an empty list gives 0."""
    return _exact_sum(_numbers("list/sum", items))


@register("list/avg")
def avg(items):
    """Return the mean as a float."""
    _non_empty_numbers("list/avg", items)
    return float(_exact_sum(items)) / len(items)


@register("list/median")
def median(items):
    """Return the median as a float; for an even count, the mean of the middle two."""
    _non_empty_numbers("list/median", items)
    ordered = sorted(items)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (float(ordered[middle - 1]) + float(ordered[middle])) / 2


@register("list/mode")
def mode(items):
    """Return the most frequent value, or a sorted list of them when several tie."""
    check_sequence("list/mode", items)
    if not items:
        raise EvalError("list/mode: empty list")
    counts: dict = {}
    first: dict = {}
    for item in items:
        key = strict_key(item)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, item)
    highest = max(counts.values())
    modes = [first[key] for key, count in counts.items() if count == highest]
    if len(modes) == 1:
        return modes[0]
    return _sorted_values(modes)


@register("list/max")
def max_(items):
    """Return the largest number; the first one among equals."""
    return max(_non_empty_numbers("list/max", items))


@register("list/min")
def min_(items):
    """Return the smallest number; the first one among equals."""
    return min(_non_empty_numbers("list/min", items))


# ---------------------------------------------------------------------------
# Building lists


@register("list/repeat")
def repeat(count, value):
    check_non_negative("list/repeat", count)
    return [value] * count


@register("list/times")
def times(count, function):
    """Return ``(function 0) ... (function count-1)``."""
    check_non_negative("list/times", count)
    check_function("list/times", function)
    return [function(index) for index in range(count)]


@register("list/shuffle")
def shuffle(items):
    """Return the items in a random order."""
    import random

    check_sequence("list/shuffle", items)
    result = list(items)
    random.shuffle(result)
    return result


@register("list/pick")
def pick(items):
    """Return a random item."""
    import random

    check_sequence("list/pick", items)
    if not items:
        raise EvalError("list/pick: empty list")
    return random.choice(items)


alias("list/to-bytevector", "list->bytevector")
