"""Numeric type inference, so arithmetic can compile to Python operators.

A call to the builtin ``+`` must raise for ``(+ #t 1)`` and return a
rational from ``(/ 1 2)``, so in general it is a function call. When the
compiler can prove that every operand is an int or a float (never a bool),
``(+ a b)`` means exactly Python's ``a + b`` and is emitted as such.

Proofs come from three places:

* constants, and the results of arithmetic on proven numbers;
* variables that are never assigned with ``set!`` and are bound to a proven
  value;
* loops: the parameters of a named ``let`` (or ``do``) lambda that is only
  ever called, never passed around, have the join of the types of their
  initial values and of the arguments of every self call (a fixpoint);
* int specialisation: a global function whose parameters are assumed to be
  ints gets a second body for that case, entered only after a guard checks
  ``type(p) is int`` for each parameter. Its return type is found by a
  fixpoint over all such functions, starting from "never returns".

The lattice: BOTTOM (no value yet) < INT, FLOAT < NUM < ANY.
"""

from __future__ import annotations

from . import ir

BOTTOM = "bottom"
INT = "int"
FLOAT = "float"
NUM = "num"
BOOL = "bool"
ANY = "any"

ARITHMETIC = {"+", "-", "*"}
COMPARISONS = {"<", ">", "<=", ">=", "="}
NUMERIC = {INT, FLOAT, NUM}


def join(a: str, b: str) -> str:
    if a == BOTTOM:
        return b
    if b == BOTTOM or a == b:
        return a
    if a in NUMERIC and b in NUMERIC:
        return NUM
    return ANY


def arithmetic_result(types: list[str]) -> str:
    if any(t == BOTTOM for t in types):
        return BOTTOM
    if not all(t in NUMERIC for t in types):
        return ANY
    if all(t == INT for t in types):
        return INT
    if any(t == FLOAT for t in types):
        return FLOAT
    return NUM


class TypeContext:
    """Types of variables and of specialised functions' results, for one body."""

    def __init__(self, compiler, var_types: dict, returns: dict, specialised: dict, current=None) -> None:
        self.compiler = compiler
        self.var_types = var_types
        self.returns = returns  # global name -> return type when called with ints
        self.specialised = specialised  # global name -> Lambda
        self.current = current

    def of(self, node) -> str:
        if isinstance(node, ir.Const):
            value = node.value
            if type(value) is int:
                return INT
            if type(value) is float:
                return FLOAT
            if value is True or value is False:
                return BOOL
            return ANY
        if isinstance(node, ir.LocalRef):
            if node.var.mutated:
                return ANY
            return self.var_types.get(node.var, ANY)
        if isinstance(node, ir.Call):
            return self.of_call(node)
        if isinstance(node, ir.If):
            return join(self.of(node.then), self.of(node.otherwise))
        if isinstance(node, ir.Seq):
            return self.of(node.body[-1])
        if isinstance(node, ir.Let):
            for var, init in zip(node.vars, node.inits):
                if not var.mutated and var not in self.var_types:
                    self.var_types[var] = self.of(init)
            return self.of(node.body)
        return ANY

    def of_call(self, node: ir.Call) -> str:
        target = node.fn
        if isinstance(target, ir.GlobalRef):
            name = target.name
            if self.compiler.is_builtin(name):
                if name in ARITHMETIC and node.args:
                    return arithmetic_result([self.of(arg) for arg in node.args])
                if name in COMPARISONS or name in ("zero?", "even?", "odd?", "not"):
                    return BOOL
                return ANY
            if name in self.returns and len(node.args) == len(self.specialised[name].params):
                argument_types = [self.of(arg) for arg in node.args]
                if BOTTOM in argument_types:
                    return BOTTOM
                if all(t == INT for t in argument_types):
                    return self.returns[name]
        return ANY


def loop_lambdas(nodes: list) -> list:
    """Find ``let``/``letrec`` bound lambdas that are only ever called (named let loops)."""
    references: dict = {}
    calls: dict = {}
    bound: dict = {}
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Let):
            for var, init in zip(node.vars, node.inits):
                if isinstance(init, ir.Lambda):
                    bound[var] = (init, node)
        if isinstance(node, ir.Call) and isinstance(node.fn, ir.LocalRef):
            calls.setdefault(node.fn.var, []).append(node)
            stack.extend(node.args)
            continue
        if isinstance(node, ir.LocalRef):
            references[node.var] = references.get(node.var, 0) + 1
        stack.extend(ir.children(node))
    result = []
    for var, (function, _) in bound.items():
        if var.mutated or references.get(var) or function.rest is not None:
            continue
        result.append((var, function, calls.get(var, [])))
    return result


def infer(compiler, nodes: list) -> dict:
    """Infer variable types for the whole module; returns Var -> type."""
    var_types: dict = {}
    returns: dict = {}
    specialised: dict = {}
    context = TypeContext(compiler, var_types, returns, specialised)
    # Variables bound once by let (including the temporaries of named let).
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Let) and not node.recursive:
            for var, init in zip(node.vars, node.inits):
                if not var.mutated and not isinstance(init, ir.Lambda):
                    var_types.setdefault(var, context.of(init))
        stack.extend(reversed(ir.children(node)))
    # Loop parameters: a fixpoint over initial values and self-call arguments.
    loops = loop_lambdas(nodes)
    for _, function, _ in loops:
        for param in function.params:
            var_types[param] = ANY if param.mutated else BOTTOM
    for _ in range(6):
        changed = False
        for var, function, calls in loops:
            for index, param in enumerate(function.params):
                if param.mutated:
                    var_types[param] = ANY
                    continue
                current = var_types.get(param, BOTTOM)
                new = current
                for call in calls:
                    if len(call.args) != len(function.params):
                        new = ANY
                        break
                    new = join(new, context.of(call.args[index]))
                if new != current:
                    var_types[param] = new
                    changed = True
        if not changed:
            break
    for var, function, calls in loops:
        for param in function.params:
            if var_types.get(param) == BOTTOM:
                var_types[param] = ANY
    return var_types


def specialise_globals(compiler, nodes: list, var_types: dict) -> dict:
    """Pick global functions worth an int-specialised body; returns name -> return type."""
    candidates = {}
    for node in nodes:
        if (
            isinstance(node, ir.SetGlobal)
            and node.is_definition
            and isinstance(node.value, ir.Lambda)
            and node.value.params
            and node.value.rest is None
            and not node.value.needs_trampoline
            and compiler.global_is_stable(node.name)
            and not any(param.mutated for param in node.value.params)
        ):
            candidates[node.name] = node.value
    if not candidates:
        return {}
    returns = {name: BOTTOM for name in candidates}
    for _ in range(6):
        changed = False
        for name, function in candidates.items():
            types = dict(var_types)
            for param in function.params:
                types[param] = INT
            context = TypeContext(compiler, types, returns, candidates, current=function)
            result = context.of(function.body)
            if result != returns[name]:
                returns[name] = result
                changed = True
        if not changed:
            break
    chosen = {}
    for name, function in candidates.items():
        types = dict(var_types)
        for param in function.params:
            types[param] = INT
        context = TypeContext(compiler, types, returns, candidates, current=function)
        if uses_numeric_operations(function.body, context) and self_calls_keep_ints(function, name, context):
            chosen[name] = returns[name] if returns[name] != BOTTOM else ANY
    return chosen


def uses_numeric_operations(node, context: TypeContext) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ir.Call) and isinstance(item.fn, ir.GlobalRef):
            name = item.fn.name
            if (name in ARITHMETIC or name in COMPARISONS) and context.compiler.is_builtin(name):
                if all(context.of(arg) in NUMERIC for arg in item.args):
                    return True
        stack.extend(ir.children(item))
    return False


def self_calls_keep_ints(function: ir.Lambda, name: str, context: TypeContext) -> bool:
    """A self tail call loops inside the fast body, so its arguments must stay ints."""
    from .analysis import tail_calls

    for call in tail_calls(function.body):
        if isinstance(call.fn, ir.GlobalRef) and call.fn.name == name:
            if not all(context.of(arg) == INT for arg in call.args):
                return False
    return True
