"""The ``map/`` namespace: building, filtering and transforming maps.

Maps are never changed in place; each function returns a new
:class:`~runtime.values.Map`. Entries are ``(key value)`` lists, visited in
Sema's key order.
"""

from __future__ import annotations

from ..errors import EvalError, SemaTypeError, type_name
from ..registry import BUILTINS
from ..values import copy_map, Map, truthy
from ..names import mangle
from .mod_common import alias, check_function, register


def check_map(function: str, value) -> dict:
    if not isinstance(value, dict):
        raise SemaTypeError(
            "map",
            value,
            message=f"{function}: expected map or hashmap, got {type_name(value)}",
        )
    return value


def _check_keys(function: str, keys) -> list:
    if not isinstance(keys, list):
        raise SemaTypeError(
            "list or vector",
            keys,
            message=f"{function}: expected list or vector, got {type_name(keys)}",
        )
    return keys


def _items(mapping: dict) -> list:
    if isinstance(mapping, Map):
        return mapping.sorted_items()
    return list(mapping.items())


@register("map/entries")
def entries(mapping):
    """Return the ``(key value)`` pairs in key order."""
    check_map("map/entries", mapping)
    return [[key, value] for key, value in _items(mapping)]


@register("map/from-entries")
def from_entries(pairs):
    """Build a map from ``(key value)`` lists or vectors; a later key wins."""
    _check_keys("map/from-entries", pairs)
    result = Map()
    for pair in pairs:
        _check_keys("map/from-entries", pair)
        if len(pair) != 2:
            raise EvalError("map/from-entries: each entry must be a pair (key value)")
        result[pair[0]] = pair[1]
    return result


@register("map/zip")
def zip_(keys, values):
    """Pair ``keys`` with ``values``, stopping at the shorter list."""
    _check_keys("map/zip", keys)
    _check_keys("map/zip", values)
    return Map(zip(keys, values))


@register("map/except")
def except_(mapping, keys):
    """Return ``mapping`` without ``keys``."""
    check_map("map/except", mapping)
    _check_keys("map/except", keys)
    result = copy_map(mapping)
    for key in keys:
        result.pop(key, None)
    return result


@register("map/select-keys")
def select_keys(mapping, keys):
    """Return the entries of ``mapping`` whose key is in ``keys``; absent keys are skipped."""
    check_map("map/select-keys", mapping)
    _check_keys("map/select-keys", keys)
    return Map((key, mapping[key]) for key in keys if key in mapping)


@register("map/filter")
def filter_(predicate, mapping):
    """Keep the entries for which ``(predicate key value)`` is true."""
    check_function("map/filter", predicate)
    check_map("map/filter", mapping)
    return Map((k, v) for k, v in _items(mapping) if truthy(predicate(k, v)))


@register("map/map-keys")
def map_keys(function, mapping):
    """Replace each key by ``(function key)``; when two keys collide the later one wins."""
    check_function("map/map-keys", function)
    check_map("map/map-keys", mapping)
    result = Map()
    for key, value in _items(mapping):
        result[function(key)] = value
    return result


@register("map/map-vals")
def map_vals(function, mapping):
    """Replace each value by ``(function value)``."""
    check_function("map/map-vals", function)
    check_map("map/map-vals", mapping)
    return Map((key, function(value)) for key, value in _items(mapping))


@register("map/update")
def update(mapping, key, function):
    """Set ``key`` to ``(function old)``, where ``old`` is nil for a missing key."""
    check_map("map/update", mapping)
    check_function("map/update", function)
    result = copy_map(mapping)
    result[key] = function(mapping.get(key))
    return result


@register("map/sort-keys")
def sort_keys(mapping):
    """Return the map with its keys in Sema's order (maps are always kept in that order)."""
    check_map("map/sort-keys", mapping)
    return copy_map(mapping)


def _deep_merge_two(left, right):
    if isinstance(left, dict) and isinstance(right, dict):
        result = Map(left)
        for key, value in _items(right):
            result[key] = _deep_merge_two(result[key], value) if key in result else value
        return result
    return right


def deep_merge(*maps):
    """Merge maps from left to right, merging nested maps; any other value replaces."""
    if not maps:
        return Map()
    result = maps[0]
    for mapping in maps[1:]:
        result = _deep_merge_two(result, mapping)
    return result


if "deep-merge" not in BUILTINS:
    deep_merge.sema_name = "deep-merge"
    deep_merge.__name__ = deep_merge.__qualname__ = mangle("deep-merge")
    BUILTINS["deep-merge"] = deep_merge

for _name, _target in {
    "map/deep-merge": "deep-merge",
    "map/new": "hash-map",
    "map/get-in": "get-in",
    "map/assoc-in": "assoc-in",
    "map/update-in": "update-in",
}.items():
    alias(_name, _target)
