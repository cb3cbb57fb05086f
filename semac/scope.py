"""Lexical scopes of the expander.

A scope maps binding keys to :class:`semac.ir.Var` objects. A key is the
symbol's name, or ``(name, mark)`` for a symbol that a ``syntax-rules``
template introduced (see :mod:`semac.macros`). Looking up a marked symbol
that no binding with the same mark captures falls back to its plain name,
which is how a template's free identifiers keep meaning what they meant
where the macro was defined.
"""

from __future__ import annotations

from runtime.values import Symbol

from .ir import Lambda, Var


class MarkedSymbol(Symbol):
    """A symbol introduced by a macro template, renamed by its ``mark``."""

    __slots__ = ("mark", "line", "column")

    def __new__(cls, name: str, mark: int, line: int = 0, column: int = 0):
        made = Symbol.__new__(cls, name)
        made.mark = mark
        made.line = line
        made.column = column
        return made

    def __repr__(self) -> str:
        return f"MarkedSymbol({self.name!r}, {self.mark})"


def binding_key(symbol: Symbol):
    mark = getattr(symbol, "mark", None)
    return symbol.name if mark is None else (symbol.name, mark)


class Scope:
    """One level of lexical bindings, owned by a lambda (None at module level)."""

    __slots__ = ("parent", "owner", "table")

    def __init__(self, parent: "Scope | None", owner: Lambda | None) -> None:
        self.parent = parent
        self.owner = owner
        self.table: dict = {}

    def declare(self, symbol: Symbol) -> Var:
        var = Var(symbol.name, self.owner)
        self.table[binding_key(symbol)] = var
        if self.owner is not None:
            self.owner.locals.append(var)
        return var

    def find(self, key) -> Var | None:
        scope = self
        while scope is not None:
            found = scope.table.get(key)
            if found is not None:
                return found
            scope = scope.parent
        return None

    def lookup(self, symbol: Symbol) -> Var | None:
        """Return the variable ``symbol`` refers to, or None for a global."""
        if type(symbol).__name__ == "GlobalSymbol":
            return None
        if getattr(symbol, "mark", None) is None:
            # An unmarked symbol, the common case, has its plain name as key.
            return self.find(symbol.name)
        key = binding_key(symbol)
        found = self.find(key)
        if found is None and isinstance(key, tuple):
            found = self.find(key[0])
        return found
