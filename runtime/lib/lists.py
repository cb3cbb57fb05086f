"""List and vector structure: construction, access, predicates and conversion.

Sema lists are Python ``list`` objects and vectors are :class:`Vector`, a
``list`` subclass, so ``type(x) is list`` distinguishes a list from a vector. There
are no cons cells: ``(cons 1 2)`` is the two-element list ``(1 2)``. Lists
are treated as immutable, so every builtin returns a new list and never
changes an argument.

Accessors accept a list or a vector. ``car`` of an empty list is nil and
``cdr`` of an empty list is the empty list, as in the reference; ``car`` of
nil is a type error.
"""

from __future__ import annotations

from ..errors import EvalError
from ..values import Vector
from .args import (
    arity_error,
    check_int,
    check_sequence,
    register,
    sequence_error,
    type_error,
)

# -- construction ----------------------------------------------------------


@register("list")
def list_(*items):
    return list(items)


@register("cons")
def cons(head, tail):
    """Prepend ``head`` to a list. Any other tail becomes the second element."""
    if type(tail) is list:
        return [head, *tail]
    if tail is None:
        return [head]
    return [head, tail]


@register("vector")
def vector(*items):
    return Vector(items)


@register("list/repeat", "make-list")
def make_list(count, item):
    """Return a list of ``count`` copies of ``item``; errors name it ``list/repeat``."""
    check_int(count)
    if count < 0:
        raise EvalError(f"list/repeat: expected a non-negative integer, got {count}")
    return [item] * count


@register("list->vector")
def list_to_vector(items):
    if type(items) is not list:
        raise type_error("list", items)
    return Vector(items)


@register("vector->list")
def vector_to_list(items):
    if not isinstance(items, Vector):
        raise type_error("vector", items)
    return list(items)


# -- access ----------------------------------------------------------------


def _check_pair_source(value) -> list:
    if not isinstance(value, list):
        raise type_error("list or vector", value)
    return value


@register("car", "first")
def car(value):
    """Return the first element of a list or vector, or nil when it is empty."""
    if type(value) is list:
        return value[0] if value else None
    _check_pair_source(value)
    return value[0] if value else None


@register("cdr", "rest")
def cdr(value):
    """Return all but the first element, as a vector when ``value`` is one."""
    if type(value) is list:
        return value[1:]
    _check_pair_source(value)
    return value[1:]


def _define_cxr(path: str) -> None:
    """Register ``c<path>r``, for example ``cadr`` for the path ``ad``.

    The letters apply right to left: ``cadr`` is ``car`` of ``cdr``. The
    reference reports an arity error under the name of the innermost step
    (``(cadr)`` fails with ``cdr expects 1 argument``), so the function
    carries that name.
    """
    steps = [car if letter == "a" else cdr for letter in reversed(path)]

    def accessor(value):
        for step in steps:
            value = step(value)
        return value

    innermost = "car" if path[-1] == "a" else "cdr"
    register(f"c{path}r", arity_name=innermost)(accessor)


for _path in ("aa", "ad", "da", "dd"):
    _define_cxr(_path)
for _path in ("aaa", "aad", "ada", "add", "daa", "dad", "dda", "ddd"):
    _define_cxr(_path)


@register("cadr", arity_name="cdr")
def cadr(value):
    """Return the second element (nil when there is none)."""
    if type(value) is list:
        return value[1] if len(value) > 1 else None
    return car(cdr(value))


@register("last")
def last(items):
    if not isinstance(items, list):
        raise sequence_error(items, "last")
    return items[-1] if items else None


@register("nth")
def nth(items, index):
    """Return the element at ``index``. An index out of range is an error, not nil."""
    check_int(index)
    _check_pair_source(items)
    if index < 0:
        raise EvalError(f"nth: index must be non-negative, got {index}")
    if index >= len(items):
        raise EvalError(f"index {index} out of bounds (length {len(items)})")
    return items[index]


def _check_count(name: str, count) -> int:
    check_int(count)
    if count < 0:
        raise EvalError(f"{name}: expected a non-negative integer, got {count}")
    return count


@register("take")
def take(count, items):
    """Return the first ``count`` elements as a list (all of them when fewer)."""
    _check_count("take", count)
    return list(check_sequence(items, "take")[:count])


@register("drop")
def drop(count, items):
    _check_count("drop", count)
    return list(check_sequence(items, "drop")[count:])


# -- size and predicates ---------------------------------------------------

_LENGTH_EXPECTED = (
    "list, vector, string, map, hashmap, bytevector, typed array, or mutable-array"
)


@register("length")
def length(value) -> int:
    if type(value) is list:
        return len(value)
    if isinstance(value, (list, str, dict, bytes, bytearray)):
        return len(value)
    raise type_error(_LENGTH_EXPECTED, value)


@register("count")
def count(value) -> int:
    """Return the number of elements of a collection, counting nil as empty."""
    if value is None:
        return 0
    if isinstance(value, (list, str, dict, bytes, bytearray)):
        return len(value)
    raise type_error("collection", value)


@register("empty?")
def is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, str, dict, bytes, bytearray)):
        return len(value) == 0
    raise type_error("collection", value)


@register("null?")
def is_null(value) -> bool:
    """Return #t for nil and for the empty list (not for an empty vector)."""
    return value is None or (type(value) is list and not value)


@register("list?")
def is_list(value) -> bool:
    return type(value) is list


@register("pair?")
def is_pair(value) -> bool:
    return type(value) is list and len(value) > 0


@register("vector?")
def is_vector(value) -> bool:
    return isinstance(value, Vector)


# -- combining -------------------------------------------------------------


@register("append")
def append(*parts):
    """Concatenate lists and vectors into a new list."""
    result = []
    for part in parts:
        if not isinstance(part, list):
            raise type_error("list or vector", part)
        result.extend(part)
    return result


@register("reverse")
def reverse(items):
    """Reverse a list, or a vector into a vector."""
    if type(items) is list:
        return items[::-1]
    if isinstance(items, Vector):
        return Vector(reversed(items))
    raise type_error("list or vector", items)


@register("flatten")
def flatten(items):
    """Splice the lists and vectors among ``items`` one level deep."""
    result = []
    for item in check_sequence(items, "flatten"):
        if isinstance(item, list):
            result.extend(item)
        else:
            result.append(item)
    return result


@register("flatten-deep")
def flatten_deep(items):
    """Splice nested lists and vectors at every depth."""
    result = []
    pending = [iter(check_sequence(items, "flatten-deep"))]
    while pending:
        for item in pending[-1]:
            if isinstance(item, list):
                pending.append(iter(item))
                break
            result.append(item)
        else:
            pending.pop()
    return result


@register("interpose")
def interpose(separator, items):
    result = []
    for item in check_sequence(items, "interpose"):
        if result:
            result.append(separator)
        result.append(item)
    return result


@register("enumerate")
def enumerate_(items):
    """Return ``((0 a) (1 b) ...)`` for the elements of ``items``."""
    return [
        [index, item] for index, item in enumerate(check_sequence(items, "enumerate"))
    ]


@register("zip")
def zip_(*sequences):
    """Return lists of the elements at each position, as long as the shortest input."""
    if len(sequences) < 2:
        raise arity_error("zip", "2 or more", len(sequences))
    for items in sequences:
        check_sequence(items, "zip")
    return [list(group) for group in zip(*sequences)]


@register("range")
def range_(first, second=None, step=1):
    """Return the ints of ``(range end)``, ``(range start end)`` or with a ``step``."""
    check_int(first)
    if second is None:
        start, end = 0, first
    else:
        start, end = first, check_int(second)
    check_int(step)
    if step == 0:
        raise EvalError("range: step cannot be 0")
    return list(range(start, end, step))


@register("iota")
def iota(count, start=0, step=1):
    """Return ``count`` numbers from ``start``, ``step`` apart."""
    check_int(count)
    check_int(start)
    check_int(step)
    return [start + index * step for index in range(count)]
