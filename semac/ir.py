"""The core language that macro expansion produces and code generation reads.

Every surface form (``cond``, ``let*``, ``match``, ``do``, records, ...)
expands into these few nodes. Each node keeps the source position of the
form it came from, so generated Python carries ``.scm`` line numbers.

Variables are :class:`Var` objects, not names: two bindings of ``x`` are
two ``Var`` objects, which is what makes renaming, closure analysis and
hygiene straightforward.

The passes dispatch on a node's exact class, not with ``isinstance``, so the
node classes here are not meant to be subclassed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


class Var:
    """A lexical variable.

    ``python_name`` is assigned by :mod:`semac.analysis`; ``owner`` is the
    :class:`Lambda` (or None for the module) whose body binds it.
    """

    __slots__ = (
        "name",
        "python_name",
        "owner",
        "mutated",
        "captured",
        "lambda_value",
        "defined",
    )

    def __init__(self, name: str, owner: "Lambda | None") -> None:
        self.name = name
        self.python_name: str | None = None
        self.owner = owner
        self.mutated = False
        self.captured = False
        self.lambda_value: Lambda | None = None
        self.defined = False

    def __repr__(self) -> str:
        return f"Var({self.name!r} -> {self.python_name!r})"


@dataclass(eq=False)
class Node:
    line: int = field(default=0, kw_only=True)
    column: int = field(default=0, kw_only=True)


@dataclass(eq=False)
class Const(Node):
    value: Any


@dataclass(eq=False)
class LocalRef(Node):
    var: Var


@dataclass(eq=False)
class GlobalRef(Node):
    name: str


@dataclass(eq=False)
class RuntimeRef(Node):
    """A helper in :mod:`runtime.support`, referenced as ``_rt.name``."""

    name: str


@dataclass(eq=False)
class SetLocal(Node):
    var: Var
    value: Node
    is_definition: bool = False


@dataclass(eq=False)
class SetGlobal(Node):
    name: str
    value: Node
    is_definition: bool = False


@dataclass(eq=False)
class If(Node):
    test: Node
    then: Node
    otherwise: Node


@dataclass(eq=False)
class Seq(Node):
    body: list


@dataclass(eq=False)
class Lambda(Node):
    params: list
    rest: Optional[Var]
    body: Node
    name: Optional[str] = None
    parent: Optional["Lambda"] = None
    locals: list = field(default_factory=list)
    # Filled by analysis:
    self_var: Optional[Var] = None
    self_global: Optional[str] = None
    has_self_tail_call: bool = False
    needs_trampoline: bool = False
    loop_needs_fresh_scope: bool = False
    inline: bool = False  # run in place by map, filter, for-each or foldl


@dataclass(eq=False)
class Let(Node):
    """Parallel ``let`` when ``sequential`` is false, else ``letrec*`` order."""

    vars: list
    inits: list
    body: Node
    recursive: bool = False


@dataclass(eq=False)
class Call(Node):
    fn: Node
    args: list


@dataclass(eq=False)
class And(Node):
    items: list


@dataclass(eq=False)
class Or(Node):
    items: list


@dataclass(eq=False)
class Try(Node):
    body: Node
    var: Optional[Var]
    handler: Optional[Node]
    finally_body: Optional[Node] = None


@dataclass(eq=False)
class MakeList(Node):
    """A list built from items; ``spliced[i]`` is true when item i is spliced in."""

    items: list
    spliced: list
    vector: bool = False


@dataclass(eq=False)
class MakeMap(Node):
    pairs: list


@dataclass(eq=False)
class Attribute(Node):
    """Python attribute access ``obj.name`` (interop)."""

    obj: Node
    name: str


@dataclass(eq=False)
class Import(Node):
    """``import module`` bound to a variable or global."""

    module: str
    target: Any  # Var or str (global name)


def children(node: Node) -> list:
    """Return the direct child nodes of ``node``.

    The result may be one of the node's own lists, so callers must not change it.
    """
    getter = CHILDREN.get(type(node))
    return getter(node) if getter is not None else []


def _no_children(node) -> list:
    return []


def _try_children(node: Try) -> list:
    result = [node.body]
    if node.handler is not None:
        result.append(node.handler)
    if node.finally_body is not None:
        result.append(node.finally_body)
    return result


#: Node class -> function returning its direct children, as :func:`children` does.
#: Tree walks index it with ``type(node)``, so every node class needs an entry.
CHILDREN = {
    Const: _no_children,
    LocalRef: _no_children,
    GlobalRef: _no_children,
    RuntimeRef: _no_children,
    Import: _no_children,
    SetLocal: lambda node: [node.value],
    SetGlobal: lambda node: [node.value],
    If: lambda node: [node.test, node.then, node.otherwise],
    Seq: lambda node: node.body,
    Lambda: lambda node: [node.body],
    Let: lambda node: [*node.inits, node.body],
    Call: lambda node: [node.fn, *node.args],
    And: lambda node: node.items,
    Or: lambda node: node.items,
    Try: _try_children,
    MakeList: lambda node: node.items,
    MakeMap: lambda node: [part for pair in node.pairs for part in pair],
    Attribute: lambda node: [node.obj],
}
