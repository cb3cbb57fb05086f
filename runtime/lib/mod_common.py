"""Helpers shared by the namespaced library modules (``runtime/lib/mod_*.py``).

Each ``mod_<name>.py`` file registers the builtins of one Sema namespace
(``string/``, ``list/``...) through :func:`register`. The helpers here check
argument types with the reference interpreter's wording ("expected string,
got int"), prefixed with the function's Sema name so that the message
names the call that failed.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import EvalError, SemaTypeError, type_name
from ..names import mangle
from ..registry import BUILTINS, builtin
from ..values import Char, Keyword, Symbol, Vector


def register(*names: str):
    """Register the decorated function under ``names``, like :func:`builtin`.

    The Python name of the function becomes the mangled first Sema name, so
    that the ``TypeError`` Python raises for a wrong argument count is
    translated into an arity error that names the Sema function.
    """

    def decorate(function):
        python_name = mangle(names[0])
        function.__name__ = python_name
        function.__qualname__ = python_name
        return builtin(*names)(function)

    return decorate


def alias(name: str, target: str) -> None:
    """Register ``name`` as another name for the builtin ``target``.

    The target is looked up when the alias is called, so it may be
    registered by a module imported later. The reference prints such an
    alias under the target's name (``string/length`` is
    ``<native-fn string-length>``), so the forwarder carries that name.
    """

    def forward(*args):
        function = BUILTINS.get(target)
        if function is None or function is forward:
            raise EvalError(f"{name}: the builtin {target} is not available")
        return function(*args)

    forward.sema_name = target
    forward.__name__ = forward.__qualname__ = mangle(target)
    BUILTINS[name] = forward


def value_type_name(value) -> str:
    """Return the Sema name of ``value``'s type, including the types of the ``mod_*`` modules.

    Bytevectors are ``bytearray`` objects; the classes defined in these
    modules name their Sema type in a ``sema_type`` attribute.
    """
    if isinstance(value, (bytes, bytearray)):
        return "bytevector"
    named = getattr(value, "sema_type", None)
    if isinstance(named, str):
        return named
    return type_name(value)


def type_error(function: str, expected: str, value) -> SemaTypeError:
    """Return a type error for ``function`` that names the expected and the actual type."""
    got = value_type_name(value)
    return SemaTypeError(
        expected, value, message=f"{function}: expected {expected}, got {got}"
    )


def is_int(value) -> bool:
    return type(value) is int or (isinstance(value, int) and not isinstance(value, bool))


def is_number(value) -> bool:
    if value is True or value is False:
        return False
    return isinstance(value, (int, float, Fraction))


def is_sequence(value) -> bool:
    """Return True for a Sema list or vector (both are Python lists)."""
    return isinstance(value, list)


def check_string(function: str, value) -> str:
    if type(value) is not str and not isinstance(value, str):
        raise type_error(function, "string", value)
    return value


def check_int(function: str, value) -> int:
    if not is_int(value):
        raise type_error(function, "int", value)
    return value


def check_non_negative(function: str, value) -> int:
    check_int(function, value)
    if value < 0:
        raise EvalError(f"{function}: expected a non-negative integer, got {value}")
    return value


def check_number(function: str, value):
    if not is_number(value):
        raise type_error(function, "number", value)
    return value


def check_char(function: str, value) -> Char:
    if not isinstance(value, Char):
        raise type_error(function, "char", value)
    return value


def check_map(function: str, value) -> dict:
    if not isinstance(value, dict):
        raise type_error(function, "map", value)
    return value


def check_function(function: str, value):
    if not callable(value):
        raise type_error(function, "callable", value)
    return value


def check_sequence(function: str, value) -> list:
    """Check that ``value`` is a list or vector, as the reference's list/ functions do."""
    if not isinstance(value, list):
        got = value_type_name(value)
        raise SemaTypeError(
            "list or vector",
            value,
            message=f"{function}: expected list, vector, or mutable-array, got {got}",
        )
    return value


def check_list_or_nil(function: str, value) -> list:
    """Check a list argument where nil stands for the empty list."""
    if value is None:
        return []
    return check_sequence(function, value)


def name_text(function: str, value) -> str:
    """Return the text of a string, symbol or keyword argument."""
    if isinstance(value, str):
        return value
    if isinstance(value, (Symbol, Keyword)):
        return value.name
    raise type_error(function, "string, symbol or keyword", value)


def strict_key(value):
    """Return a hashable key under which two values collide only when ``equal?``.

    Python's own ``==`` treats ``1``, ``1.0`` and ``True`` as equal and a list
    as equal to a vector; Sema's ``equal?`` does not, so the type is part of
    the key.
    """
    kind = type(value)
    if kind is int or kind is str or value is None:
        return (kind, value)
    if value is True or value is False:
        return (bool, value)
    if kind is float:
        return (float, value)
    if isinstance(value, Vector):
        return (Vector, tuple(strict_key(item) for item in value))
    if isinstance(value, list):
        return (list, tuple(strict_key(item) for item in value))
    if isinstance(value, dict):
        items = sorted(
            ((strict_key(k), strict_key(v)) for k, v in dict.items(value)), key=repr
        )
        return (dict, tuple(items))
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return (kind, value)


def equal(left, right) -> bool:
    """Compare two values the way Sema's ``equal?`` does: structurally, strict about type."""
    return strict_key(left) == strict_key(right)
