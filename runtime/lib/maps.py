"""Map builtins: lookup, update, keys and values, nested paths.

Maps are :class:`~runtime.values.Map` objects, ``dict`` subclasses that
iterate in the reference's key order. They are immutable by convention:
``assoc``, ``dissoc``, ``merge`` and the path functions return new maps.
``nil`` is not a map here (``(get nil :a)`` is a type error), but the path
functions ``get-in``, ``assoc-in`` and ``update-in`` treat a missing or
non-map level as empty, as the reference does.

NOTE: keys are stored in a Python ``dict``, so ``1``, ``1.0`` and ``#t``
are the same key, where the reference keeps them apart. Lookups with a
float or boolean key check the stored key's type; int keys do not, to keep
them fast.
"""

from __future__ import annotations

from ..errors import EvalError
from ..values import copy_map, Map
from .args import arity_error, check_map, register, type_error
from .sequences import alist_lookup

_MISSING = object()


def lookup(mapping: dict, key, default=None):
    """Return the value stored under ``key``, or ``default`` when there is none."""
    found = mapping.get(key, _MISSING)
    if found is _MISSING:
        return default
    kind = type(key)
    if (kind is float or kind is bool) and not _stored_with_type(mapping, key):
        return default
    return found


def _stored_with_type(mapping: dict, key) -> bool:
    kind = type(key)
    return any(type(stored) is kind and stored == key for stored in dict.keys(mapping))


def _items(mapping: dict) -> list:
    if isinstance(mapping, Map):
        return mapping.sorted_items()
    return Map(mapping).sorted_items()


@register("get", "hash-ref")
def get(mapping, key, default=None):
    if not isinstance(mapping, dict):
        raise type_error("map or hashmap", mapping)
    return lookup(mapping, key, default)


@register("contains?")
def contains(mapping, key) -> bool:
    check_map(mapping)
    return lookup(mapping, key, _MISSING) is not _MISSING


@register("keys")
def keys(mapping):
    """Return the keys in key order: ``(keys {:b 1 :a 2})`` is ``(:a :b)``."""
    check_map(mapping)
    return [key for key, _ in _items(mapping)]


@register("vals")
def vals(mapping):
    """Return the values in key order."""
    check_map(mapping)
    return [value for _, value in _items(mapping)]


@register("hash-map")
def hash_map(*pairs):
    """Build a map from alternating keys and values; a later key wins."""
    if len(pairs) % 2:
        raise EvalError("hash-map: requires even number of arguments")
    return Map(zip(pairs[0::2], pairs[1::2]))


@register("map?")
def is_map(value) -> bool:
    return isinstance(value, dict)


@register("hash-map?", arity_name="map?")
def is_hash_map(value) -> bool:
    return isinstance(value, dict)


_ASSOC_FORMS = "assoc: requires (key alist) or (map key val ...)"


@register("assoc")
def assoc(*args):
    """Look a key up in an association list, or return a map with keys set.

    ``(assoc key alist)`` returns the first entry of ``alist`` whose first
    element equals ``key``, or ``#f``. ``(assoc map key val ...)`` returns a
    copy of ``map`` with each ``key`` bound to the ``val`` after it.
    """
    if len(args) == 2 and type(args[1]) is list:
        return alist_lookup(args[0], args[1])
    if len(args) < 3 or len(args) % 2 == 0:
        raise EvalError(_ASSOC_FORMS)
    mapping = check_map(args[0])
    result = copy_map(mapping)
    for index in range(1, len(args), 2):
        result[args[index]] = args[index + 1]
    return result


@register("dissoc")
def dissoc(*args):
    """Return a copy of a map without the given keys."""
    if len(args) < 2:
        raise arity_error("dissoc", "2 or more", len(args))
    result = copy_map(check_map(args[0]))
    for key in args[1:]:
        result.pop(key, None)
    return result


@register("merge")
def merge(*mappings):
    """Merge maps left to right, so a later map's value wins."""
    result = Map()
    for mapping in mappings:
        result.update(check_map(mapping))
    return result


# -- nested paths ----------------------------------------------------------


def _check_path(path) -> list:
    if not isinstance(path, list):
        raise type_error("list or vector", path)
    return path


@register("get-in")
def get_in(mapping, path, default=None):
    """Follow ``path`` through nested maps, or return ``default`` when it breaks off."""
    current = mapping
    for key in _check_path(path):
        if not isinstance(current, dict):
            return default
        current = lookup(current, key, _MISSING)
        if current is _MISSING:
            return default
    return current


@register("assoc-in")
def assoc_in(mapping, path, value):
    """Return ``mapping`` with ``value`` set at ``path``, creating maps on the way.

    A level that is missing or is not a map is replaced by a new map.
    """
    return _assoc_path(mapping, _check_path(path), 0, value)


def _assoc_path(mapping, path: list, index: int, value):
    if index == len(path):
        return value
    result = copy_map(mapping) if isinstance(mapping, dict) else Map()
    key = path[index]
    result[key] = _assoc_path(lookup(result, key), path, index + 1, value)
    return result


@register("update-in")
def update_in(mapping, path, function):
    """Return ``mapping`` with the value at ``path`` replaced by ``(function old)``."""
    _check_path(path)
    return _assoc_path(mapping, path, 0, function(get_in(mapping, path)))
