"""Argument checks shared by the core builtin modules.

The messages follow the reference interpreter word for word, because
programs print them and tests compare them: ``car expects 1 argument, got
2``, ``expected list or vector, got int``, ``expected list, vector, or
mutable-array, got nil in map``.

Builtins with a fixed number of parameters let Python check the count:
:func:`runtime.errors.to_sema_error` turns the resulting ``TypeError`` into
an :class:`~runtime.errors.ArityError` naming the builtin. Variadic
builtins call :func:`arity_error` themselves.
"""

from __future__ import annotations

import math
import types
from fractions import Fraction

from ..errors import ArityError, SemaTypeError, type_name
from ..names import mangle
from ..registry import BUILTINS, builtin


def register(*names: str, arity_name: str | None = None):
    """Register the decorated builtin under ``names``; the first is its own name.

    Each later name gets a copy of the function that shares its code but
    prints under that name, because the reference prints ``first`` as
    ``<native-fn first>`` although it is ``car``. Arity errors name
    ``arity_name`` (default: the first name) for every copy, as the
    reference reports ``(first)`` as ``car expects 1 argument, got 0``.
    """

    def decorate(function):
        builtin(names[0])(function)
        function.__qualname__ = mangle(arity_name or names[0])
        for alias in names[1:]:
            BUILTINS[alias] = _renamed_copy(function, alias)
        return function

    return decorate


def _renamed_copy(function, sema_name: str):
    copy = types.FunctionType(
        function.__code__,
        function.__globals__,
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    copy.__kwdefaults__ = function.__kwdefaults__
    copy.__dict__.update(function.__dict__)
    copy.__doc__ = function.__doc__
    copy.__qualname__ = function.__qualname__
    copy.sema_name = sema_name
    return copy


#: Python types that are Sema numbers. ``bool`` is absent on purpose:
#: ``type(True) is bool``, so exact type tests keep booleans out.
NUMBER_TYPES = (int, float, Fraction)


def arity_error(name: str, expected: str, got: int) -> ArityError:
    """Return the error for calling ``name`` with ``got`` arguments.

    ``expected`` is the count as the reference words it: ``"1"``, ``"2 or
    more"``, ``"1 to 3"``.
    """
    noun = "argument" if expected == "1" else "arguments"
    return ArityError(
        f"{name} expects {expected} {noun}, got {got}",
        function=name,
        expected=expected,
        got=got,
    )


def check_arity(name: str, args: tuple, low: int, high: int | None) -> None:
    """Raise an arity error unless ``low <= len(args) <= high``.

    A ``high`` of None means there is no upper bound.
    """
    count = len(args)
    if count >= low and (high is None or count <= high):
        return
    if high is None:
        expected = f"{low} or more"
    elif low == high:
        expected = str(low)
    else:
        expected = f"{low} to {high}"
    raise arity_error(name, expected, count)


def type_error(expected: str, value) -> SemaTypeError:
    """Return ``expected EXPECTED, got TYPE`` for ``value``."""
    return SemaTypeError(expected, value)


def pair_type_error(expected: str, left, right) -> SemaTypeError:
    """Return ``expected EXPECTED, got TYPE and TYPE``, as binary operators word it."""
    message = f"expected {expected}, got {type_name(left)} and {type_name(right)}"
    return SemaTypeError(expected, left, message=message)


def sequence_error(value, function: str) -> SemaTypeError:
    """Return the error list functions raise for an argument that is not a sequence."""
    message = (
        f"expected list, vector, or mutable-array, got {type_name(value)} in {function}"
    )
    return SemaTypeError("list, vector, or mutable-array", value, message=message)


def is_number(value) -> bool:
    """Return True for a Sema number (int, float or rational), never for a bool."""
    kind = type(value)
    return kind is int or kind is float or kind is Fraction


def is_nan(value) -> bool:
    """Return True for a float NaN; other numbers never are."""
    return type(value) is float and math.isnan(value)


def is_integer(value) -> bool:
    """Return True for an exact integer; booleans are not integers."""
    return type(value) is int


def check_number(value):
    if type(value) not in NUMBER_TYPES:
        raise type_error("number", value)
    return value


def check_int(value) -> int:
    if type(value) is not int:
        raise type_error("int", value)
    return value


def check_integer(value) -> int:
    """Check an exact integer, worded ``expected integer`` as the number builtins do."""
    if type(value) is not int:
        raise type_error("integer", value)
    return value


def check_string(value) -> str:
    if type(value) is not str:
        raise type_error("string", value)
    return value


def check_sequence(value, function: str) -> list:
    """Check that ``value`` is a list or a vector (both are Python lists)."""
    if not isinstance(value, list):
        raise sequence_error(value, function)
    return value


def check_callable(value):
    if not callable(value):
        raise type_error("callable", value)
    return value


def check_map(value) -> dict:
    if not isinstance(value, dict):
        raise type_error("map or hashmap", value)
    return value


def truthy(value) -> bool:
    """Sema truth: everything except nil and ``#f``."""
    return value is not None and value is not False


def normalize(value):
    """Return a rational with denominator 1 as an int, any other value unchanged."""
    if type(value) is Fraction and value.denominator == 1:
        return value.numerator
    return value
