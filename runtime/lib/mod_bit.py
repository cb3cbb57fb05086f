"""The ``bit/`` namespace: bitwise operations on integers.

Integers have arbitrary precision, as in Python: ``(bit/not 5)`` is -6 and
``(bit/shift-left 1 64)`` does not overflow.
"""

from __future__ import annotations

from .mod_common import check_int, check_non_negative, register


@register("bit/and")
def bit_and(left, right):
    return check_int("bit/and", left) & check_int("bit/and", right)


@register("bit/or")
def bit_or(left, right):
    return check_int("bit/or", left) | check_int("bit/or", right)


@register("bit/xor")
def bit_xor(left, right):
    return check_int("bit/xor", left) ^ check_int("bit/xor", right)


@register("bit/not")
def bit_not(value):
    return ~check_int("bit/not", value)


@register("bit/shift-left")
def shift_left(value, count):
    check_int("bit/shift-left", value)
    return value << check_non_negative("bit/shift-left", count)


@register("bit/shift-right")
def shift_right(value, count):
    """Shift right arithmetically: negative numbers stay negative."""
    check_int("bit/shift-right", value)
    return value >> check_non_negative("bit/shift-right", count)
