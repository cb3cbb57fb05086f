"""Structural equality: ``equal?`` and ``eq?``.

Both compare by structure and are strict about type: ``(equal? 1 1.0)`` is
``#f`` and a list never equals a vector. Python's ``==`` cannot be used
directly because it treats ``1``, ``1.0`` and ``True`` as equal, and a
list as equal to a vector with the same elements.
``=`` (in :mod:`runtime.lib.numbers`) compares two numbers numerically and
falls back to :func:`equal` for anything else.
"""

from __future__ import annotations

from ..values import Record, Symbol, Vector
from .args import register


def equal(left, right) -> bool:
    """Return True when ``left`` and ``right`` are the same Sema value."""
    kind = type(left)
    if kind is not type(right):
        return _equal_mixed_types(left, right)
    if kind is list or kind is Vector:
        return _equal_sequences(left, right)
    if isinstance(left, dict):
        return _equal_maps(left, right)
    if kind is Record:
        return left.rtype is right.rtype and _equal_sequences(left.values, right.values)
    return left == right


def _equal_mixed_types(left, right) -> bool:
    # Types can differ and the values still be equal in two cases: a reader
    # symbol that carries a position against the interned symbol, and two
    # dict subclasses (a Map against a plain dict from Python code).
    if isinstance(left, Symbol) and isinstance(right, Symbol):
        return left.name == right.name
    if isinstance(left, dict) and isinstance(right, dict):
        return _equal_maps(left, right)
    return False


def _equal_sequences(left: list, right: list) -> bool:
    if len(left) != len(right):
        return False
    for left_item, right_item in zip(left, right):
        if left_item is right_item and type(left_item) is not float:
            continue
        if not equal(left_item, right_item):
            return False
    return True


def _equal_maps(left: dict, right: dict) -> bool:
    if len(left) != len(right):
        return False
    for key, value in dict.items(left):
        if key not in right:
            return False
        if not equal(value, dict.__getitem__(right, key)):
            return False
    return True


@register("equal?")
def is_equal(left, right) -> bool:
    return equal(left, right)


@register("eq?")
def is_eq(left, right) -> bool:
    """Compare like ``equal?``; the reference's ``eq?`` is structural too."""
    return equal(left, right)
