"""Turn a comparator that orders by int keys into a key function for ``sort``.

A comparator such as::

    (lambda (a b)
      (let ((ka (modulo a 1000)) (kb (modulo b 1000)))
        (or (< ka kb) (and (= ka kb) (< a b)))))

compares ``(modulo x 1000)`` first and ``x`` second. On ints it orders the
list exactly as Python's ``sorted`` does with the key
``(x % 1000, x)``, which computes each key once instead of calling the
comparator about ``n log n`` times.

Only keys that are int arithmetic over the element are recognised. The
emitted key function checks at run time that the element is an int, and
any other element sends the whole sort back to the comparator. Such keys
are pure and cannot fail, so computing them for every element first
changes nothing a program can observe.

Ties: the reference's sort puts ``b`` first whenever ``(f a b)`` is false.
For a strict last comparison (``<``) elements with equal keys come out in
reverse order, for a non-strict one (``<=``) in their order, so the
strict case sorts the reversed list.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from . import ir

# The forms below are tuples: ("element",), ("int", value) or
# (operation, *operand_forms).
ELEMENT = ("element",)

ARITHMETIC = {"+", "-", "*"}
DIVISIONS = {"modulo", "remainder", "quotient"}
STRICT = {"<": False, ">": True}  # operator -> descending
NON_STRICT = {"<=": False, ">=": True}


@dataclass
class KeyOrder:
    """The keys a comparator compares, in order, each ascending or descending."""

    components: list  # of (form, descending)
    ties_reversed: bool


def key_order(compiler, function: ir.Lambda) -> KeyOrder | None:
    """Return the keys ``function`` compares, or None when it is not such a comparator."""
    if function.rest is not None or len(function.params) != 2:
        return None
    first, second = function.params
    if first.mutated or second.mutated:
        return None
    reader = _Reader(compiler, first, second)
    body = function.body
    while isinstance(body, ir.Let) and not body.recursive:
        for var, init in zip(body.vars, body.inits):
            # Every init must be a key, so dropping it drops no effect.
            if var.mutated or (reader.form(init, first) is None and reader.form(init, second) is None):
                return None
            reader.bindings[var] = init
        body = body.body
    found = reader.order(body)
    if found is None:
        return None
    components, strict = found
    return KeyOrder(components, ties_reversed=strict)


class _Reader:
    def __init__(self, compiler, first: ir.Var, second: ir.Var) -> None:
        self.compiler = compiler
        self.first = first
        self.second = second
        self.bindings: dict = {}

    def builtin_call(self, node, names, arity=None) -> str | None:
        if not (type(node) is ir.Call and type(node.fn) is ir.GlobalRef):
            return None
        name = node.fn.name
        if name not in names or (arity is not None and len(node.args) != arity):
            return None
        return name if self.compiler.is_builtin(name) else None

    def form(self, node, element: ir.Var):
        """Return the key form of ``node`` as a function of ``element``, or None."""
        kind = type(node)
        if kind is ir.Const:
            return ("int", node.value) if type(node.value) is int else None
        if kind is ir.LocalRef:
            if node.var is element:
                return ELEMENT
            bound = self.bindings.get(node.var)
            return None if bound is None else self.form(bound, element)
        if kind is not ir.Call or type(node.fn) is not ir.GlobalRef or not node.args:
            return None
        name = node.fn.name
        if name in ARITHMETIC:
            pass
        elif name == "abs":
            if len(node.args) != 1:
                return None
        elif name in DIVISIONS:
            divisor = node.args[1] if len(node.args) == 2 else None
            if not (type(divisor) is ir.Const and type(divisor.value) is int and divisor.value):
                return None
        else:
            return None
        if not self.compiler.is_builtin(name):
            return None
        operands = []
        for arg in node.args:
            operand = self.form(arg, element)
            if operand is None:
                return None
            operands.append(operand)
        return (name, *operands)

    def pair(self, left, right):
        """Return the key that ``left`` and ``right`` compute, and whether ``right`` takes the first element."""
        first, second = self.first, self.second
        key = self.form(left, first)
        if key is not None and key == self.form(right, second):
            return key, False
        key = self.form(left, second)
        if key is not None and key == self.form(right, first):
            return key, True
        return None

    def comparison(self, node, operators: dict):
        """Read ``(< ka kb)`` and its variants as (key, descending), for the operators given."""
        name = self.builtin_call(node, operators, arity=2)
        if name is None:
            return None
        found = self.pair(*node.args)
        if found is None:
            return None
        key, swapped = found
        return key, operators[name] != swapped

    def equality(self, node):
        if self.builtin_call(node, {"="}, arity=2) is None:
            return None
        found = self.pair(*node.args)
        return None if found is None else found[0]

    def order(self, node):
        """Read a lexicographic comparison: (components, whether the last one is strict)."""
        single = self.comparison(node, STRICT)
        if single is not None:
            return [single], True
        single = self.comparison(node, NON_STRICT)
        if single is not None:
            return [single], False
        kind = type(node)
        if kind is ir.Or and len(node.items) == 2 and type(node.items[1]) is ir.And:
            # (or (< ka kb) (and (= ka kb) rest...))
            head = self.comparison(node.items[0], STRICT)
            tail = node.items[1].items
            if head is None or len(tail) < 2 or self.equality(tail[0]) != head[0]:
                return None
            rest = tail[1] if len(tail) == 2 else ir.And(tail[1:])
            return self.continued(head, rest)
        if kind is ir.If:
            # (if (= ka kb) rest (< ka kb))
            key = self.equality(node.test)
            if key is not None:
                head = self.comparison(node.otherwise, STRICT)
                if head is None or head[0] != key:
                    return None
                return self.continued(head, node.then)
            # (cond ((< ka kb) #t) ((> ka kb) #f) (else rest))
            head = self.comparison(node.test, STRICT)
            inner = node.otherwise
            if head is None or not _is_const(node.then, True) or type(inner) is not ir.If:
                return None
            opposite = self.comparison(inner.test, STRICT)
            if opposite != (head[0], not head[1]) or not _is_const(inner.then, False):
                return None
            return self.continued(head, inner.otherwise)
        return None

    def continued(self, head, rest):
        found = self.order(rest)
        if found is None:
            return None
        components, strict = found
        return [head, *components], strict


def _is_const(node, value) -> bool:
    return type(node) is ir.Const and node.value is value


def key_expression(form, element: str):
    """Build the Python expression of a key form over the int variable ``element``."""
    operation = form[0]
    if operation == "element":
        return ast.Name(element, ast.Load())
    if operation == "int":
        value = form[1]
        return ast.Constant(value) if value >= 0 else ast.UnaryOp(ast.USub(), ast.Constant(-value))
    operands = [key_expression(operand, element) for operand in form[1:]]
    if operation == "abs":
        return ast.Call(ast.Name("_semac_abs", ast.Load()), operands, [])
    if operation in ("remainder", "quotient"):
        helper = ast.Attribute(ast.Name("_rt", ast.Load()), "int_" + operation, ast.Load())
        return ast.Call(helper, operands, [])
    if operation == "modulo":
        # Python's % takes the sign of the divisor, as modulo does.
        return ast.BinOp(operands[0], ast.Mod(), operands[1])
    if len(operands) == 1:
        return operands[0] if operation != "-" else ast.UnaryOp(ast.USub(), operands[0])
    operator = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult}[operation]
    result = operands[0]
    for operand in operands[1:]:
        result = ast.BinOp(result, operator(), operand)
    return result
