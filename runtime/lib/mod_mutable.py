"""Mutable containers: the ``hashmap/``, ``mutable-array/`` and ``mutable-cell/`` namespaces.

Sema's ordinary maps, lists and vectors are immutable; these are the
escape hatches for code that updates a structure in place.

* A hashmap is a :class:`HashMap`, a ``dict`` that keeps insertion order
  (``hashmap/keys`` returns keys in that order). ``hashmap/assoc`` adds
  entries to it in place and returns it.
* A mutable array is a :class:`MutableArray` that grows with
  ``mutable-array/push!``.
* A mutable cell is a :class:`MutableCell` holding one value.

The printer shows the last two as ``<mutable-array N>`` and
``<mutable-cell>`` through their ``sema_repr`` method.
"""

from __future__ import annotations

from ..errors import EvalError
from ..values import Map, Vector
from .mod_common import check_non_negative, register, type_error


class HashMap(dict):
    """A mutable map that iterates in insertion order."""

    __slots__ = ()
    sema_type = "hashmap"


class MutableArray:
    """A growable array of values, changed in place."""

    __slots__ = ("items",)
    sema_type = "mutable-array"

    def __init__(self) -> None:
        self.items: list = []

    def sema_repr(self) -> str:
        return f"<mutable-array {len(self.items)}>"

    def __repr__(self) -> str:
        return f"MutableArray({self.items!r})"


class MutableCell:
    """A box containing one value."""

    __slots__ = ("value",)
    sema_type = "mutable-cell"

    def __init__(self, value) -> None:
        self.value = value

    def sema_repr(self) -> str:
        return "<mutable-cell>"

    def __repr__(self) -> str:
        return f"MutableCell({self.value!r})"


# ---------------------------------------------------------------------------
# hashmap/


def _check_hashmap(function: str, value) -> HashMap:
    if not isinstance(value, HashMap):
        raise type_error(function, "hashmap", value)
    return value


def _pairs(function: str, items: tuple) -> list:
    if len(items) % 2:
        raise EvalError(f"{function}: requires even number of arguments")
    return list(zip(items[0::2], items[1::2]))


@register("hashmap/new")
def new(*items):
    """Return a hashmap holding the given key-value pairs."""
    return HashMap(_pairs("hashmap/new", items))


@register("hashmap/assoc")
def assoc(table, *items):
    """Set the given key-value pairs in ``table`` and return it."""
    _check_hashmap("hashmap/assoc", table)
    table.update(_pairs("hashmap/assoc", items))
    return table


@register("hashmap/get")
def get(table, key, default=None):
    """Return the value under ``key`` in a hashmap or map, or ``default``."""
    if not isinstance(table, dict):
        raise type_error("hashmap/get", "hashmap", table)
    return table.get(key, default)


@register("hashmap/contains?")
def contains(table, key):
    if not isinstance(table, dict):
        raise type_error("hashmap/contains?", "hashmap", table)
    return key in table


@register("hashmap/keys")
def keys(table):
    """Return the keys in insertion order."""
    return list(_check_hashmap("hashmap/keys", table).keys())


@register("hashmap/to-map")
def to_map(table):
    """Return an ordinary (immutable, key-ordered) map with the same entries."""
    return Map(_check_hashmap("hashmap/to-map", table))


# ---------------------------------------------------------------------------
# mutable-array/


def _check_array(function: str, value) -> MutableArray:
    if not isinstance(value, MutableArray):
        raise type_error(function, "mutable-array", value)
    return value


def _check_index(function: str, array: MutableArray, index) -> int:
    check_non_negative(function, index)
    if index >= len(array.items):
        raise EvalError(f"{function}: index {index} out of bounds (length {len(array.items)})")
    return index


@register("mutable-array/new")
def array_new(*_capacity):
    """Return an empty mutable array (an optional capacity argument is accepted and ignored)."""
    return MutableArray()


@register("mutable-array/push!")
def array_push(array, value):
    """Append ``value`` and return the array."""
    _check_array("mutable-array/push!", array).items.append(value)
    return array


@register("mutable-array/get")
def array_get(array, index, *default):
    """Return item ``index``; past the end, ``default`` when given, else an error."""
    _check_array("mutable-array/get", array)
    check_non_negative("mutable-array/get", index)
    if index < len(array.items):
        return array.items[index]
    if default:
        return default[0]
    return array.items[_check_index("mutable-array/get", array, index)]


@register("mutable-array/set!")
def array_set(array, index, value):
    _check_array("mutable-array/set!", array)
    array.items[_check_index("mutable-array/set!", array, index)] = value
    return array


@register("mutable-array/length")
def array_length(array):
    return len(_check_array("mutable-array/length", array).items)


@register("mutable-array/->vector")
def array_to_vector(array):
    return Vector(_check_array("mutable-array/->vector", array).items)


# ---------------------------------------------------------------------------
# mutable-cell/


@register("mutable-cell/new")
def cell_new(value):
    return MutableCell(value)


@register("mutable-cell/get")
def cell_get(cell):
    if not isinstance(cell, MutableCell):
        raise type_error("mutable-cell/get", "mutable-cell", cell)
    return cell.value


@register("mutable-cell/set!")
def cell_set(cell, value):
    """Store ``value`` in the cell and return the cell."""
    if not isinstance(cell, MutableCell):
        raise type_error("mutable-cell/set!", "mutable-cell", cell)
    cell.value = value
    return cell
