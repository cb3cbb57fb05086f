"""Helpers that compiled code calls directly, imported as ``_rt``.

These are not Sema builtins: user code cannot name them. They implement
the parts of special forms that are easier to write once in Python than to
emit every time: the trampoline for tail calls, the error map a ``catch``
binds, records, destructuring and ``match`` tests.
"""

from __future__ import annotations

import importlib
import itertools
import sys
import types
from functools import cmp_to_key
from fractions import Fraction  # noqa: F401  (emitted code uses _rt.Fraction)

from .errors import EvalError, SemaTypeError, error_map  # noqa: F401
from .printer import write_string
from .lib.args import check_sequence
from .registry import BUILTINS  # noqa: F401  (emitted code calls builtins whose globals set! rebound)
from .values import Char, Keyword, Map, Promise, Record, RecordType, Symbol, Vector  # noqa: F401

# Deep non-tail recursion must work to at least 10,000 Sema calls, and a
# call through a trampoline takes two Python frames.
if sys.getrecursionlimit() < 100_000:
    sys.setrecursionlimit(100_000)


#: The exception class a Sema ``catch`` catches, and the Python classes and
#: functions emitted code uses, under names user code cannot shadow.
CATCHABLE = Exception
INT = int
LIST = list
STR = str
MAP = Map
LEN = len
ABS = abs
RANGE = range

#: The endless count of a counted loop whose start is past its limit (see semac.codegen.counted_loop).
count_up = itertools.count


def int_modulo(a: int, b: int) -> int:
    if not b:
        raise EvalError("modulo by zero")
    return a % b


def _references_to_a_new_local() -> int:
    mapping = Map()
    return sys.getrefcount(mapping)


REFERENCES = sys.getrefcount

#: The count ``sys.getrefcount(m)`` returns in a function whose variable
#: ``m`` is the only reference to a map. It is measured, not assumed, so it
#: follows the interpreter's own accounting.
#:
#: The compiler uses it for ``(set! m (assoc m k v))`` and for a loop that
#: passes ``(assoc m k v)`` as the next ``m``: when the count shows no other
#: reference, no one can see the old map again, so it is updated in place
#: instead of copied. Any other reference (a list, a second variable, a
#: constant) makes ``assoc`` copy it as usual.
SOLE_REFERENCE = _references_to_a_new_local()


def sort_compiled(items, compare, comparator=None):
    """``(sort items f)`` where the compiler turned ``f`` into ``compare``.

    ``compare(later, earlier)`` returns -1 when ``(f earlier later)``
    returns #f or a positive int ("greater"), and 1 otherwise. The builtin
    ``sort`` reads a comparator the same way, so both give the same order.
    ``comparator`` is ``f`` itself, passed only so that reading an unbound
    global raises as the call of ``f`` would.
    """
    check_sequence(items, "sort")
    return sorted(items, key=cmp_to_key(compare))


class Unkeyed(Exception):
    """Raised by a compiled sort key for an element it cannot key (see :func:`sort_keyed`)."""


def sort_keyed(items, key, ties_reversed, compare, comparator=None):
    """Sort for ``(sort items f)`` where the compiler found that ``f`` orders by ``key``.

    ``key`` raises :class:`Unkeyed` for an element that is not an int,
    and then ``compare`` sorts as :func:`sort_compiled` does. Python
    computes every key before it compares any, so no work is lost but the
    keys. With ``ties_reversed``, elements with equal keys come out last
    first, as the reference's sort gives them for a strict comparator.
    """
    check_sequence(items, "sort")
    try:
        return sorted(items[::-1] if ties_reversed else items, key=key)
    except Unkeyed:
        return sort_compiled(items, compare)


def int_remainder(a: int, b: int) -> int:
    """Scheme's remainder on ints: the sign of the dividend (Python's % follows the divisor)."""
    if not b:
        raise EvalError("remainder: division by zero")
    result = a % b
    if result and (a < 0) != (b < 0):
        result -= b
    return result


def int_quotient(a: int, b: int) -> int:
    """Scheme's quotient on ints: truncated toward zero."""
    if not b:
        raise EvalError("quotient: division by zero")
    result = a // b
    if result < 0 and result * b != a:
        result += 1
    return result


def float_from_text(text: str) -> float:
    return float(text)


class TailCall:
    """A tail call returned to :func:`drive` instead of being made."""

    __slots__ = ("fn", "args")

    def __init__(self, fn, args: tuple) -> None:
        self.fn = fn
        self.args = args


class Recur:
    """Arguments for the next iteration of a loop whose body runs in its own scope."""

    __slots__ = ("args",)

    def __init__(self, args: tuple) -> None:
        self.args = args


FUNCTION = types.FunctionType

#: The keyword-only parameter of a compiled function whose tail calls may
#: return :class:`TailCall`. Called normally, such a function runs its own
#: chain of tail calls through :func:`drive` and returns a value. Called by
#: :func:`drive` with the flag set, it returns a tail call to another such
#: function as a :class:`TailCall` for the driver to make, so a chain of
#: tail calls between functions uses constant stack. A tail call to any
#: other function is an ordinary call, because it cannot continue the chain.
DRIVEN_FLAG = "_semac_driven"


def drive(function, args: tuple):
    """Call ``function`` with :data:`DRIVEN_FLAG` set and make the tail calls it returns, until one returns a value."""
    result = function(*args, _semac_driven=True)
    while result.__class__ is TailCall:
        result = result.fn(*result.args, _semac_driven=True)
    return result


def caller_globals() -> dict:
    """Return the globals of the calling module; emitted code binds them as ``_semac_env``."""
    return sys._getframe(1).f_globals


def global_value(namespace: dict, identifier: str, name: str):
    """Look up a global that shares its name with a Python builtin; unbound if undefined."""
    try:
        return namespace[identifier]
    except KeyError:
        from .errors import UnboundError

        raise UnboundError(name) from None


def raise_not_callable(value):
    from .errors import type_name

    raise EvalError(f"not callable: {write_string(value)} ({type_name(value)})", value=value)


def as_list(items) -> list:
    return list(items)


def splice(value) -> list | tuple:
    """Return the items ``,@value`` splices in; nil splices nothing."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return value
    raise SemaTypeError("list", value, message=f"unquote-splicing: expected a list, got {write_string(value)}")


# -- case and match -------------------------------------------------------


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Fraction)) and not isinstance(value, bool)


def eqv(a, b) -> bool:
    """``case`` equality: numbers compare by value (1 matches 1.0), the rest by type and value."""
    if _is_number(a) and _is_number(b):
        return a == b
    if type(a) is not type(b):
        return False
    return a == b


def case_member(value, data: list) -> bool:
    for item in data:
        if eqv(value, item):
            return True
    return False


def match_equal(value, expected) -> bool:
    """``match`` literal equality is strict about type: 3 does not match 3.0."""
    return type(value) is type(expected) and value == expected


def match_sequence(value, length: int, has_rest: bool) -> bool:
    if not isinstance(value, list):
        return False
    return len(value) >= length if has_rest else len(value) == length


def match_map(value) -> bool:
    return isinstance(value, dict)


def map_has(mapping, key) -> bool:
    return isinstance(mapping, dict) and key in mapping


class _NoMatch:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_MATCH"


NO_MATCH = _NoMatch()


def is_no_match(value) -> bool:
    return value is NO_MATCH


def match_failed(value):
    raise EvalError(f"match: no clause matched value: {write_string(value)}")


def seq_nth(sequence, index: int):
    if sequence is None:
        return None
    if not isinstance(sequence, (list, tuple, str)):
        raise SemaTypeError("list or vector", sequence)
    if index < len(sequence):
        return sequence[index]
    return None


def destructure_sequence(value, count: int, has_rest: bool):
    """Check that ``value`` has exactly ``count`` elements (at least, with a rest)."""
    if value is None:
        size = 0
    elif isinstance(value, (list, tuple, str)):
        size = len(value)
    else:
        raise SemaTypeError("list or vector", value)
    if size < count or (size != count and not has_rest):
        raise EvalError(f"destructure: expected {count} elements, got {size}")
    return value


def check_bound(namespace: dict, identifier: str, name: str) -> None:
    """``set!`` of a global that was never defined is an error."""
    if identifier not in namespace:
        from .errors import UnboundError

        raise UnboundError(name)


def seq_rest(sequence, index: int) -> list:
    if sequence is None:
        return []
    if not isinstance(sequence, (list, tuple)):
        raise SemaTypeError("list or vector", sequence)
    return list(sequence[index:])


def map_lookup(mapping, key, default=None):
    if isinstance(mapping, dict):
        return mapping.get(key, default)
    if mapping is None:
        return default
    raise SemaTypeError("map", mapping)


def values_list(value) -> list:
    if isinstance(value, Record) and value.rtype.name == "%multiple-values%":
        return list(value.values)
    return [value]


def assertion_failed(expression, message=None):
    text = "assertion failed"
    if message is not None:
        text += f": {message}"
    raise EvalError(text, expression=expression)


def is_nil(value) -> bool:
    return value is None


class GensymTable(dict):
    """Fresh names for the ``name#`` symbols of one quasiquote evaluation."""

    def symbol(self, name: str) -> Symbol:
        found = self.get(name)
        if found is None:
            found = Symbol(f"{name[:-1]}__{next(_gensym_numbers)}")
            self[name] = found
        return found


_gensym_numbers = __import__("itertools").count(1)


# -- multimethods ---------------------------------------------------------


class MultiMethod:
    """A function that dispatches on ``(dispatch args...)`` to a registered method."""

    def __init__(self, name: str, dispatch) -> None:
        self.sema_name = name
        self.__name__ = name
        self.dispatch = dispatch
        self.methods: dict = {}

    def __call__(self, *args):
        key = self.dispatch(*args)
        method = self.methods.get(_method_key(key))
        if method is None:
            method = self.methods.get(_method_key(Keyword("default")))
        if method is None:
            raise EvalError(f"{self.sema_name}: no method for dispatch value {write_string(key)}")
        return method(*args)


def _method_key(value):
    return (type(value).__name__, value) if not isinstance(value, list) else ("list", tuple(value))


def make_multimethod(name: str, dispatch) -> MultiMethod:
    return MultiMethod(name, dispatch)


def add_method(multimethod, value, function):
    if not isinstance(multimethod, MultiMethod):
        raise SemaTypeError("multimethod", multimethod)
    multimethod.methods[_method_key(value)] = function
    return None


# -- records --------------------------------------------------------------


def _name_function(function, name: str) -> None:
    """Give a generated function its Sema name, for printing and arity errors."""
    from .names import mangle

    function.sema_name = name
    function.__name__ = function.__qualname__ = mangle(name)


def make_record_type(name: str, fields: list) -> RecordType:
    return RecordType(name, tuple(field.name for field in fields))


def record_constructor(rtype: RecordType, arguments: list, name: str):
    positions = [rtype.fields.index(argument.name) for argument in arguments]
    # Records print their fields in constructor order, then any others.
    rtype.print_order = tuple(positions) + tuple(i for i in range(len(rtype.fields)) if i not in positions)
    count = len(rtype.fields)
    expected = len(positions)

    def construct(*values):
        if len(values) != expected:
            from .errors import ArityError

            raise ArityError(
                f"{name} expects {expected} argument{'s' if expected != 1 else ''}, got {len(values)}",
                function=name,
                expected=str(expected),
                got=len(values),
            )
        slots = [None] * count
        for position, value in zip(positions, values):
            slots[position] = value
        return Record(rtype, slots)

    _name_function(construct, name)
    return construct


def record_predicate(rtype: RecordType, name: str):
    def predicate(value) -> bool:
        return isinstance(value, Record) and value.rtype is rtype

    _name_function(predicate, name)
    return predicate


def record_accessor(rtype: RecordType, index: int, name: str):
    def access(record):
        if not (isinstance(record, Record) and record.rtype is rtype):
            raise SemaTypeError(rtype.name, record, message=f"{name}: expected a {rtype.name} record, got {write_string(record)}")
        return record.values[index]

    _name_function(access, name)
    return access


def record_modifier(rtype: RecordType, index: int, name: str):
    def modify(record, value):
        if not (isinstance(record, Record) and record.rtype is rtype):
            raise SemaTypeError(rtype.name, record, message=f"{name}: expected a {rtype.name} record, got {write_string(record)}")
        record.values[index] = value
        return None

    _name_function(modify, name)
    return modify


# -- Python interop -------------------------------------------------------


def import_module(name: str, top: bool):
    """Import a Python module, or a .scm module when semac's import hook is installed.

    Returns the top-level package when ``top`` is true, as Python's
    ``import a.b`` binds ``a``. The runtime never imports semac itself, so
    a compiled ``.py`` file that imports a ``.scm`` module needs
    ``import semac`` first (``semac run`` and the import hook do that).
    """
    module = importlib.import_module(name)
    if top and "." in name:
        return sys.modules[name.split(".")[0]]
    return module
