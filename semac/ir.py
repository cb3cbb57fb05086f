"""The core language that macro expansion produces and code generation reads.

Every surface form (``cond``, ``let*``, ``match``, ``do``, records, ...)
expands into these few nodes. Each node keeps the source position of the
form it came from, so generated Python carries ``.scm`` line numbers.

Variables are :class:`Var` objects, not names: two bindings of ``x`` are
two ``Var`` objects, which is what makes renaming, closure analysis and
hygiene straightforward.
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
    """Return the direct child nodes of ``node``."""
    if isinstance(node, (SetLocal, SetGlobal)):
        return [node.value]
    if isinstance(node, If):
        return [node.test, node.then, node.otherwise]
    if isinstance(node, Seq):
        return list(node.body)
    if isinstance(node, Lambda):
        return [node.body]
    if isinstance(node, Let):
        return list(node.inits) + [node.body]
    if isinstance(node, Call):
        return [node.fn] + list(node.args)
    if isinstance(node, (And, Or)):
        return list(node.items)
    if isinstance(node, Try):
        result = [node.body]
        if node.handler is not None:
            result.append(node.handler)
        if node.finally_body is not None:
            result.append(node.finally_body)
        return result
    if isinstance(node, MakeList):
        return list(node.items)
    if isinstance(node, MakeMap):
        return [part for pair in node.pairs for part in pair]
    if isinstance(node, Attribute):
        return [node.obj]
    return []
