"""Sema values as Python objects.

The mapping is chosen so that compiled code and Python callers can pass
values back and forth without wrapping:

========================  ==============================================
Sema                      Python
========================  ==============================================
nil                       ``None``
``#t`` / ``#f``           ``True`` / ``False``
integer, float            ``int``, ``float``
rational                  ``fractions.Fraction`` (never with denominator 1)
string                    ``str``
character                 :class:`Char`
symbol                    :class:`Symbol` (interned)
keyword                   :class:`Keyword` (interned, callable as a getter)
list                      ``list`` (treated as immutable; no cons cells)
vector                    :class:`Vector` (a ``list`` subclass)
map                       :class:`Map` (a ``dict`` subclass, key-ordered)
record                    :class:`Record`
promise                   :class:`Promise`
========================  ==============================================

Only ``None`` and ``False`` are false in Sema; compiled code tests
``x is not None and x is not False`` rather than Python truthiness.
"""

from __future__ import annotations

import threading
from fractions import Fraction

__all__ = [
    "Char",
    "Keyword",
    "Map",
    "Promise",
    "Record",
    "RecordType",
    "Symbol",
    "Vector",
    "keyword",
    "symbol",
    "truthy",
]


class Symbol:
    """An interned symbol; compare with ``is`` or ``==``.

    The reader creates :class:`SourceSymbol` instances that also carry a
    position; those compare equal to the interned symbol of the same name.
    """

    __slots__ = ("name",)
    _table: dict[str, "Symbol"] = {}
    _lock = threading.Lock()

    def __new__(cls, name: str) -> "Symbol":
        if cls is Symbol:
            found = cls._table.get(name)
            if found is not None:
                return found
            with cls._lock:
                found = cls._table.get(name)
                if found is None:
                    found = object.__new__(cls)
                    found.name = name
                    cls._table[name] = found
                return found
        made = object.__new__(cls)
        made.name = name
        return made

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Symbol) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("symbol", self.name))

    def __repr__(self) -> str:
        return f"Symbol({self.name!r})"

    def __reduce__(self):
        return (Symbol, (self.name,))

    def plain(self) -> "Symbol":
        """Return the interned symbol without position or macro mark."""
        return Symbol(self.name)


def symbol(name: str) -> Symbol:
    return Symbol(name)


class Keyword:
    """An interned keyword such as ``:name``; calling it looks itself up in a map."""

    __slots__ = ("name",)
    _table: dict[str, "Keyword"] = {}
    _lock = threading.Lock()

    def __new__(cls, name: str) -> "Keyword":
        found = cls._table.get(name)
        if found is not None:
            return found
        with cls._lock:
            found = cls._table.get(name)
            if found is None:
                found = object.__new__(cls)
                found.name = name
                cls._table[name] = found
            return found

    def __call__(self, *args):
        if len(args) != 1:
            from .errors import ArityError

            raise ArityError(f"{self.name} expects 1 argument, got {len(args)}")
        target = args[0]
        if isinstance(target, dict):
            return target.get(self)
        from .errors import SemaTypeError

        raise SemaTypeError("map or hashmap", target)

    def __repr__(self) -> str:
        return f"Keyword({self.name!r})"

    def __reduce__(self):
        return (Keyword, (self.name,))

    def __lt__(self, other):
        if isinstance(other, Keyword):
            return self.name < other.name
        return NotImplemented


def keyword(name: str) -> Keyword:
    return Keyword(name)


class Char:
    """A character, distinct from a one-character string."""

    __slots__ = ("char",)

    def __init__(self, char: str) -> None:
        self.char = char

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Char) and other.char == self.char

    def __hash__(self) -> int:
        return hash(("char", self.char))

    def __lt__(self, other):
        if isinstance(other, Char):
            return self.char < other.char
        return NotImplemented

    def __repr__(self) -> str:
        return f"Char({self.char!r})"


class Vector(list):
    """A vector: a list subclass, so Python code gets a sequence; printed as ``[...]``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Vector({list.__repr__(self)})"

    def __add__(self, other):
        return Vector(list.__add__(self, other))

    def __getitem__(self, index):
        found = list.__getitem__(self, index)
        if isinstance(index, slice):
            return Vector(found)
        return found


# Rank of each type in the reference's map key order. Ints and floats are
# separate ranks, so {1 :a 0.5 :b} iterates 1 before 0.5, and rationals come
# after every other type, functions included.
_RANK_NIL, _RANK_BOOL, _RANK_INT, _RANK_FLOAT, _RANK_CHAR = 0, 1, 2, 3, 4
_RANK_STRING, _RANK_SYMBOL, _RANK_KEYWORD, _RANK_LIST, _RANK_VECTOR = 5, 6, 7, 8, 9
_RANK_MAP, _RANK_OTHER, _RANK_RATIONAL = 10, 11, 12


def sort_key(key):
    """Return a tuple that orders map keys as the reference prints them.

    The order is nil, booleans, ints, floats, characters, strings, symbols,
    keywords, lists, vectors, maps, other values, then rationals. Within a
    type the order is by value, and lists and vectors compare element by
    element.
    """
    kind = type(key)
    if key is None:
        return (_RANK_NIL,)
    if kind is bool:
        return (_RANK_BOOL, int(key))
    if kind is int:
        return (_RANK_INT, key)
    if kind is float:
        return (_RANK_FLOAT, key)
    if kind is str:
        return (_RANK_STRING, key)
    if kind is Keyword:
        return (_RANK_KEYWORD, key.name)
    if isinstance(key, Symbol):
        return (_RANK_SYMBOL, key.name)
    if kind is Char:
        return (_RANK_CHAR, key.char)
    if kind is Fraction:
        return (_RANK_RATIONAL, key)
    if isinstance(key, Vector):
        return (_RANK_VECTOR, tuple(sort_key(item) for item in key))
    if isinstance(key, list):
        return (_RANK_LIST, tuple(sort_key(item) for item in key))
    if isinstance(key, dict):
        items = sorted((sort_key(k), sort_key(v)) for k, v in dict.items(key))
        return (_RANK_MAP, tuple(items))
    return (_RANK_OTHER, getattr(key, "sema_name", None) or repr(key))


class Map(dict):
    """An immutable-by-convention map whose keys iterate in Sema's order.

    ``dict`` storage keeps lookups and copies fast; Sema's order is applied
    by :meth:`sorted_keys` and :meth:`sorted_items`, which every builtin that
    exposes order (printing, keys, vals, seq...) uses. Plain iteration is in
    insertion order, so that CPython's fast dict copy still applies.
    Builtins never mutate a map in place, they copy.

    NOTE: keys are hashed as Python does. So ``1``, ``1.0`` and ``#t`` are one
    key, and lists or vectors cannot be keys, while the reference keeps them apart.
    """

    __slots__ = ()

    def copy(self) -> "Map":
        return Map(self)

    def sorted_keys(self) -> list:
        keys = list(dict.keys(self))
        if len(keys) < 2:
            return keys
        try:
            return sorted(keys, key=sort_key)
        except TypeError:
            # Mixed element types inside list keys can still meet in a tuple
            # comparison; fall back to the rank and the Python repr.
            return sorted(keys, key=lambda k: (sort_key(k)[0], repr(k)))

    def sorted_items(self) -> list:
        return [(key, dict.__getitem__(self, key)) for key in self.sorted_keys()]

    def __repr__(self) -> str:
        return f"Map({dict(self.sorted_items())!r})"


def copy_map(mapping: dict) -> Map:
    """Copy any dict into a new :class:`Map`."""
    return Map(mapping)


class RecordType:
    """The type created by ``define-record-type``."""

    __slots__ = ("name", "fields", "print_order")

    def __init__(self, name: str, fields: tuple[str, ...]) -> None:
        self.name = name
        self.fields = fields
        self.print_order: tuple[int, ...] | None = None

    def __repr__(self) -> str:
        return f"RecordType({self.name!r}, {self.fields!r})"


class Record:
    """An instance of a :class:`RecordType`; fields are stored in order."""

    __slots__ = ("rtype", "values")

    def __init__(self, rtype: RecordType, values: list) -> None:
        self.rtype = rtype
        self.values = values

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Record)
            and other.rtype is self.rtype
            and other.values == self.values
        )

    def __hash__(self) -> int:
        return hash((self.rtype.name, len(self.values)))

    def __repr__(self) -> str:
        return f"Record({self.rtype.name!r}, {self.values!r})"


class Promise:
    """A delayed computation from ``delay``; ``force`` runs it once."""

    __slots__ = ("thunk", "value", "done")

    def __init__(self, thunk) -> None:
        self.thunk = thunk
        self.value = None
        self.done = False

    def force(self):
        if not self.done:
            value = self.thunk()
            if not self.done:
                self.value = value
                self.done = True
                self.thunk = None
        return self.value


def truthy(value) -> bool:
    """Sema truth: everything but nil and ``#f`` is true."""
    return value is not None and value is not False
