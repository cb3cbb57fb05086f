"""Typed numeric arrays: the ``f64-array/`` and ``i64-array/`` namespaces.

An array is a :class:`NumericArray` whose ``kind`` is ``"f64"`` (floats)
or ``"i64"`` (integers that fit in 64 bits). ``set!`` changes the array
in place. The printer shows them as ``#f64(1 2.5)`` and ``#i64(1 2)``
through their ``sema_repr`` method.
"""

from __future__ import annotations

import math

from ..errors import EvalError, SemaTypeError, type_name
from ..printer import format_float
from .mod_common import check_function, check_int, is_int, is_number, register, type_error

_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1


class NumericArray:
    """A fixed-length array of floats (``f64``) or 64-bit integers (``i64``)."""

    __slots__ = ("kind", "items")

    def __init__(self, kind: str, items: list) -> None:
        self.kind = kind
        self.items = items

    @property
    def sema_type(self) -> str:
        return f"{self.kind}-array"

    def sema_repr(self) -> str:
        return f"#{self.kind}(" + " ".join(_element_text(item) for item in self.items) + ")"

    def __eq__(self, other) -> bool:
        return isinstance(other, NumericArray) and (self.kind, self.items) == (other.kind, other.items)

    def __hash__(self) -> int:
        return hash((self.kind, len(self.items)))

    def __repr__(self) -> str:
        return f"NumericArray({self.kind!r}, {self.items!r})"


def _element_text(value) -> str:
    if isinstance(value, int):
        return str(value)
    if value == 0 and math.copysign(1.0, value) < 0:
        return "-0"
    text = format_float(value)
    return text[:-2] if text.endswith(".0") else text


def _element(kind: str, function: str, value, context: str = ""):
    """Convert one element for an array of ``kind``, or raise a type error."""
    if kind == "f64":
        if not is_number(value):
            raise SemaTypeError("number", value, message=f"{function}: expected number{context}, got {type_name(value)}")
        return float(value)
    if not is_int(value) or not _I64_MIN <= value <= _I64_MAX:
        got = type_name(value)
        raise SemaTypeError("integer", value, message=f"{function}: expected integer{context}, got {got}")
    return value


def _check_array(kind: str, function: str, value) -> NumericArray:
    if not isinstance(value, NumericArray) or value.kind != kind:
        raise type_error(function, f"{kind}-array", value)
    return value


def _index(function: str, array: NumericArray, index) -> int:
    check_int(function, index)
    if not 0 <= index < len(array.items):
        raise EvalError(f"{function}: index {index} out of bounds (len {len(array.items)})")
    return index


def _define_kind(kind: str) -> None:
    prefix = f"{kind}-array/"
    zero = 0.0 if kind == "f64" else 0

    @register(prefix + "make")
    def make(length, fill=zero):
        check_int(prefix + "make", length)
        if length < 0:
            raise EvalError(f"{prefix}make: length must be non-negative, got {length}")
        return NumericArray(kind, [_element(kind, prefix + "make", fill)] * length)

    @register(prefix + "from-list")
    def from_list(values):
        if type(values) is not list:
            raise type_error(prefix + "from-list", "list", values)
        return NumericArray(kind, [_element(kind, prefix + "from-list", v) for v in values])

    @register(prefix + "range")
    def range_(start, end, step=1):
        """Return ``start, start+step, ...`` up to but not including ``end``."""
        for value in (start, end, step):
            _element(kind, prefix + "range", value)
        if step == 0:
            raise EvalError(f"{prefix}range: step cannot be zero")
        items = []
        index = 0
        while True:
            value = start + index * step if kind == "i64" else float(start) + index * float(step)
            if (step > 0 and value >= end) or (step < 0 and value <= end):
                break
            items.append(value)
            index += 1
        return NumericArray(kind, items)

    @register(prefix + "length")
    def length(array):
        return len(_check_array(kind, prefix + "length", array).items)

    @register(prefix + "ref")
    def ref(array, index):
        _check_array(kind, prefix + "ref", array)
        return array.items[_index(prefix + "ref", array, index)]

    @register(prefix + "set!")
    def set_(array, index, value):
        """Store ``value`` at ``index`` in place and return the array."""
        _check_array(kind, prefix + "set!", array)
        array.items[_index(prefix + "set!", array, index)] = _element(kind, prefix + "set!", value)
        return array

    @register(prefix + "sum")
    def sum_(array):
        items = _check_array(kind, prefix + "sum", array).items
        total = -0.0 if kind == "f64" else 0
        for item in items:
            total += item
        return total

    @register(prefix + "map")
    def map_(function, array):
        check_function(prefix + "map", function)
        _check_array(kind, prefix + "map", array)
        element = "number" if kind == "f64" else "integer"
        context = f" ({prefix}map callback must return {element})"
        return NumericArray(kind, [_element(kind, prefix + "map", function(x), context) for x in array.items])

    @register(prefix + "fold")
    def fold(function, initial, array):
        """Return ``(function ... (function initial x0) ... xn)``."""
        check_function(prefix + "fold", function)
        _check_array(kind, prefix + "fold", array)
        accumulator = initial
        for item in array.items:
            accumulator = function(accumulator, item)
        return accumulator


_define_kind("f64")
_define_kind("i64")


@register("f64-array/dot")
def dot(left, right):
    """Return the dot product of two arrays of the same length."""
    _check_array("f64", "f64-array/dot", left)
    _check_array("f64", "f64-array/dot", right)
    if len(left.items) != len(right.items):
        raise EvalError(f"f64-array/dot: length mismatch ({len(left.items)} vs {len(right.items)})")
    total = 0.0
    for a, b in zip(left.items, right.items):
        total += a * b
    return total
