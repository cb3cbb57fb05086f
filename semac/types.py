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

The lattice: BOTTOM (no value yet) < INT, FLOAT < NUM < ANY, and
BOTTOM < BOOL, STR, LIST, MAP < ANY for values whose class is certain.
"""

from __future__ import annotations

from . import ir
from .analysis import tail_calls, tail_expressions

BOTTOM = "bottom"
INT = "int"
FLOAT = "float"
NUM = "num"
BOOL = "bool"
ANY = "any"

STR = "str"
LIST = "list"  # a plain Python list: a Sema list, never a vector
MAP = "map"  # runtime.values.Map

#: Builtins whose result is always of one class, whatever their arguments.
STRING_RESULTS = frozenset({"number->string", "string-append", "string/join", "symbol->string", "string-upcase", "string-downcase"})
LIST_RESULTS = frozenset({"range", "iota", "map", "filter", "cons", "keys", "vals", "sort"})

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
    """Return BOTTOM when an operand is BOTTOM, ANY when one is not a number, else INT, FLOAT or NUM."""
    result = INT
    numeric = True
    for kind in types:
        if kind == BOTTOM:
            return BOTTOM
        if kind == FLOAT:
            result = FLOAT
        elif kind == NUM:
            if result == INT:
                result = NUM
        elif kind != INT:
            numeric = False
    return result if numeric else ANY


class TypeContext:
    """Types of variables and of specialised functions' results, for one body."""

    def __init__(self, compiler, var_types: dict, returns: dict, specialised: dict, current=None, fallback: dict | None = None) -> None:
        self.compiler = compiler
        self.var_types = var_types
        # Types of variables missing from var_types, read but never written,
        # so contexts can share one large dict instead of each copying it.
        self.fallback = fallback if fallback is not None else {}
        self.returns = returns  # global name -> Hypothesis of its int-specialised body
        self.specialised = specialised  # global name -> Lambda
        self.current = current
        self.assumed_calls: dict = {}  # id of a call node -> its type, assumed by an int hypothesis

    def of(self, node) -> str:
        kind = type(node)
        if kind is ir.Const:
            value = node.value
            kind = type(value)
            if kind is int:
                return INT
            if kind is float:
                return FLOAT
            if kind is bool:
                return BOOL
            if kind is str:
                return STR
            return ANY
        if kind is ir.LocalRef:
            var = node.var
            if var.mutated:
                return ANY
            found = self.var_types.get(var)
            if found is None:
                return self.fallback.get(var, ANY)
            return found
        if kind is ir.Call:
            return self.of_call(node)
        if kind is ir.If:
            return join(self.of(node.then), self.of(node.otherwise))
        if kind is ir.Seq:
            return self.of(node.body[-1])
        if kind is ir.And or kind is ir.Or:
            return BOOL if all(self.of(item) == BOOL for item in node.items) else ANY
        if kind is ir.Let:
            for var, init in zip(node.vars, node.inits):
                if not var.mutated and var not in self.var_types and var not in self.fallback:
                    self.var_types[var] = self.of(init)
            return self.of(node.body)
        if kind is ir.MakeList:
            return ANY if node.vector else LIST
        if kind is ir.MakeMap:
            return MAP
        return ANY

    def of_call(self, node: ir.Call) -> str:
        if self.assumed_calls:
            found = self.assumed_calls.get(id(node))
            if found is not None:
                return found
        target = node.fn
        if isinstance(target, ir.GlobalRef):
            name = target.name
            if self.compiler.is_builtin(name):
                if name in ARITHMETIC and node.args:
                    return arithmetic_result([self.of(arg) for arg in node.args])
                if name in COMPARISONS or name in ("zero?", "even?", "odd?", "not"):
                    return BOOL
                if name in ("modulo", "remainder", "quotient", "abs") and node.args:
                    types = [self.of(arg) for arg in node.args]
                    if BOTTOM in types:
                        return BOTTOM
                    return INT if all(t == INT for t in types) else ANY
                if name in STRING_RESULTS:
                    return STR
                if name in LIST_RESULTS:
                    return LIST
                if name == "assoc" and len(node.args) >= 3:
                    return MAP
                if name == "get" and len(node.args) == 3 and self.compiler.int_valued_maps:
                    source = node.args[0]
                    if type(source) is ir.LocalRef and source.var in self.compiler.int_valued_maps:
                        return INT if self.of(node.args[2]) == INT else ANY
                return ANY
            if name in self.compiler.boolean_globals:
                return BOOL
            hypothesis = self.returns.get(name)
            if hypothesis is not None and len(node.args) == len(hypothesis.function.params):
                argument_types = [self.of(node.args[i]) for i in hypothesis.positions]
                if BOTTOM in argument_types:
                    return BOTTOM
                if all(t == INT for t in argument_types):
                    return hypothesis.returns
        return ANY


def loop_lambdas(nodes: list) -> list:
    """Find ``let``/``letrec`` bound lambdas that are only ever called (named let loops)."""
    references: dict = {}
    calls: dict = {}
    bound: dict = {}
    children = ir.CHILDREN
    stack = list(nodes)
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ir.Let:
            for var, init in zip(node.vars, node.inits):
                if type(init) is ir.Lambda:
                    bound[var] = (init, node)
        elif kind is ir.Call:
            if type(node.fn) is ir.LocalRef:
                calls.setdefault(node.fn.var, []).append(node)
                stack.extend(node.args)
                continue
        elif kind is ir.LocalRef:
            references[node.var] = references.get(node.var, 0) + 1
            continue
        stack.extend(children[kind](node))
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
    children = ir.CHILDREN
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ir.Let and not node.recursive:
            for var, init in zip(node.vars, node.inits):
                if not var.mutated and type(init) is not ir.Lambda:
                    var_types.setdefault(var, context.of(init))
        found = children[kind](node)
        if found:
            stack.extend(reversed(found))
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


def boolean_globals(compiler, nodes: list, var_types: dict) -> set:
    """Return the stable global functions that always return #t or #f (a fixpoint, for mutual recursion).

    Callers may then test their result as a Python bool. A function
    counts when every value in tail position is a boolean, self tail
    calls and the loops of named ``let`` in tail position included.
    """
    functions = {}
    for node in nodes:
        if type(node) is ir.SetGlobal and node.is_definition and type(node.value) is ir.Lambda:
            if compiler.global_is_stable(node.name):
                functions[node.name] = node.value
    compiler.boolean_globals = set(functions)
    context = TypeContext(compiler, {}, {}, {}, fallback=var_types)
    changed = True
    while changed:
        changed = False
        for name, function in functions.items():
            if name in compiler.boolean_globals and not _returns_bool(function, name, context):
                compiler.boolean_globals.discard(name)
                changed = True
    return compiler.boolean_globals


def _returns_bool(function: ir.Lambda, name: str, context: "TypeContext") -> bool:
    loops = {function.self_var} if function.self_var is not None else set()
    for node in tail_expressions(function.body, loops):
        target = node.fn if type(node) is ir.Call else None
        if (type(target) is ir.GlobalRef and target.name == name) or (type(target) is ir.LocalRef and target.var in loops):
            continue  # a self call returns what the other tail values return
        if context.of(node) != BOOL:
            return False
    return True


#: Builtins whose operands, when proven ints, let the call compile to Python operators.
NUMERIC_OPERATIONS = ARITHMETIC | COMPARISONS | {"modulo", "remainder", "quotient", "zero?", "even?", "odd?", "abs"}


class Hypothesis:
    """An int-specialised body: the variables assumed to be ints once a guard checks them."""

    def __init__(self, function: ir.Lambda, variables: list, global_name: str | None) -> None:
        self.function = function
        self.variables = variables
        self.global_name = global_name
        self.positions = [function.params.index(v) for v in variables if v in function.params]
        self.returns = BOTTOM
        self.fast_name: str | None = None


def numeric_operands(function: ir.Lambda, var_types: dict) -> list:
    """Variables of unknown type that ``function``'s own body uses as numeric operands."""
    found: list = []
    children = ir.CHILDREN
    stack = [function.body]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ir.Lambda:
            continue
        if kind is ir.Call and type(node.fn) is ir.GlobalRef and node.fn.name in NUMERIC_OPERATIONS:
            for arg in node.args:
                if type(arg) is ir.LocalRef and not arg.var.mutated and arg.var not in found:
                    if var_types.get(arg.var, ANY) not in NUMERIC:
                        found.append(arg.var)
        stack.extend(children[kind](node))
    return found


def all_lambdas(nodes: list) -> list:
    result = []
    children = ir.CHILDREN
    stack = list(nodes)
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ir.Lambda:
            result.append(node)
        stack.extend(children[kind](node))
    return result


def specialise(compiler, nodes: list, var_types: dict, lambdas: list | None = None) -> dict:
    """Choose the lambdas that get an int-specialised body; returns Lambda -> Hypothesis.

    A stable global function may only assume things about its parameters
    (its free variables are globals, which can change); a local lambda may
    also assume things about the non-mutated variables it captures. The
    return type of each specialised global is found by a fixpoint.

    ``lambdas`` lists every lambda in ``nodes`` in the order of
    :func:`all_lambdas`, which is computed when it is None.
    """
    globals_by_lambda = {}
    for node in nodes:
        if isinstance(node, ir.SetGlobal) and node.is_definition and isinstance(node.value, ir.Lambda):
            if compiler.global_is_stable(node.name):
                globals_by_lambda[node.value] = node.name
    hypotheses: dict = {}
    for function in all_lambdas(nodes) if lambdas is None else lambdas:
        if function.loop_needs_fresh_scope:
            continue
        global_name = globals_by_lambda.get(function)
        if global_name is not None and unused_straight_line(compiler, global_name, function):
            continue
        if global_name is not None and function.needs_trampoline:
            # The fast entry is called directly, so it must return values, not tail calls.
            global_name = None
        if global_name is None and not function.has_self_tail_call:
            # Straight-line code gains little over the per-operation guards.
            continue
        variables = numeric_operands(function, var_types)
        if global_name is not None:
            variables = [v for v in variables if v in function.params]
        else:
            variables = [v for v in variables if v in function.params or v.owner is not function]
        if variables:
            hypotheses[function] = Hypothesis(function, variables, global_name)
    by_name = {h.global_name: h for h in hypotheses.values() if h.global_name}
    for _ in range(6):
        changed = False
        for hypothesis in by_name.values():
            context = hypothesis_context(compiler, var_types, hypothesis, by_name)
            result = context.of(hypothesis.function.body)
            if result != hypothesis.returns:
                hypothesis.returns = result
                changed = True
        if not changed:
            break
    chosen = {}
    for function, hypothesis in hypotheses.items():
        context = hypothesis_context(compiler, var_types, hypothesis, by_name)
        if not self_calls_keep_ints(function, hypothesis, context):
            if hypothesis.global_name is not None:
                continue
            # A loop may still assume the variables its self calls keep ints.
            hypothesis = narrowed(compiler, var_types, hypothesis, by_name)
            if hypothesis is None:
                continue
        if hypothesis.returns == BOTTOM:
            hypothesis.returns = ANY
        chosen[function] = hypothesis
    return chosen


def narrowed(compiler, var_types: dict, hypothesis: Hypothesis, by_name: dict) -> Hypothesis | None:
    """Drop the parameters whose self-call arguments are not ints until the rest stay ints.

    Returns None when no variable is left.
    """
    function = hypothesis.function
    variables = list(hypothesis.variables)
    while variables:
        candidate = Hypothesis(function, variables, None)
        context = hypothesis_context(compiler, var_types, candidate, by_name)
        still_int = list(variables)
        for call in tail_calls(function.body):
            target = call.fn
            if isinstance(target, ir.LocalRef) and target.var is function.self_var and len(call.args) == len(function.params):
                still_int = [v for v in still_int if v not in function.params or context.of(call.args[function.params.index(v)]) == INT]
        if still_int == variables:
            return candidate
        variables = still_int
    return None


def unused_straight_line(compiler, name: str, function: ir.Lambda) -> bool:
    """True for a global function of a whole module that nothing in it refers to, and that runs no loop.

    Only callers outside the module could enter its int body, through the
    generic entry, and a body without a loop gains little over the guards
    of each expression, while a second body costs compile time.
    """
    if not compiler.whole_program or name in compiler.referenced_globals or function.has_self_tail_call:
        return False
    return not any(inner.has_self_tail_call for inner in all_lambdas([function.body]))


def hypothesis_context(compiler, var_types: dict, hypothesis: Hypothesis, by_name: dict) -> "TypeContext":
    assumed = {var: INT for var in hypothesis.variables}
    return TypeContext(compiler, assumed, by_name, {}, current=hypothesis.function, fallback=var_types)


def self_calls_keep_ints(function: ir.Lambda, hypothesis: Hypothesis, context: "TypeContext") -> bool:
    """A self tail call loops inside the fast body, so the assumed ints must stay ints."""
    for call in tail_calls(function.body):
        target = call.fn
        is_self = (
            isinstance(target, ir.GlobalRef) and target.name == hypothesis.global_name
        ) or (isinstance(target, ir.LocalRef) and target.var is function.self_var)
        if is_self and len(call.args) == len(function.params):
            if not all(context.of(call.args[i]) == INT for i in hypothesis.positions):
                return False
    return True
