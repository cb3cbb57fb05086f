"""Code generation: the core language to Python ``ast`` nodes.

Every IR node is emitted *for a destination*:

* ``RETURN``: the value is returned (tail position);
* ``DISCARD``: only the effects matter;
* ``Store(name)``: the value is assigned to a Python name.

:meth:`CodeGen.expr` is the expression view: it returns ``(statements,
expression)``, where the statements must run before the expression is
evaluated. A node that needs statements (a ``let`` in an argument, say) is
emitted into a temporary. Arguments are evaluated left to right: when a
later argument needs statements, earlier ones are first saved in
temporaries.

Every ``ast`` node that starts a statement or call gets the line and column
of its IR node through :meth:`CodeGen.located`, so tracebacks of compiled
code show ``.scm`` lines.
"""

from __future__ import annotations

import ast
import builtins
import math
from dataclasses import dataclass
from fractions import Fraction

from runtime.names import mangle
from runtime.support import DRIVEN_FLAG
from runtime.values import Char, Keyword, Map, Symbol, Vector

from . import ir
from .analysis import INLINE_ITERATION, is_apply, known_lambda, tail_calls, tail_expressions
from .sortkeys import key_expression, key_order
from .types import ARITHMETIC, COMPARISONS, NUMERIC, TypeContext

PYTHON_BUILTINS = frozenset(dir(builtins))

# Context and operator nodes have no fields or position, so the emitted
# tree shares one instance of each.
LOAD = ast.Load()
STORE = ast.Store()
IS = ast.Is()
IS_NOT = ast.IsNot()
AND = ast.And()
OR = ast.Or()
NOT = ast.Not()

RETURN = "return"
DISCARD = "discard"

#: Builtins that always return a Python bool, so a test can use them directly.
BOOLEAN_BUILTINS = frozenset(
    """= < > <= >= not null? nil? zero? even? odd? eq? equal? eqv? number? integer?
    string? symbol? keyword? list? vector? map? procedure? pair? empty? positive?
    negative? boolean? char? float? rational? fn? function? record? contains?""".split()
)


@dataclass
class Store:
    name: str


class PyFunction:
    """A Python function being generated (or the module body)."""

    def __init__(self, lambda_node: ir.Lambda | None, parent: "PyFunction | None", loop_mode: str | None = None):
        self.lambda_node = lambda_node
        self.parent = parent
        self.loop_mode = loop_mode  # None, "continue" or "recur"
        self.inline_loop: ir.Lambda | None = None  # a named let running as a while loop in this body
        self.nonlocals: set[str] = set()
        self.globals: set[str] = set()

    @property
    def is_module(self) -> bool:
        return self.lambda_node is None and self.parent is None


#: IR node class -> its CodeGen ``emit_`` and ``expr_`` methods (None when
#: missing), filled on first use.
_EMIT_METHODS: dict = {}
_EXPR_METHODS: dict = {}


class CodeGen:
    def __init__(self, compiler, var_types: dict | None = None, hypotheses: dict | None = None) -> None:
        self.compiler = compiler
        self.function = PyFunction(None, None)
        self.owners: dict[ir.Var, PyFunction] = {}
        self.var_types = dict(var_types or {})
        self.hypotheses = hypotheses or {}
        self.fast_globals = {h.global_name: h for h in self.hypotheses.values() if h.global_name}
        for name, hypothesis in self.fast_globals.items():
            hypothesis.fast_name = compiler.fresh_name(mangle(name) + "_int")
        self.types = self.type_context(self.var_types)
        # The extra run-time conditions of the fast path, while an expression
        # is compiled on the hypothesis that its variables are ints.
        self.conditions: list | None = None
        self.plain = False  # compile numeric builtins as calls (the slow side of a hypothesis)
        self.owned_updates: set = set()  # assoc calls on a variable that their result replaces
        self.sole_owned: set = set()  # variables whose map nothing else refers to (see sole_owned)
        self.single_use: dict = {}  # let variable -> its init, for variables read once (a named let's start values)
        self.reversed_lists: set = set()  # loop variables held as Python lists in reverse (see reversed_accumulators)
        self.counter: ir.Var | None = None  # the variable a counted loop's for statement steps
        # Loop variables walked with cdr, kept as a list and an index: var -> (index name, length name).
        self.cursors: dict = {}
        self.nonempty: set = set()  # cursor variables known to have an element here
        # While a comprehension's body is compiled: the Python names it binds,
        # and the guard conditions on other variables, hoisted out of it.
        self.hoisting: tuple | None = None

    def type_context(self, var_types: dict):
        return TypeContext(self.compiler, var_types, self.fast_globals, {})

    # -- helpers ----------------------------------------------------------

    def located(self, tree, node):
        line = getattr(node, "line", 0)
        if line:
            column = node.column - 1 if node.column > 0 else 0
            tree.lineno = line
            tree.col_offset = column
            tree.end_lineno = line
            tree.end_col_offset = column
        return tree

    def name(self, identifier: str, node=None, store: bool = False) -> ast.Name:
        return self.located(ast.Name(identifier, STORE if store else LOAD), node)

    def runtime(self, attribute: str, node=None) -> ast.expr:
        return self.located(ast.Attribute(self.name("_rt", node), attribute, LOAD), node)

    def temp(self, base: str = "tmp") -> str:
        return self.compiler.fresh_name(base)

    def finish(self, value: ast.expr, dest, node) -> list:
        if dest == RETURN:
            return [self.located(ast.Return(value), node)]
        if dest == DISCARD:
            if isinstance(value, (ast.Name, ast.Constant)):
                return []
            return [self.located(ast.Expr(value), node)]
        return [self.located(ast.Assign([self.name(dest.name, node, store=True)], value), node)]

    # -- module -----------------------------------------------------------

    def module_body(self, nodes: list) -> list:
        body = []
        for node in nodes:
            body.extend(self.emit(node, DISCARD))
        return body

    def module_value(self, nodes: list, result_name: str) -> list:
        """Emit ``nodes``; the value of the last one is stored in ``result_name``."""
        body = []
        for node in nodes[:-1]:
            body.extend(self.emit(node, DISCARD))
        if nodes:
            body.extend(self.emit(nodes[-1], Store(result_name)))
        else:
            body.append(ast.Assign([ast.Name(result_name, STORE)], ast.Constant(None)))
        return body

    # -- the destination-driven emitter -----------------------------------

    def emit(self, node, dest) -> list:
        kind = type(node)
        try:
            method = _EMIT_METHODS[kind]
        except KeyError:
            method = _EMIT_METHODS[kind] = getattr(CodeGen, "emit_" + kind.__name__, None)
        if method is not None:
            return method(self, node, dest)
        statements, value = self.expr(node)
        return statements + self.finish(value, dest, node)

    def emit_If(self, node: ir.If, dest) -> list:
        statements, test = self.test(node.test)
        then = self.emit(node.then, dest) or [ast.Pass()]
        walked = node.test.args[0].var if isinstance(node.test, ir.Call) and is_list_access(node.test, None) else None
        if walked in self.cursors and walked not in self.nonempty:
            # Past a false (null? var) the cursor has an element, so car needs no bounds check.
            self.nonempty.add(walked)
            try:
                otherwise = self.emit(node.otherwise, dest)
            finally:
                self.nonempty.discard(walked)
        else:
            otherwise = self.emit(node.otherwise, dest)
        if dest == RETURN and not otherwise:
            otherwise = [ast.Return(ast.Constant(None))]
        return statements + [self.located(ast.If(test, then, otherwise), node)]

    def emit_Seq(self, node: ir.Seq, dest) -> list:
        statements = []
        for item in node.body[:-1]:
            statements.extend(self.emit(item, DISCARD))
        return statements + self.emit(node.body[-1], dest)

    def emit_Let(self, node: ir.Let, dest) -> list:
        if dest == RETURN and node.recursive:
            loop = self.loop_in_place(node)
            if loop is not None:
                return loop
        # Binding in order is equivalent to a parallel let: every variable
        # has a fresh Python name, so no init can see a new binding.
        statements = []
        for var, init in zip(node.vars, node.inits):
            if type(init) in (ir.MakeMap, ir.Const) and not var.mutated and count_references(node.body, var) == 1:
                self.single_use[var] = init
            statements.extend(self.bind(var, init, node))
        return statements + self.emit(node.body, dest)

    def loop_in_place(self, node: ir.Let):
        """Run a named ``let`` in tail position as a ``while`` loop in the current function.

        ``(let loop ((i 0)) ... (loop (+ i 1)))`` binds ``loop`` to a lambda
        and calls it once. When every other use of ``loop`` is a self tail
        call, no Python function is needed: the parameters become the
        current function's variables and each self call a ``continue``.
        Returns None when the loop must stay a function.
        """
        if len(node.vars) != 1 or not isinstance(node.inits[0], ir.Lambda):
            return None
        var, loop = node.vars[0], node.inits[0]
        start = node.body
        if not (isinstance(start, ir.Call) and isinstance(start.fn, ir.LocalRef) and start.fn.var is var):
            return None
        if var.mutated or loop.rest is not None or loop.needs_trampoline or loop.self_var is not var:
            return None
        if len(start.args) != len(loop.params) or any(refers_to(arg, var) for arg in start.args):
            return None
        # Inside a loop or a trampolined body, a tail call would mean something else here.
        if self.function.is_module or self.function.loop_mode is not None or self.function.inline_loop is not None:
            return None
        if any(local.captured for local in loop.locals):
            return None
        self_calls = [call for call in tail_calls(loop.body) if isinstance(call.fn, ir.LocalRef) and call.fn.var is var]
        if count_references(loop.body, var) != len(self_calls):
            return None  # loop escapes, or is called other than in tail position
        if any(len(call.args) != len(loop.params) for call in self_calls):
            return None
        statements, values = self.expr_list(start.args)
        for local in loop.locals:
            self.owners[local] = self.function
        targets = [self.name(param.python_name, node, store=True) for param in loop.params]
        if len(targets) == 1:
            statements.append(self.located(ast.Assign(targets, values[0]), node))
        elif targets:
            statements.append(self.located(ast.Assign([ast.Tuple(targets, STORE)], ast.Tuple(values, LOAD)), node))
        cursors = self.cursor_candidates(loop, self_calls)
        starts = [self.single_use.get(arg.var, arg) if type(arg) is ir.LocalRef else arg for arg in start.args]
        owned = sole_owned(self.compiler, loop, starts)
        self.sole_owned |= owned
        for param in owned:
            self.note_int_values(loop, param, starts[loop.params.index(param)], self_calls)
        accumulators = reversed_accumulators(self.compiler, loop, starts)
        for param in accumulators:
            # The list is built by append and reversed once when the loop returns it.
            statements.append(self.located(ast.Assign([self.name(param.python_name, loop, store=True)], ast.List([], LOAD)), loop))
        self.reversed_lists |= accumulators
        self.function.inline_loop = loop
        try:
            body = self.loop_versions(loop)
            if cursors:
                setup = []
                for param in cursors:
                    index, end = self.temp(param.python_name + "_index"), self.temp(param.python_name + "_end")
                    self.cursors[param] = (index, end)
                    setup.append(ast.Assign([self.name(index, loop, store=True)], ast.Constant(0)))
                    call = ast.Call(ast.Name("_semac_len", LOAD), [self.name(param.python_name, loop)], [])
                    setup.append(ast.Assign([self.name(end, loop, store=True)], call))
                try:
                    walked = setup + self.loop_versions(loop)
                finally:
                    for param in cursors:
                        del self.cursors[param]
                checks = [self.is_class(self.name(param.python_name, loop), "_semac_list") for param in cursors]
                guard = checks[0] if len(checks) == 1 else ast.BoolOp(AND, checks)
                body = [self.located(ast.If(guard, walked, []), loop)] + body[-1:]
        finally:
            self.function.inline_loop = None
        return statements + body

    def note_int_values(self, loop: ir.Lambda, param: ir.Var, start: ir.MakeMap, self_calls: list) -> None:
        """Mark an owned map as holding only ints when its literal does and every update stores an int.

        Nothing else can change such a map, so ``(get m k d)`` with an int
        ``d`` is then an int. The updates are typed with the mark in place:
        ``(assoc m k (+ (get m k 0) 1))`` stores an int if the map contains only ints.
        """
        if not all(type(value) is ir.Const and type(value.value) is int for _, value in start.pairs):
            return
        self.compiler.int_valued_maps.add(param)
        position = loop.params.index(param)
        for call in self_calls:
            arg = call.args[position]
            if type(arg) is ir.LocalRef:
                continue
            if self.types.of(arg.args[2]) != "int":
                self.compiler.int_valued_maps.discard(param)
                return

    def loop_versions(self, loop: ir.Lambda) -> list:
        """Emit the ``while`` loop of a loop in place, behind its int hypothesis when it has one."""
        body = self.counted_loop(loop) or [self.located(ast.While(ast.Constant(True), self.function_body(loop), []), loop)]
        hypothesis = self.hypotheses.get(loop)
        if hypothesis is None:
            return body
        saved = self.types
        self.types = self.hypothesis_types(hypothesis)
        try:
            fast = self.counted_loop(loop) or [self.located(ast.While(ast.Constant(True), self.function_body(loop), []), loop)]
        finally:
            self.types = saved
        return [self.located(ast.If(self.guard(hypothesis.variables, loop), fast, []), loop)] + body

    def counted_loop(self, loop: ir.Lambda) -> list | None:
        """Emit ``(if (= i n) done (... (loop (+ i 1) ...)))`` on ints as a ``for`` over a range.

        The test may also be ``(> i n)`` or ``(>= i n)``. ``n`` must be
        an int that the loop cannot change, and every self call must pass
        ``(+ i 1)``. With ``=``, a start above ``n`` never meets the test,
        so the loop then counts up without end, as the ``while`` would.
        """
        found = self.counter_of(loop)
        if found is None:
            return None
        counter, limit_node, test = found
        statements, (limit,) = self.expr_list([limit_node])
        if statements or not isinstance(limit, (ast.Name, ast.Constant)):
            return None
        name = counter.python_name
        current = self.name(name, loop)
        if test == "=":
            stop, after = limit, [ast.Assign([self.name(name, loop, store=True)], limit)]
            endless = ast.Call(self.runtime("count_up", loop), [current], [])
            items = ast.IfExp(ast.Compare(current, [ast.LtE()], [limit]), ast.Call(ast.Name("_semac_range", LOAD), [current, limit], []), endless)
        else:
            stop = limit if test == ">=" else ast.BinOp(limit, ast.Add(), ast.Constant(1))
            # After a full run the counter is stop - 1, and with no run it keeps its start.
            reached = ast.Assign([self.name(name, loop, store=True)], stop)
            after = [ast.If(ast.Compare(current, [ast.Lt()], [stop]), [reached], [])]
            items = ast.Call(ast.Name("_semac_range", LOAD), [current, stop], [])
        saved = self.counter
        self.counter = counter
        try:
            body = self.emit(loop.body.otherwise, RETURN) or [ast.Pass()]
        finally:
            self.counter = saved
        done = self.emit(loop.body.then, RETURN) or [ast.Return(ast.Constant(None))]
        for_loop = ast.For(self.name(name, loop, store=True), items, body, [])
        return [self.located(for_loop, loop)] + [self.located(statement, loop) for statement in after] + done

    def mentions_self(self, node, loop: ir.Lambda) -> bool:
        """True when ``node`` refers to ``loop`` by its local name or, for a global function, its global name."""
        if loop.self_var is not None and refers_to(node, loop.self_var):
            return True
        if loop.self_global is None:
            return False
        stack = [node]
        while stack:
            item = stack.pop()
            if type(item) is ir.GlobalRef and item.name == loop.self_global:
                return True
            stack.extend(ir.children(item))
        return False

    def counter_of(self, loop: ir.Lambda):
        """Return (counter, limit, test) when ``loop`` counts an int up by one to a fixed int, else None."""
        body = loop.body
        if loop.rest is not None or type(body) is not ir.If or self.cursors or self.mentions_self(body.then, loop):
            return None
        test = body.test
        if not (type(test) is ir.Call and type(test.fn) is ir.GlobalRef and len(test.args) == 2):
            return None

        name = test.fn.name
        if name not in ("=", ">", ">=", "<", "<=") or not self.compiler.is_builtin(name):
            return None
        left, right = test.args
        if name in ("<", "<="):
            # (< n i) is (> i n).
            left, right, name = right, left, {"<": ">", "<=": ">="}[name]
        if not (type(left) is ir.LocalRef and left.var in loop.params) and name == "=":
            left, right = right, left
        if type(left) is not ir.LocalRef or left.var not in loop.params or left.var.mutated:
            return None
        counter = left.var

        limit_is_param = type(right) is ir.LocalRef and right.var in loop.params
        if type(right) is ir.LocalRef:
            if right.var.mutated or (right.var in loop.locals and not limit_is_param):
                return None
        elif not (type(right) is ir.Const and type(right.value) is int):
            return None
        if self.types.of(left) != "int" or self.types.of(right) != "int":
            return None

        index = loop.params.index(counter)
        self_calls = [call for call in tail_calls(body.otherwise) if self.is_self_call(loop, call)]
        if not self_calls:
            return None
        for call in self_calls:
            if limit_is_param:
                passed = call.args[loop.params.index(right.var)]
                if not (type(passed) is ir.LocalRef and passed.var is right.var):
                    return None  # the limit changes between iterations
            if not is_increment(call.args[index], counter):
                return None
        return counter, right, name

    def bind(self, var: ir.Var, init, node) -> list:
        self.owners.setdefault(var, self.function)
        if not var.mutated:
            # Typed in the current body's context: an int-specialised body may know more.
            self.types.var_types[var] = self.types.of(init)
        target = self.assign_target(var)
        if isinstance(init, ir.Lambda):
            return self.define_function(init, target, init)
        return self.emit(init, Store(target))

    def assign_target(self, var: ir.Var) -> str:
        owner = self.owners.get(var)
        name = var.python_name
        if owner is not None and owner is not self.function:
            if owner.is_module:
                self.function.globals.add(name)
            else:
                self.function.nonlocals.add(name)
        else:
            self.owners[var] = self.function
        return name

    def mark_owned_update(self, value, var: ir.Var) -> None:
        """Note ``(assoc var k v)`` whose result is about to replace ``var``'s value.

        Such a call may update the map in place when no other reference to it
        exists (see ``runtime.support.assoc_owned``).
        """
        if (
            isinstance(value, ir.Call)
            and isinstance(value.fn, ir.GlobalRef)
            and value.fn.name == "assoc"
            and len(value.args) == 3
            and isinstance(value.args[0], ir.LocalRef)
            and value.args[0].var is var
            # (assoc m k m) stores the old map: the variable adds no reference to count.
            and not any(isinstance(arg, ir.LocalRef) and arg.var is var for arg in value.args[1:])
            and self.compiler.is_builtin("assoc")
        ):
            self.owned_updates.add(value)

    def owned_assoc(self, node: ir.Call):
        """``(assoc m k v)`` whose result replaces ``m``: update ``m`` in place when nothing else refers to it.

        See ``runtime.support.SOLE_REFERENCE``. The variable is rebound here,
        before the assignment that would rebind it anyway, so that no
        temporary keeps a second reference to the map into the next
        iteration. The value of the call is then the variable itself.
        """
        statements, values = self.expr_list(node.args, spill_all=True)
        for index, value in enumerate(values):
            if not isinstance(value, (ast.Name, ast.Constant)):
                temp = self.temp()
                statements.append(self.located(ast.Assign([self.name(temp, node, store=True)], value), node))
                values[index] = self.name(temp, node)
        mapping, key, value = values
        update = ast.Assign([ast.Subscript(mapping, key, STORE)], value)
        if node.args[0].var in self.sole_owned:
            statements.append(self.located(update, node))
            return statements, mapping
        target = self.assign_target(node.args[0].var)
        count = ast.Call(self.name("_semac_references", node), [mapping], [])
        sole = ast.BoolOp(
            AND,
            [
                ast.Compare(count, [ast.LtE()], [self.name("_semac_sole_reference", node)]),
                self.is_class(mapping, "_semac_map"),
                # A key or value that is the map itself adds no reference the count would show.
                ast.Compare(value, [IS_NOT], [mapping]),
                ast.Compare(key, [IS_NOT], [mapping]),
            ],
        )
        copy = ast.Assign([self.name(target, node, store=True)], ast.Call(self.name("assoc", node), [mapping, key, value], []))
        statements.append(self.located(ast.If(sole, [self.located(update, node)], [self.located(copy, node)]), node))
        return statements, self.name(target, node)

    def emit_SetLocal(self, node: ir.SetLocal, dest) -> list:
        self.mark_owned_update(node.value, node.var)
        target = self.assign_target(node.var)
        if isinstance(node.value, ir.Lambda):
            statements = self.define_function(node.value, target, node.value)
        else:
            statements = self.emit(node.value, Store(target))
        if dest == DISCARD:
            return statements
        result = ast.Constant(None) if node.is_definition else self.name(target, node)
        return statements + self.finish(result, dest, node)

    def emit_SetGlobal(self, node: ir.SetGlobal, dest) -> list:
        target = mangle(node.name)
        if not self.function.is_module:
            self.function.globals.add(target)
        if isinstance(node.value, ir.Lambda):
            statements = self.define_function(node.value, target, node.value)
        else:
            statements = self.emit(node.value, Store(target))
        if dest == DISCARD:
            return statements
        result = ast.Constant(None) if node.is_definition else self.name(target, node)
        return statements + self.finish(result, dest, node)

    def emit_And(self, node: ir.And, dest) -> list:
        return self.emit_logic(node, dest, is_and=True)

    def emit_Or(self, node: ir.Or, dest) -> list:
        return self.emit_logic(node, dest, is_and=False)

    def expr_And(self, node: ir.And):
        return self.boolean_logic(node, AND)

    def expr_Or(self, node: ir.Or):
        return self.boolean_logic(node, OR)

    def boolean_logic(self, node, operator):
        """``and``/``or`` of values known to be booleans is Python's own and/or."""
        if self.is_boolean_logic(node):
            parts = [self.expr(item) for item in node.items]
            return parts[0][0], self.located(ast.BoolOp(operator, [value for _, value in parts]), node)
        temp = self.temp()
        return self.emit(node, Store(temp)), self.name(temp, node)

    def is_boolean_logic(self, node) -> bool:
        """True for and/or whose items are booleans computed without statements."""
        for index, item in enumerate(node.items):
            if self.types.of(item) != "bool":
                return False
            if isinstance(item, (ir.And, ir.Or)):
                # A nested first item's statements would run before earlier items.
                if not self.is_boolean_logic(item) or (index > 0 and not is_pure(item.items[0])):
                    return False
            elif index > 0 and not is_pure(item):
                return False
        return True

    def emit_logic(self, node, dest, is_and: bool) -> list:
        # In tail position, a call to a function is a tail call, which Python's and/or would not make.
        tail_call = dest == RETURN and any(
            not (type(call.fn) is ir.GlobalRef and self.compiler.is_builtin(call.fn.name)) for call in tail_calls(node)
        )
        if not tail_call and self.is_boolean_logic(node):
            statements, value = self.expr(node)
            return statements + self.finish(value, dest, node)
        if dest == DISCARD:
            # Only effects matter: (and a b) runs b when a is true.
            statements, test = self.test(node.items[0])
            rest = node.items[1:]
            inner_node = rest[0] if len(rest) == 1 else type(node)(rest, line=node.line, column=node.column)
            inner = self.emit(inner_node, DISCARD) or [ast.Pass()]
            if not is_and:
                test = ast.UnaryOp(NOT, test)
            return statements + [self.located(ast.If(test, inner, []), node)]
        if isinstance(dest, Store):
            target = dest.name
        else:
            target = self.temp()
        statements = self.emit(node.items[0], Store(target))
        remaining = node.items[1:]
        inner_node = remaining[0] if len(remaining) == 1 else type(node)(remaining, line=node.line, column=node.column)
        check = self.truth(self.name(target, node))
        if not is_and:
            check = ast.UnaryOp(NOT, check)
        inner = self.emit(inner_node, Store(target) if dest != RETURN else RETURN)
        statements.append(self.located(ast.If(check, inner, []), node))
        if dest == RETURN:
            statements.append(self.located(ast.Return(self.name(target, node)), node))
        return statements

    def emit_Try(self, node: ir.Try, dest) -> list:
        result = dest.name if isinstance(dest, Store) else self.temp("result")
        # The body is never in tail position: a return from inside it would
        # leave the try. The handler may return directly.
        body_dest = DISCARD if dest == DISCARD else Store(result)
        handler_dest = RETURN if dest == RETURN else body_dest
        body = self.emit(node.body, body_dest) or [ast.Pass()]
        handlers = []
        if node.handler is not None:
            exception = self.temp("exc")
            self.owners[node.var] = self.function
            handler_body = [
                self.located(
                    ast.Assign(
                        [self.name(node.var.python_name, node, store=True)],
                        ast.Call(self.runtime("error_map", node), [self.name(exception, node)], []),
                    ),
                    node,
                )
            ]
            handler_body += self.emit(node.handler, handler_dest) or [ast.Pass()]
            handlers.append(
                self.located(ast.ExceptHandler(self.runtime("CATCHABLE", node), exception, handler_body), node)
            )
        final = self.emit(node.finally_body, DISCARD) if node.finally_body is not None else []
        statements = [self.located(ast.Try(body, handlers, [], final), node)]
        if dest == RETURN:
            statements.append(self.located(ast.Return(self.name(result, node)), node))
        return statements

    def emit_Lambda(self, node: ir.Lambda, dest) -> list:
        if isinstance(dest, Store):
            return self.define_function(node, dest.name, node)
        name = self.temp("lambda")
        statements = self.define_function(node, name, node)
        return statements + self.finish(self.name(name, node), dest, node)

    def emit_Call(self, node: ir.Call, dest) -> list:
        if dest == RETURN:
            loop = self.function.inline_loop
            if loop is not None and self.is_self_call(loop, node):
                return self.self_tail_call(loop, node, "continue")
            function = self.function.lambda_node
            if function is not None and self.function.loop_mode and self.is_self_call(function, node):
                return self.self_tail_call(function, node, self.function.loop_mode)
            if function is not None and function.needs_trampoline and self.may_trampoline(node.fn) and not self.calls_plain(node.fn):
                return self.chained_tail_call(node)
            if function is not None and function.needs_trampoline and is_apply(self.compiler, node):
                target = node.args[0]
                if self.may_trampoline(target) and not self.calls_plain(target):
                    return self.chained_tail_call(node, applied=True)
        statements, value = self.expr_Call(node)
        return statements + self.finish(value, dest, node)

    def chained_tail_call(self, node: ir.Call, applied: bool = False) -> list:
        """Emit a tail call that may continue a chain of tail calls (see ``runtime.support.DRIVEN_FLAG``).

        A target marked as tail-calling is returned to the driver as a
        ``TailCall`` when this function runs under one, or driven here when
        it was called normally. Any other target is called directly. With
        ``applied``, the call is ``(apply f ... xs)``, a tail call to ``f``
        when ``xs`` is a plain list, and the builtin apply otherwise.
        """
        callee = [] if applied else [node.fn]
        statements, values = self.expr_list(callee + node.args, spill_all=True)
        for index, value in enumerate(values):
            if not isinstance(value, (ast.Name, ast.Constant)):
                temp = self.temp()
                statements.append(self.located(ast.Assign([self.name(temp, node, store=True)], value), node))
                values[index] = self.name(temp, node)
        target, args = values[0], values[1:]
        if applied:
            spread = args[-1]
            args = args[:-1] + [ast.Starred(spread, LOAD)]
        pending = ast.Tuple(list(args), LOAD)
        handed_on = ast.IfExp(
            self.name(DRIVEN_FLAG, node),
            ast.Call(self.runtime("TailCall", node), [target, pending], []),
            ast.Call(self.runtime("drive", node), [target, pending], []),
        )
        if applied:
            # Only a plain list spreads as the builtin would; apply reports the rest.
            plain = [self.is_class(spread, "_semac_list")]
            builtin = ast.Call(self.name("apply", node), list(values), [])
            direct = self.located(builtin, node)
        else:
            plain = []
            direct = self.located(ast.Call(target, list(args), []), node)
        defaults = self.temp("defaults")
        marked = ast.BoolOp(
            AND,
            [
                self.is_class(target, "_semac_function"),
                ast.Compare(
                    ast.NamedExpr(self.name(defaults, node, store=True), ast.Attribute(target, "__kwdefaults__", LOAD)),
                    [IS_NOT],
                    [ast.Constant(None)],
                ),
                ast.Compare(ast.Constant(DRIVEN_FLAG), [ast.In()], [self.name(defaults, node)]),
            ]
            + plain,
        )
        return statements + [
            self.located(ast.If(marked, [self.located(ast.Return(self.located(handed_on, node)), node)], []), node),
            self.located(ast.Return(direct), node),
        ]

    def is_self_call(self, function: ir.Lambda, call: ir.Call) -> bool:
        if function.rest is not None or len(call.args) != len(function.params):
            return False
        target = call.fn
        if isinstance(target, ir.LocalRef):
            return function.self_var is not None and target.var is function.self_var
        if isinstance(target, ir.GlobalRef):
            return function.self_global is not None and target.name == function.self_global
        return False

    def may_trampoline(self, target) -> bool:
        if isinstance(target, (ir.Const, ir.RuntimeRef, ir.Attribute)):
            return False
        if isinstance(target, ir.GlobalRef):
            return not self.compiler.is_builtin(target.name)
        return True

    def calls_plain(self, target) -> bool:
        """True for a target known to be a lambda that needs no trampoline."""
        known = known_lambda(self.compiler, target)
        return known is not None and not known.needs_trampoline

    def self_tail_call(self, function: ir.Lambda, node: ir.Call, mode: str) -> list:
        if mode == "continue":
            for index, (param, arg) in enumerate(zip(function.params, node.args)):
                # Another argument that reads the variable would see the map updated in place.
                others = node.args[:index] + node.args[index + 1 :]
                if not any(refers_to(other, param) for other in others):
                    self.mark_owned_update(arg, param)
        cursors = [
            (param, arg) for param, arg in zip(function.params, node.args) if param in self.cursors
        ] if function is self.function.inline_loop else []
        if cursors:
            return self.cursor_tail_call(function, node, cursors)
        params, args = function.params, node.args
        if self.counter is not None and self.counter in function.params:
            # The for statement of counted_loop steps the counter itself.
            stepped = [(param, arg) for param, arg in zip(params, args) if param is not self.counter]
            params, args = [param for param, _ in stepped], [arg for _, arg in stepped]
        if mode == "recur":
            statements, values = self.expr_list(args, spill_all=len(args) > 1)
            recur = ast.Call(self.runtime("Recur", node), [ast.Tuple(values, LOAD)], [])
            return statements + [self.located(ast.Return(self.located(recur, node)), node)]
        statements = self.next_values(params, args, node)
        statements.append(self.located(ast.Continue(), node))
        return statements

    def next_values(self, params: list, args: list, node, steps: list = ()) -> list:
        """Assign a loop's parameters their next values: one tuple assignment, after any appends.

        A parameter in ``reversed_lists`` gets ``(cons x p)`` as
        ``p.append(x)``. Every value is then spilled to a name first, so
        the appends and the assignment see the values in argument order.
        ``steps`` are (name, value) pairs assigned with the parameters,
        such as the indexes of cursor variables.
        """
        appended = []
        if self.reversed_lists:
            next_args = []
            for param, arg in zip(params, args):
                if param not in self.reversed_lists:
                    next_args.append((param, arg))
                elif type(arg) is ir.Call:  # (cons x param)
                    appended.append(param)
                    next_args.append((param, arg.args[0]))
            params, args = [param for param, _ in next_args], [arg for _, arg in next_args]
        statements, values = self.expr_list(args, spill_all=bool(appended))
        pairs = []
        for param, value in zip(params, values):
            name = param.python_name
            if param in appended:
                append = ast.Attribute(self.name(name, node), "append", LOAD)
                statements.append(self.located(ast.Expr(ast.Call(append, [value], [])), node))
            elif not (isinstance(value, ast.Name) and value.id == name):
                pairs.append((name, value))
        pairs.extend(steps)
        if pairs:
            if len(pairs) == 1:
                target = self.name(pairs[0][0], node, store=True)
                statements.append(self.located(ast.Assign([target], pairs[0][1]), node))
            else:
                targets = ast.Tuple([self.name(n, node, store=True) for n, _ in pairs], STORE)
                statements.append(self.located(ast.Assign([targets], ast.Tuple([v for _, v in pairs], LOAD)), node))
        return statements

    def cursor_tail_call(self, function: ir.Lambda, node: ir.Call, cursors: list) -> list:
        """Emit a self tail call of a loop whose cursor variables advance by an index instead of a copy."""
        others = [(param, arg) for param, arg in zip(function.params, node.args) if param not in self.cursors]
        steps = []
        for param, arg in cursors:
            if isinstance(arg, ir.Call):  # (cdr param)
                index = self.cursors[param][0]
                steps.append((index, ast.BinOp(self.name(index, node), ast.Add(), ast.Constant(1))))
        statements = self.next_values([param for param, _ in others], [arg for _, arg in others], node, steps)
        statements.append(self.located(ast.Continue(), node))
        return statements

    def cursor_candidates(self, loop: ir.Lambda, self_calls: list) -> list:
        """Return the loop parameters used only through car, cdr and null?, and passed on as themselves or their cdr.

        Such a parameter can stay one list with an index that a self call
        advances, where ``(cdr rest)`` would copy the rest of the list on
        every iteration.
        """
        if not all(self.compiler.is_builtin(name) for name in ("car", "cdr", "null?")):
            return []
        found = []
        for position, param in enumerate(loop.params):
            if param.mutated or param.captured:
                continue
            passed = [call.args[position] for call in self_calls]
            if not all(is_cdr_of(arg, param) or (isinstance(arg, ir.LocalRef) and arg.var is param) for arg in passed):
                continue
            list_uses = sum(1 for call in iterate_calls(loop.body) if is_list_access(call, param))
            unchanged = sum(1 for arg in passed if isinstance(arg, ir.LocalRef))
            if list_uses and count_references(loop.body, param) == list_uses + unchanged:
                found.append(param)
        return found

    # -- functions --------------------------------------------------------

    def define_function(self, node: ir.Lambda, name: str, where) -> list:
        saved_hoisting, self.hoisting = self.hoisting, None
        try:
            return self.define_function_here(node, name, where)
        finally:
            self.hoisting = saved_hoisting

    def define_function_here(self, node: ir.Lambda, name: str, where) -> list:
        outer = self.function
        loops = node.has_self_tail_call
        fresh = node.loop_needs_fresh_scope
        if not loops:
            loop_mode = None
        elif fresh:
            loop_mode = "recur"  # each iteration runs in its own Python function
        else:
            loop_mode = "continue"
        function = PyFunction(node, outer, loop_mode=loop_mode)
        self.function = function
        arguments = self.arguments(node)
        hypothesis = self.hypotheses.get(node) if not fresh else None
        fast_definition = []
        if hypothesis is not None and hypothesis.fast_name and name == mangle(hypothesis.global_name):
            fast_definition = self.fast_entry(node, hypothesis, outer, loops, where)
        try:
            for var in node.locals:
                self.owners[var] = function
            body = self.looped_body(node, arguments, function, where)
            if fast_definition:
                body = [self.fast_dispatch(node, hypothesis, where)] + body
            elif hypothesis is not None:
                body = self.int_specialised(node, hypothesis, body, arguments, function, where)
        finally:
            self.function = outer
        declarations = self.declarations(function)
        body = declarations + self.rest_conversion(node) + body
        definition = ast.FunctionDef(name, arguments, body, [], None)
        if fast_definition:
            return fast_definition + [self.located(definition, where)]
        if not loops and len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None and name.startswith("lambda__"):
            # A simple anonymous function reads best as a Python lambda.
            value = self.located(ast.Lambda(arguments, body[0].value), where)
            return [self.located(ast.Assign([self.name(name, where, store=True)], value), where)]
        return [self.located(definition, where)]

    def looped_body(self, node, arguments, function, where) -> list:
        """Emit a function's body, as a counted ``for`` when it is a loop that qualifies (see counted_loop)."""
        if node.has_self_tail_call and not node.loop_needs_fresh_scope:
            counted = self.counted_loop(node)
            if counted is not None:
                return counted
        return self.loop_body(node, self.function_body(node), arguments, function, where)

    def loop_body(self, node, body, arguments, function, where) -> list:
        if node.loop_needs_fresh_scope:
            return self.fresh_scope_loop(node, body, arguments, function, where)
        if node.has_self_tail_call:
            return [self.located(ast.While(ast.Constant(True), body, []), where)]
        return body

    def guard(self, variables: list, where) -> ast.expr:
        """``v.__class__ is int`` for each variable: true for ints, never for bools."""
        checks = [
            ast.Compare(
                ast.Attribute(self.name(var.python_name, where), "__class__", LOAD),
                [IS],
                [ast.Name("_semac_int", LOAD)],
            )
            for var in variables
        ]
        return checks[0] if len(checks) == 1 else ast.BoolOp(AND, checks)

    def hypothesis_types(self, hypothesis):
        types = dict(self.types.var_types)
        for var in hypothesis.variables:
            types[var] = "int"
        return self.type_context(types)

    def int_specialised(self, node, hypothesis, generic, arguments, function, where) -> list:
        """Prefix ``generic`` with a body for int values, behind a type guard."""
        saved = self.types
        self.types = self.hypothesis_types(hypothesis)
        try:
            fast = self.looped_body(node, arguments, function, where)
        finally:
            self.types = saved
        return [self.located(ast.If(self.guard(hypothesis.variables, where), fast, []), where)] + generic

    def fast_entry(self, node, hypothesis, outer, loops, where) -> list:
        """A separate function for int arguments, which int-typed calls enter without a guard."""
        function = PyFunction(node, outer, loop_mode="continue" if loops else None)
        saved_function, saved_types = self.function, self.types
        self.function = function
        self.types = self.hypothesis_types(hypothesis)
        try:
            for var in node.locals:
                self.owners[var] = function
            arguments = self.arguments(node)
            body = self.looped_body(node, arguments, function, where)
        finally:
            self.function, self.types = saved_function, saved_types
        body = self.declarations(function) + self.rest_conversion(node) + body
        return [self.located(ast.FunctionDef(hypothesis.fast_name, arguments, body, [], None), where)]

    def fast_dispatch(self, node, hypothesis, where) -> ast.stmt:
        variables = [node.params[i] for i in hypothesis.positions]
        call = ast.Call(self.name(hypothesis.fast_name, where), [self.name(p.python_name, where) for p in node.params], [])
        if node.rest is not None:
            call.args.append(ast.Starred(self.name(node.rest.python_name, where), LOAD))
        return self.located(ast.If(self.guard(variables, where), [ast.Return(call)], []), where)

    def function_body(self, node: ir.Lambda) -> list:
        body = self.emit(node.body, RETURN)
        return body or [ast.Return(ast.Constant(None))]

    def arguments(self, node: ir.Lambda) -> ast.arguments:
        args = [ast.arg(param.python_name) for param in node.params]
        vararg = ast.arg(node.rest.python_name) if node.rest is not None else None
        if node.needs_trampoline:
            # Set by runtime.support.drive, which makes the tail calls this function returns.
            return ast.arguments([], args, vararg, [ast.arg(DRIVEN_FLAG)], [ast.Constant(False)], None, [])
        return ast.arguments([], args, vararg, [], [], None, [])

    def rest_conversion(self, node: ir.Lambda) -> list:
        if node.rest is None:
            return []
        name = node.rest.python_name
        as_list = ast.Call(self.runtime("as_list"), [ast.Name(name, LOAD)], [])
        return [ast.Assign([ast.Name(name, STORE)], as_list)]

    def declarations(self, function: PyFunction) -> list:
        result = []
        if function.globals:
            result.append(ast.Global(sorted(function.globals)))
        nonlocals = sorted(function.nonlocals - function.globals)
        if nonlocals:
            result.append(ast.Nonlocal(nonlocals))
        return result

    def fresh_scope_loop(self, node, body, arguments, function, where) -> list:
        """Run each iteration in its own Python function, so closures see fresh bindings."""
        iteration = self.temp("iteration")
        declarations = self.declarations(function)
        inner = ast.FunctionDef(iteration, arguments, declarations + body, [], None)
        result = self.temp("result")
        params = [param.python_name for param in node.params]
        call = ast.Call(self.name(iteration, where), [self.name(p, where) for p in params], [])
        loop_body = [
            self.located(inner, where),
            ast.Assign([self.name(result, where, store=True)], self.located(call, where)),
            ast.If(
                ast.Compare(
                    ast.Attribute(self.name(result, where), "__class__", LOAD),
                    [IS_NOT],
                    [self.runtime("Recur", where)],
                ),
                [ast.Return(self.name(result, where))],
                [],
            ),
        ]
        if params:
            targets = ast.Tuple([self.name(p, where, store=True) for p in params], STORE)
            loop_body.append(ast.Assign([targets], ast.Attribute(self.name(result, where), "args", LOAD)))
        function.globals.clear()
        function.nonlocals.clear()
        return [self.located(ast.While(ast.Constant(True), loop_body, []), where)]

    # -- tests ------------------------------------------------------------

    def truth(self, value: ast.expr) -> ast.expr:
        """Python test for Sema truth of an already evaluated simple expression."""
        if isinstance(value, ast.Constant):
            return ast.Constant(value.value is not None and value.value is not False)
        return ast.BoolOp(
            AND,
            [
                ast.Compare(value, [IS_NOT], [ast.Constant(False)]),
                ast.Compare(value, [IS_NOT], [ast.Constant(None)]),
            ],
        )

    def test(self, node) -> tuple[list, ast.expr]:
        """Return statements and a Python boolean expression for Sema truth of ``node``."""
        if isinstance(node, ir.Const):
            return [], ast.Constant(node.value is not None and node.value is not False)
        if isinstance(node, ir.Call) and isinstance(node.fn, ir.GlobalRef):
            if node.fn.name in BOOLEAN_BUILTINS and self.compiler.is_builtin(node.fn.name):
                return self.expr(node)
            statements, value = self.expr(node)
            if isinstance(value, ast.Compare) or self.types.of(node) == "bool":
                return statements, value
            return self.test_value(statements, value, node)
        if isinstance(node, (ir.And, ir.Or)) and all(is_pure(item) for item in node.items[1:]):
            parts = [self.test(item) for item in node.items]
            operator = AND if isinstance(node, ir.And) else OR
            return parts[0][0], self.located(ast.BoolOp(operator, [test for _, test in parts]), node)
        statements, value = self.expr(node)
        return self.test_value(statements, value, node)

    def test_value(self, statements: list, value: ast.expr, node) -> tuple[list, ast.expr]:
        if isinstance(value, ast.Name):
            return statements, self.truth(value)
        temp = self.temp()
        walrus = ast.NamedExpr(self.name(temp, node, store=True), value)
        test = ast.BoolOp(
            AND,
            [
                ast.Compare(walrus, [IS_NOT], [ast.Constant(False)]),
                ast.Compare(self.name(temp, node), [IS_NOT], [ast.Constant(None)]),
            ],
        )
        return statements, self.located(test, node)

    # -- expressions ------------------------------------------------------

    def expr(self, node) -> tuple[list, ast.expr]:
        kind = type(node)
        try:
            method = _EXPR_METHODS[kind]
        except KeyError:
            method = _EXPR_METHODS[kind] = getattr(CodeGen, "expr_" + kind.__name__, None)
        if method is not None:
            return method(self, node)
        temp = self.temp()
        statements = self.emit(node, Store(temp))
        return statements, self.name(temp, node)

    def expr_Const(self, node: ir.Const):
        return [], self.constant(node.value, node)

    def expr_LocalRef(self, node: ir.LocalRef):
        if node.var in self.reversed_lists:
            # The loop returns its list: kept in reverse, see reversed_accumulators.
            reverse = ast.Slice(None, None, ast.UnaryOp(ast.USub(), ast.Constant(1)))
            return [], self.located(ast.Subscript(self.name(node.var.python_name, node), reverse, LOAD), node)
        return [], self.name(node.var.python_name, node)

    def expr_GlobalRef(self, node: ir.GlobalRef):
        identifier = mangle(node.name)
        if identifier in PYTHON_BUILTINS and not self.compiler.is_known_global(node.name):
            # Without a definition, Python would find its own builtin of that
            # name (list, print, sum...); Sema must find nothing.
            lookup = ast.Call(
                self.runtime("global_value", node),
                [self.name("_semac_env", node), ast.Constant(identifier), ast.Constant(node.name)],
                [],
            )
            return [], self.located(lookup, node)
        return [], self.name(identifier, node)

    def expr_RuntimeRef(self, node: ir.RuntimeRef):
        if node.name.startswith("%"):
            # Module-level names the compiler emits itself, such as _semac_eval.
            return [], self.name("_semac_" + node.name[1:], node)
        return [], self.runtime(node.name, node)

    def expr_Attribute(self, node: ir.Attribute):
        statements, obj = self.expr(node.obj)
        return statements, self.located(ast.Attribute(obj, node.name, LOAD), node)

    def expr_If(self, node: ir.If):
        if is_pure(node.then) and is_pure(node.otherwise):
            test_statements, test = self.test(node.test)
            _, then = self.expr(node.then)
            _, otherwise = self.expr(node.otherwise)
            return test_statements, self.located(ast.IfExp(test, then, otherwise), node)
        temp = self.temp()
        return self.emit(node, Store(temp)), self.name(temp, node)

    def expr_Seq(self, node: ir.Seq):
        statements = []
        for item in node.body[:-1]:
            statements.extend(self.emit(item, DISCARD))
        more, value = self.expr(node.body[-1])
        return statements + more, value

    def expr_Let(self, node: ir.Let):
        statements = []
        for var, init in zip(node.vars, node.inits):
            statements.extend(self.bind(var, init, node))
        more, value = self.expr(node.body)
        return statements + more, value

    def expr_Lambda(self, node: ir.Lambda):
        name = self.temp("lambda")
        statements = self.define_function(node, name, node)
        if len(statements) == 1 and isinstance(statements[0], ast.Assign) and isinstance(statements[0].value, ast.Lambda):
            return [], statements[0].value
        return statements, self.name(name, node)

    def expr_Call(self, node: ir.Call):
        intrinsic = self.intrinsic(node)
        if intrinsic is not None:
            return intrinsic
        if isinstance(node.fn, ir.Const) and not callable(node.fn.value):
            # (5 1): the reference reports the value and its type.
            statements, values = self.expr_list(node.args)
            statements += [ast.Expr(value) for value in values if not isinstance(value, (ast.Name, ast.Constant))]
            failure = ast.Call(self.runtime("raise_not_callable", node), [self.constant(node.fn.value, node)], [])
            return statements, self.located(failure, node)
        fast = self.fast_target(node)
        if fast is not None:
            statements, values = self.expr_list(node.args)
            return statements, self.located(ast.Call(self.name(fast, node), values, []), node)
        if isinstance(node.fn, ir.GlobalRef) and not self.compiler.is_known_global(node.fn.name) and node.args:
            # An undefined function is reported after its arguments run, as in the reference.
            statements, values = self.expr_list(node.args + [node.fn], spill_all=True)
            return statements, self.located(ast.Call(values[-1], values[:-1], []), node)
        statements, values = self.expr_list([node.fn] + node.args)
        if type(node.fn) is ir.GlobalRef and self.compiler.rebound_builtin(node.fn.name):
            values[0] = self.builtin_callee(node.fn.name, node)
        call = ast.Call(values[0], values[1:], [])
        return statements, self.located(call, node)

    def builtin_callee(self, name: str, node) -> ast.expr:
        """Return what a call of the builtin ``name`` calls: its global, or the registry's entry when a set! may rebind the global."""
        if self.compiler.rebound_builtin(name):
            return self.located(ast.Subscript(self.runtime("BUILTINS", node), ast.Constant(name), LOAD), node)
        return self.name(mangle(name), node)

    def intrinsic(self, node: ir.Call):
        """Emit arithmetic and comparisons on proven numbers as Python operators."""
        target = node.fn
        if not isinstance(target, ir.GlobalRef) or not node.args:
            return None
        name = target.name
        if name in NUMERIC_OPERATIONS and self.compiler.is_builtin(name):
            if self.plain and name != "not":
                return None
            hypothesis = self.int_hypothesis(node) if self.conditions is None and not self.plain else None
            if hypothesis is not None:
                return hypothesis
        if name == "not" and len(node.args) == 1 and self.compiler.is_builtin(name):
            return self.not_intrinsic(node)
        if name in ("modulo", "remainder", "quotient", "even?", "odd?", "zero?") and self.compiler.is_builtin(name):
            return self.integer_intrinsic(node)
        if name in ("car", "cdr", "null?") and len(node.args) == 1 and self.compiler.is_builtin(name):
            return self.list_intrinsic(node, name)
        if node in self.owned_updates:
            return self.owned_assoc(node)
        if name == "reverse" and self.reversed_lists and first_local(node, "reverse", 1) in self.reversed_lists:
            return [], self.name(node.args[0].var.python_name, node)  # held in reverse already
        if name in INLINE_ITERATION and len(node.args) == INLINE_ITERATION[name] and self.compiler.is_builtin(name):
            return self.inline_iteration(node, name)
        if name == "sort" and len(node.args) == 2 and self.compiler.is_builtin(name):
            return self.comparator_sort(node)
        if name in GUARDED_BUILTINS and self.compiler.is_builtin(name):
            return self.guarded_builtin(node, name)
        if name not in ARITHMETIC and name not in COMPARISONS:
            return None
        if not self.compiler.is_builtin(name):
            return None
        if not all(self.types.of(arg) in NUMERIC for arg in node.args):
            if len(node.args) == 2:
                return self.guarded_binary(node, name)
            return None
        if name == "=" and self.conditions is not None:
            divisible = self.divisibility(node)
            if divisible is not None:
                return divisible
        statements, values = self.expr_list(node.args)
        if name in COMPARISONS:
            if len(values) < 2:
                return None
            operator = {"<": ast.Lt, ">": ast.Gt, "<=": ast.LtE, ">=": ast.GtE, "=": ast.Eq}[name]
            result = ast.Compare(values[0], [operator() for _ in values[1:]], values[1:])
            return statements, self.located(result, node)
        if len(values) == 1:
            if name == "-":
                return statements, self.located(ast.UnaryOp(ast.USub(), values[0]), node)
            return statements, values[0]
        operator = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult}[name]
        result = values[0]
        for value in values[1:]:
            result = self.located(ast.BinOp(result, operator(), value), node)
        return statements, result

    def guarded_binary(self, node: ir.Call, name: str):
        """``a OP b`` when both are ints at run time, else the builtin: a guarded fast path."""
        kinds = [self.types.of(arg) for arg in node.args]
        if any(kind not in NUMERIC and kind != "any" for kind in kinds):
            return None
        if name in ("modulo", "remainder", "quotient") and any(kind in NUMERIC and kind != "int" for kind in kinds):
            return None  # the fast path is for ints only; float modulo follows the builtin
        if "any" not in kinds:
            return None
        statements, values = self.expr_list(node.args)
        operands, checks = [], []
        for value, kind, arg in zip(values, kinds, node.args):
            if kind in NUMERIC:
                operands.append(value)
                continue
            if isinstance(value, ast.Name):
                operand = value
                checked = value
            else:
                temp = self.temp()
                checked = ast.NamedExpr(self.name(temp, arg, store=True), value)
                operand = self.name(temp, arg)
            operands.append(operand)
            checks.append(
                ast.Compare(ast.Attribute(checked, "__class__", LOAD), [IS], [ast.Name("_semac_int", LOAD)])
            )
        if len(checks) == 2 and any(isinstance(c.left.value, ast.NamedExpr) for c in checks):
            # Both operands must be evaluated before either check can skip the other: & does not short-circuit.
            guard = ast.BinOp(checks[0], ast.BitAnd(), checks[1])
        elif len(checks) == 2:
            guard = ast.BoolOp(AND, checks)
        else:
            guard = checks[0]
        if name in ("+", "-", "*"):
            operator = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult}[name]
            fast = ast.BinOp(operands[0], operator(), operands[1])
        elif name == "modulo" and is_nonzero_constant(operands[1]):
            fast = ast.BinOp(operands[0], ast.Mod(), operands[1])
        elif name == "modulo":
            fast = ast.Call(self.runtime("int_modulo", node), list(operands), [])
        elif name in ("remainder", "quotient"):
            helper = "int_remainder" if name == "remainder" else "int_quotient"
            fast = ast.Call(self.runtime(helper, node), list(operands), [])
        else:
            operator = {"<": ast.Lt, ">": ast.Gt, "<=": ast.LtE, ">=": ast.GtE, "=": ast.Eq}[name]
            fast = ast.Compare(operands[0], [operator()], [operands[1]])
        slow = ast.Call(self.builtin_callee(name, node), list(operands), [])
        return statements, self.located(ast.IfExp(guard, fast, slow), node)

    def list_intrinsic(self, node: ir.Call, name: str):
        """car, cdr and null? on a plain list inline; anything else goes to the builtin."""
        argument = node.args[0]
        if isinstance(argument, ir.LocalRef) and argument.var in self.cursors:
            return [], self.located(self.cursor_access(argument.var, name, node), node)
        if name != "cdr" and isinstance(argument, ir.Call) and is_cdr_of(argument, None):
            walked = argument.args[0].var
            if walked in self.cursors:
                # (null? (cdr xs)) and (car (cdr xs)) look one element ahead without a copy.
                return [], self.located(self.cursor_access(walked, name, node, ahead=1), node)
        statements, (value,) = self.expr_list(node.args)
        if isinstance(value, ast.Name):
            first, operand = value, value
        else:
            temp = self.temp()
            first = ast.NamedExpr(self.name(temp, node, store=True), value)
            operand = self.name(temp, node)
        is_list = ast.Compare(ast.Attribute(first, "__class__", LOAD), [IS], [ast.Name("_semac_list", LOAD)])
        if name == "null?":
            # nil, or the empty list (an empty vector is not null).
            empty = ast.BoolOp(AND, [is_list, ast.UnaryOp(NOT, operand)])
            if isinstance(value, ast.Name):
                result = ast.BoolOp(OR, [ast.Compare(operand, [IS], [ast.Constant(None)]), empty])
            else:
                # Evaluate once: the walrus in is_list must run before the nil test reads it.
                result = ast.IfExp(is_list, ast.UnaryOp(NOT, operand), ast.Compare(operand, [IS], [ast.Constant(None)]))
            return statements, self.located(result, node)
        slow = ast.Call(self.builtin_callee(name, node), [operand], [])
        if name == "car":
            guard = ast.BoolOp(AND, [is_list, operand])
            fast = ast.Subscript(operand, ast.Constant(0), LOAD)
        else:
            guard = is_list
            fast = ast.Subscript(operand, ast.Slice(ast.Constant(1), None, None), LOAD)
        return statements, self.located(ast.IfExp(guard, fast, slow), node)

    # -- higher-order builtins over a literal lambda --------------------

    def inline_iteration(self, node: ir.Call, name: str):
        """``map``, ``filter``, ``for-each`` and ``foldl`` over a literal lambda, inline.

        :mod:`semac.analysis` marks the lambdas that qualify. ``(map
        (lambda (x) body) xs)`` becomes a list comprehension when ``xs`` is
        a plain list at run time, and calls the builtin otherwise, so
        vectors, strings and errors behave as before. A body that needs
        statements becomes a ``for`` loop, which only a function may hold:
        at module level its variables would be globals.
        """
        function = node.args[0]
        if not isinstance(function, ir.Lambda) or not function.inline:
            return None
        sequence = node.args[-1]
        element = function.params[-1]
        saved = {var: self.types.var_types.get(var) for var in function.params}
        self.types.var_types[element] = "int" if self.is_range_call(sequence) else "any"
        if name == "foldl":
            self.types.var_types[function.params[0]] = "any"
        for var in list(function.params) + list(function.locals):
            self.owners[var] = self.function
        try:
            if name == "foldl":
                return self.inline_fold(node, function)
            if name == "for-each":
                body = self.emit(function.body, DISCARD) or [ast.Pass()]
                statements, items = self.iteration_items(sequence)
                return statements + self.inline_loop(node, function, items, body), ast.Constant(None)
            varying = {var.python_name for var in list(function.params) + list(function.locals)}
            hoisted, (body_statements, body) = self.with_hoisting(varying, lambda: self.element_body(function, name))
            general = None
            if hoisted or body_statements:
                # The body again, checking every condition per element: for a
                # loop, or for when the hoisted conditions fail.
                general_statements, general = self.with_hoisting(None, lambda: self.element_body(function, name))[1]
                if body_statements or general_statements:
                    if self.function.is_module:
                        return None
                    return self.inline_collect(node, function, name, general_statements, general)
            statements, items = self.iteration_items(sequence)
        finally:
            for var, kind in saved.items():
                if kind is None:
                    self.types.var_types.pop(var, None)
                else:
                    self.types.var_types[var] = kind
        proven = self.types.of(sequence) == "list"
        if proven and any(isinstance(part, ast.NamedExpr) for part in ast.walk(items)):
            # Python forbids := in a comprehension's iterable.
            temp = self.temp()
            statements.append(self.located(ast.Assign([self.name(temp, node, store=True)], items), node))
            items = self.name(temp, node)
        checked, operand = (items, items) if proven else self.reusable(items, node)
        fast = self.comprehension(node, name, element, body, operand)
        if hoisted:
            condition = hoisted[0] if len(hoisted) == 1 else ast.BoolOp(AND, hoisted)
            fast = ast.IfExp(condition, fast, self.comprehension(node, name, element, general, operand))
        fast = self.located(fast, node)
        if proven:
            return statements, fast
        lambda_statements, lambda_value = self.expr(function)
        slow = self.located(ast.Call(self.builtin_callee(name, node), [lambda_value, operand], []), node)
        return statements + lambda_statements, self.located(ast.IfExp(self.is_class(checked, "_semac_list"), fast, slow), node)

    def iteration_items(self, sequence) -> tuple[list, ast.expr]:
        """Lower the sequence a loop runs over, as Python's lazy range for ``(range a b)`` of ints.

        The builtin ``range`` builds a list, which iterating has no need for.
        Any argument that is not an int goes to the builtin, for its errors.
        """
        if not (self.is_range_call(sequence) and sequence.fn.name == "range" and len(sequence.args) in (1, 2)):
            statements, (items,) = self.expr_list([sequence])
            return statements, items
        statements, values = self.expr_list(sequence.args)
        operands, checks = [], []
        for value, arg in zip(values, sequence.args):
            if self.types.of(arg) == "int":
                operands.append(value)
                continue
            first, later = self.reusable(value, arg)
            operands.append(later)
            checks.append(self.is_class(first, "_semac_int"))
        lazy = ast.Call(ast.Name("_semac_range", LOAD), list(operands), [])
        if not checks:
            return statements, self.located(lazy, sequence)
        guard = checks[0] if len(checks) == 1 else ast.BinOp(checks[0], ast.BitAnd(), checks[1])
        built = ast.Call(self.name("range", sequence), list(operands), [])
        return statements, self.located(ast.IfExp(guard, lazy, built), sequence)

    def element_body(self, function: ir.Lambda, name: str) -> tuple[list, ast.expr]:
        if name == "filter":
            return self.test(function.body)
        return self.expr(function.body)

    def comprehension(self, node, name: str, element: ir.Var, body: ast.expr, items: ast.expr) -> ast.expr:
        target = self.name(element.python_name, node, store=True)
        if name == "filter":
            return ast.ListComp(self.name(element.python_name, node), [ast.comprehension(target, items, [body], 0)])
        return ast.ListComp(body, [ast.comprehension(target, items, [], 0)])

    def with_hoisting(self, varying: set, compile_body):
        """Run ``compile_body`` with guard conditions on variables outside ``varying`` hoisted.

        An int hypothesis in a comprehension's body checks its variables
        for every element. Checks of variables the comprehension does not
        bind have the same result each time, so they are collected here,
        to be tested once before the comprehension. With ``varying`` None,
        nothing is hoisted. Returns the hoisted conditions and what
        ``compile_body`` returned.
        """
        saved = self.hoisting
        self.hoisting = None if varying is None else (varying, [])
        try:
            result = compile_body()
            hoisted = [] if varying is None else self.hoisting[1]
        finally:
            self.hoisting = saved
        return hoisted, result

    def inline_collect(self, node, function, name, body_statements, body):
        """``map`` or ``filter`` whose body needs statements: a loop that appends."""
        result = self.temp("result")
        statements, (items,) = self.expr_list([node.args[-1]])
        append = ast.Attribute(self.name(result, node), "append", LOAD)
        if name == "filter":
            kept = ast.Expr(ast.Call(append, [self.name(function.params[0].python_name, node)], []))
            loop_body = body_statements + [self.located(ast.If(body, [kept], []), node)]
        else:
            loop_body = body_statements + [self.located(ast.Expr(ast.Call(append, [body], [])), node)]
        statements.append(self.located(ast.Assign([self.name(result, node, store=True)], ast.List([], LOAD)), node))
        statements += self.inline_loop(node, function, items, loop_body, result)
        return statements, self.name(result, node)

    def inline_fold(self, node: ir.Call, function: ir.Lambda):
        """``(foldl (lambda (acc x) ...) init xs)`` as a loop that updates ``acc``.

        A sibling lambda inlined in ``init`` or ``xs`` may use the same
        Python names, so ``xs`` is evaluated before ``acc`` is assigned, and
        the result is copied out of ``acc`` before anything can reuse it.
        """
        accumulator = function.params[0].python_name
        statements, (initial, items) = self.expr_list(node.args[1:], spill_all=True)
        if not isinstance(items, (ast.Name, ast.Constant)):
            temp = self.temp()
            statements.append(self.located(ast.Assign([self.name(temp, node, store=True)], items), node))
            items = self.name(temp, node)
        body = self.emit(function.body, Store(accumulator)) or [ast.Pass()]
        statements.append(self.located(ast.Assign([self.name(accumulator, node, store=True)], initial), node))
        statements += self.inline_loop(node, function, items, body)
        result = self.temp("folded")
        statements.append(self.located(ast.Assign([self.name(result, node, store=True)], self.name(accumulator, node)), node))
        return statements, self.name(result, node)

    def inline_loop(self, node, function, items, body, result: str | None = None) -> list:
        """``for element in items: body`` behind a plain-list check, else the builtin."""
        element = function.params[-1]
        statements = []
        if not isinstance(items, ast.Name):
            temp = self.temp()
            statements.append(self.located(ast.Assign([self.name(temp, node, store=True)], items), node))
            items = self.name(temp, node)
        loop = self.located(ast.For(self.name(element.python_name, node, store=True), items, body, []), node)
        if self.types.of(node.args[-1]) == "list":
            return statements + [loop]
        for var in function.params:
            self.types.var_types.pop(var, None)
        lambda_statements, lambda_value = self.expr(function)
        name = node.fn.name
        if name == "foldl":
            accumulator = function.params[0].python_name
            call = ast.Call(self.builtin_callee(name, node), [lambda_value, self.name(accumulator, node), items], [])
            slow = [self.located(ast.Assign([self.name(accumulator, node, store=True)], self.located(call, node)), node)]
        elif result is not None:
            call = ast.Call(self.builtin_callee(name, node), [lambda_value, items], [])
            slow = [self.located(ast.Assign([self.name(result, node, store=True)], self.located(call, node)), node)]
        else:
            call = ast.Call(self.builtin_callee(name, node), [lambda_value, items], [])
            slow = [self.located(ast.Expr(self.located(call, node)), node)]
        return statements + [self.located(ast.If(self.is_class(items, "_semac_list"), [loop], lambda_statements + slow), node)]

    def is_range_call(self, node) -> bool:
        return (
            isinstance(node, ir.Call)
            and isinstance(node.fn, ir.GlobalRef)
            and node.fn.name in ("range", "iota")
            and self.compiler.is_builtin(node.fn.name)
        )

    def reusable(self, value: ast.expr, node) -> tuple[ast.expr, ast.expr]:
        """Return (first use, later uses) of a value that must be evaluated once."""
        if isinstance(value, (ast.Name, ast.Constant)):
            return value, value
        temp = self.temp()
        return ast.NamedExpr(self.name(temp, node, store=True), value), self.name(temp, node)

    def is_class(self, value: ast.expr, class_name: str) -> ast.expr:
        return ast.Compare(ast.Attribute(value, "__class__", LOAD), [IS], [ast.Name(class_name, LOAD)])

    def comparator_sort(self, node: ir.Call):
        """``(sort xs f)`` with a global function or a literal lambda ``f``: compile ``f`` as the comparison.

        The builtin calls the comparator through a wrapper that turns its
        result into -1 or 1, so each comparison costs three Python calls
        (more with an int-specialised entry). A copy of ``f`` that takes
        its arguments in the wrapper's order and returns -1 or 1 itself
        costs one.
        """
        target = node.args[1]
        if isinstance(target, ir.Lambda):
            function, base = target, "compare"
        elif isinstance(target, ir.GlobalRef):
            function, base = known_lambda(self.compiler, target), mangle(target.name) + "_compare"
        else:
            return None
        if function is None or function.rest is not None or len(function.params) != 2 or function.has_self_tail_call:
            return None
        name = self.temp(base)
        statements, (items,) = self.expr_list(node.args[:1])
        outer = self.function
        compiled = PyFunction(function, outer)
        self.function = compiled
        try:
            for var in function.locals:
                self.owners[var] = compiled
            body = self.comparison_body(function)
            hypothesis = self.hypotheses.get(function)
            if hypothesis is not None and all(var in function.params for var in hypothesis.variables):
                saved = self.types
                self.types = self.hypothesis_types(hypothesis)
                try:
                    fast = self.comparison_body(function)
                finally:
                    self.types = saved
                body = [ast.If(self.guard(hypothesis.variables, node), fast, [])] + body
        finally:
            self.function = outer
        earlier, later = (ast.arg(param.python_name) for param in function.params)
        arguments = ast.arguments([], [later, earlier], None, [], [], None, [])
        definition = ast.FunctionDef(name, arguments, self.declarations(compiled) + body, [], None)
        statements.append(self.located(definition, node))
        order = key_order(self.compiler, function)
        if order is None:
            helper, arguments = "sort_compiled", [items, self.name(name, node)]
        else:
            key_name = self.temp(base.replace("compare", "key"))
            statements.append(self.located(self.key_function(key_name, order, node), node))
            helper = "sort_keyed"
            arguments = [items, self.name(key_name, node), ast.Constant(order.ties_reversed), self.name(name, node)]
        if isinstance(target, ir.GlobalRef):
            arguments.append(self.name(mangle(target.name), node))  # raises if the global is unbound
        call = ast.Call(self.runtime(helper, node), arguments, [])
        return statements, self.located(call, node)

    def key_function(self, name: str, order, node) -> ast.FunctionDef:
        """Build ``def name(x)``, which returns the sort key of an int ``x`` and raises ``_rt.Unkeyed`` for anything else."""
        element = "x"
        keys = []
        for form, descending in order.components:
            key = key_expression(form, element)
            keys.append(ast.UnaryOp(ast.USub(), key) if descending else key)
        key = keys[0] if len(keys) == 1 else ast.Tuple(keys, ast.Load())
        check = self.is_class(ast.Name(element, ast.Load()), "_semac_int")
        body = [
            ast.If(check, [ast.Return(key)], []),
            ast.Raise(ast.Attribute(ast.Name("_rt", ast.Load()), "Unkeyed", ast.Load()), None),
        ]
        arguments = ast.arguments([], [ast.arg(element)], None, [], [], None, [])
        return ast.FunctionDef(name, arguments, body, [], None)

    def comparison_body(self, function: ir.Lambda) -> list:
        """Emit statements that run ``function``'s body and return -1 when its result means "greater", else 1."""
        result = self.temp("result")
        statements = self.emit(function.body, Store(result))
        value = self.name(result, function)
        if self.types.of(function.body) == "bool":
            greater = ast.UnaryOp(NOT, value)
        else:
            # Ints beyond 64 bits read as "equal", as in runtime.lib.sequences.
            in_range = ast.Compare(ast.Constant(0), [ast.Lt(), ast.LtE()], [value, ast.Constant(2**63 - 1)])
            positive = ast.BoolOp(AND, [self.is_class(value, "_semac_int"), in_range])
            greater = ast.BoolOp(OR, [ast.Compare(value, [IS], [ast.Constant(False)]), positive])
        returned = ast.IfExp(greater, ast.UnaryOp(ast.USub(), ast.Constant(1)), ast.Constant(1))
        return statements + [self.located(ast.Return(returned), function)]

    # -- builtins with a guarded fast path --------------------------------

    def guarded_builtin(self, node: ir.Call, name: str):
        """Emit a builtin whose common case is one Python operation as that operation, behind class checks.

        Each argument that the spec requires to be of a class is checked at
        run time unless its type is proven. When a check fails, the builtin
        itself runs on the values already computed.
        """
        spec = GUARDED_BUILTINS[name]
        if len(node.args) not in spec:
            return None
        required = spec.classes(node.args, self.types)
        if required is None:
            return None
        if any(kind == "str" and type(arg) is ir.Const and type(arg.value) is not str for kind, arg in zip(required, node.args)):
            return None  # the check could never pass
        statements, values = self.expr_list(node.args)
        operands, checks = [], []
        for value, kind, arg in zip(values, required, node.args):
            if kind is None or self.types.of(arg) == kind:
                operands.append(value)
                continue
            first, later = self.reusable(value, arg)
            operands.append(later)
            checks.append(self.is_class(first, CLASS_NAMES[kind]))
        fast = self.located(spec.build(operands), node)
        if not checks:
            return statements, fast
        if len(checks) == 1:
            guard = checks[0]
        elif any(isinstance(check.left.value, ast.NamedExpr) for check in checks):
            # Every operand is evaluated before any check may skip the rest.
            guard = checks[0]
            for check in checks[1:]:
                guard = ast.BinOp(guard, ast.BitAnd(), check)
        else:
            guard = ast.BoolOp(AND, checks)
        slow = self.located(ast.Call(self.builtin_callee(name, node), list(operands), []), node)
        return statements, self.located(ast.IfExp(guard, fast, slow), node)

    def cursor_access(self, var: ir.Var, name: str, node, ahead: int = 0) -> ast.expr:
        """Emit car, cdr or null? of a cursor variable, which stands for its list from its index on.

        With ``ahead`` 1, the same of its cdr.
        """
        index_name, end_name = self.cursors[var]
        items, index, end = self.name(var.python_name, node), self.name(index_name, node), self.name(end_name, node)
        if ahead:
            index = ast.BinOp(index, ast.Add(), ast.Constant(ahead))
        if name == "null?":
            return ast.Compare(index, [ast.GtE()], [end])
        if name == "car":
            element = ast.Subscript(items, index, LOAD)
            if var in self.nonempty and not ahead:
                return element
            return ast.IfExp(ast.Compare(index, [ast.Lt()], [end]), element, ast.Constant(None))
        following = ast.BinOp(index, ast.Add(), ast.Constant(1))
        return ast.Subscript(items, ast.Slice(following, None, None), LOAD)

    def fast_target(self, node: ir.Call) -> str | None:
        """Return the int-specialised entry of a global when the call's arguments are proven ints."""
        if not isinstance(node.fn, ir.GlobalRef):
            return None
        hypothesis = self.fast_globals.get(node.fn.name)
        if hypothesis is None or len(node.args) != len(hypothesis.function.params) or hypothesis.function.rest:
            return None
        if not self.compiler.global_is_stable(node.fn.name):
            return None
        if all(self.types.of(node.args[i]) == "int" for i in hypothesis.positions):
            return hypothesis.fast_name
        return None

    def integer_intrinsic(self, node: ir.Call):
        """modulo, remainder, quotient, abs and the parity tests on proven ints."""
        name = node.fn.name
        if not all(self.types.of(arg) == "int" for arg in node.args):
            if name in ("modulo", "remainder", "quotient") and len(node.args) == 2:
                return self.guarded_binary(node, name)
            return None
        statements, values = self.expr_list(node.args)
        if name == "modulo" and len(values) == 2:
            if is_nonzero_constant(values[1]):
                # Python's % takes the sign of the divisor, as Scheme's modulo does.
                return statements, self.located(ast.BinOp(values[0], ast.Mod(), values[1]), node)
            return statements, self.division(name, values, node)
        if name in ("remainder", "quotient") and len(values) == 2:
            return statements, self.division(name, values, node)
        if name in ("even?", "odd?", "zero?") and len(values) == 1:
            if name == "zero?":
                test = ast.Compare(values[0], [ast.Eq()], [ast.Constant(0)])
            else:
                parity = ast.BinOp(values[0], ast.BitAnd(), ast.Constant(1))
                test = ast.Compare(parity, [ast.Eq()], [ast.Constant(0 if name == "even?" else 1)])
            return statements, self.located(test, node)
        return None

    def int_hypothesis(self, node: ir.Call):
        """Compile a tree of numeric builtins twice: for int variables, and as calls.

        ``(not (= (remainder x p) 0))`` with ``x`` and ``p`` of unknown type
        becomes ``x % p != 0`` behind one guard (``x`` and ``p`` are ints,
        ``x >= 0`` and ``p > 0``), and the builtin calls otherwise. The
        leaves must be variables and constants, so nothing can change a
        variable between the guard and its use.
        """
        variables: list = []
        operations = self.numeric_tree(node, variables)
        if operations < 2 or not variables:
            return None
        elements = [leaf for leaf in variables if type(leaf) is ir.Call]  # (car cursor)
        unique = list(dict.fromkeys(leaf for leaf in variables if type(leaf) is not ir.Call))
        saved_types, saved_conditions = self.types, self.conditions
        types = dict(self.types.var_types)
        types.update((var, "int") for var in unique)
        self.types = self.type_context(types)
        self.types.assumed_calls = {id(leaf): "int" for leaf in elements}
        self.conditions = []
        try:
            statements, fast = self.expr(node)
            conditions = self.conditions
        finally:
            self.types, self.conditions = saved_types, saved_conditions
        if statements:
            return None
        self.plain = True
        try:
            statements, slow = self.expr(node)
        finally:
            self.plain = False
        if statements:
            return None
        checks = [self.is_class(self.name(var.python_name, node), "_semac_int") for var in unique]
        checks += [self.is_class(self.cursor_access(leaf.args[0].var, "car", leaf), "_semac_int") for leaf in elements]
        checks += conditions
        if self.hoisting is not None:
            varying, hoisted = self.hoisting
            invariant = [check for check in checks if not names_in(check) & varying]
            hoisted.extend(invariant)
            checks = [check for check in checks if names_in(check) & varying]
            if not checks:
                return [], fast
        guard = checks[0] if len(checks) == 1 else ast.BoolOp(AND, checks)
        return [], self.located(ast.IfExp(guard, fast, slow), node)

    def numeric_tree(self, node, variables: list) -> int:
        """Count the numeric builtin calls of a tree over locals and constants; 0 when it is not one."""
        if not (isinstance(node, ir.Call) and isinstance(node.fn, ir.GlobalRef)):
            return 0
        name = node.fn.name
        if name not in NUMERIC_OPERATIONS or not node.args or not self.compiler.is_builtin(name):
            return 0
        count = 1
        for arg in node.args:
            if isinstance(arg, ir.Const):
                if type(arg.value) not in (int, float):
                    return 0
            elif isinstance(arg, ir.LocalRef):
                kind = self.types.of(arg)
                if arg.var.mutated:
                    return 0  # its type cannot be assumed; see TypeContext.of
                if kind == "any" and name != "not":
                    variables.append(arg.var)
                elif kind not in NUMERIC_KINDS:
                    return 0
            elif self.is_cursor_element(arg) and name != "not":
                variables.append(arg)  # reading it twice costs an index, as reading a variable does
            else:
                inner = self.numeric_tree(arg, variables)
                if not inner:
                    return 0
                count += inner
        return count

    def is_cursor_element(self, node) -> bool:
        """True for ``(car rest)`` of a cursor known to have an element here: ``rest[index]``."""
        var = first_local(node, "car", 1)
        return var is not None and var in self.cursors and var in self.nonempty

    def division(self, name: str, values: list, node):
        """Int modulo, remainder or quotient as an operator, with its conditions when a hypothesis is open."""
        dividend, divisor = values
        helper = {"modulo": "int_modulo", "remainder": "int_remainder", "quotient": "int_quotient"}[name]
        simple = all(isinstance(value, (ast.Name, ast.Constant)) for value in values)
        if self.conditions is None or not simple:
            return self.located(ast.Call(self.runtime(helper, node), values, []), node)
        if name == "modulo":
            # Python's % takes the sign of the divisor, as Scheme's modulo does.
            self.conditions.append(ast.Compare(divisor, [ast.NotEq()], [ast.Constant(0)]))
            return self.located(ast.BinOp(dividend, ast.Mod(), divisor), node)
        # Truncating division agrees with Python's flooring one on non-negative operands.
        if not (isinstance(dividend, ast.Constant) and dividend.value >= 0):
            self.conditions.append(ast.Compare(dividend, [ast.GtE()], [ast.Constant(0)]))
        if not is_nonzero_constant(divisor) or divisor.value < 0:
            self.conditions.append(ast.Compare(divisor, [ast.Gt()], [ast.Constant(0)]))
        operator = ast.Mod() if name == "remainder" else ast.FloorDiv()
        return self.located(ast.BinOp(dividend, operator, divisor), node)

    def divisibility(self, node: ir.Call):
        """``(= (remainder a b) 0)`` on ints as ``a % b == 0``, whatever the signs.

        The remainder is zero exactly when Python's ``a % b`` is, so the
        only condition is ``b != 0`` (the builtin raises for zero).
        """
        left, right = node.args
        if type(left) is ir.Const:
            left, right = right, left
        if not (type(right) is ir.Const and type(right.value) is int and right.value == 0):
            return None
        if not (type(left) is ir.Call and type(left.fn) is ir.GlobalRef and len(left.args) == 2):
            return None
        if left.fn.name not in ("remainder", "modulo") or not self.compiler.is_builtin(left.fn.name):
            return None
        if not all(self.types.of(arg) == "int" for arg in left.args):
            return None
        statements, (dividend, divisor) = self.expr_list(left.args)
        if statements or not all(isinstance(value, (ast.Name, ast.Constant)) for value in (dividend, divisor)):
            return None
        if not is_nonzero_constant(divisor):
            self.conditions.append(ast.Compare(divisor, [ast.NotEq()], [ast.Constant(0)]))
        remainder = self.located(ast.BinOp(dividend, ast.Mod(), divisor), left)
        return [], self.located(ast.Compare(remainder, [ast.Eq()], [ast.Constant(0)]), node)

    def not_intrinsic(self, node: ir.Call):
        statements, (value,) = self.expr_list(node.args)
        if isinstance(value, ast.Compare) and len(value.ops) == 1 and type(value.ops[0]) in (ast.Eq, ast.NotEq):
            # not (a == b) is a != b for every Python value, NaN included.
            inverse = ast.NotEq() if type(value.ops[0]) is ast.Eq else ast.Eq()
            return statements, self.located(ast.Compare(value.left, [inverse], value.comparators), node)
        if self.types.of(node.args[0]) == "bool" or isinstance(value, ast.Compare):
            return statements, self.located(ast.UnaryOp(NOT, value), node)
        if isinstance(value, ast.Name):
            return statements, self.located(ast.UnaryOp(NOT, self.truth(value)), node)
        return None

    def expr_MakeList(self, node: ir.MakeList):
        statements, values = self.expr_list(node.items)
        elements = []
        for value, spliced in zip(values, node.spliced):
            if spliced:
                elements.append(ast.Starred(ast.Call(self.runtime("splice", node), [value], []), LOAD))
            else:
                elements.append(value)
        result = ast.List(elements, LOAD)
        if node.vector:
            result = ast.Call(self.runtime("Vector", node), [result], [])
        return statements, self.located(result, node)

    def expr_MakeMap(self, node: ir.MakeMap):
        flat = [part for pair in node.pairs for part in pair]
        statements, values = self.expr_list(flat)
        mapping = ast.Dict(values[0::2], values[1::2])
        return statements, self.located(ast.Call(self.runtime("Map", node), [mapping], []), node)

    def expr_list(self, nodes: list, spill_all: bool = False) -> tuple[list, list]:
        """Lower ``nodes`` left to right, keeping their order of evaluation."""
        lowered = [self.expr(node) for node in nodes]
        last_with_statements = max((i for i, (s, _) in enumerate(lowered) if s), default=-1)
        if spill_all:
            last_with_statements = len(nodes) - 1
        statements: list = []
        values: list = []
        for index, (own, value) in enumerate(lowered):
            statements.extend(own)
            if index < last_with_statements and not self.is_stable(value, nodes[index]):
                temp = self.temp()
                statements.append(ast.Assign([self.name(temp, nodes[index], store=True)], value))
                value = self.name(temp, nodes[index])
            values.append(value)
        return statements, values

    def is_stable(self, value: ast.expr, node) -> bool:
        """True when evaluating ``value`` later gives the same result as now."""
        if isinstance(value, ast.Constant):
            return True
        if isinstance(node, ir.LocalRef) and not node.var.mutated:
            return True
        if isinstance(node, (ir.Const, ir.RuntimeRef)):
            return True
        return False

    # -- constants --------------------------------------------------------

    def constant(self, value, node=None) -> ast.expr:
        if value is None or value is True or value is False:
            return ast.Constant(value)
        kind = type(value)
        if kind is int or kind is str:
            if kind is int and value < 0:
                return ast.UnaryOp(ast.USub(), ast.Constant(-value))
            return ast.Constant(value)
        if kind is float:
            if math.isfinite(value):
                if value < 0 or (value == 0 and math.copysign(1, value) < 0):
                    return ast.UnaryOp(ast.USub(), ast.Constant(-value))
                return ast.Constant(value)
            return self.compiler.hoist(("float", repr(value)), "const", lambda: self.build_constant(value))
        if kind is Keyword:
            return self.compiler.hoist(("keyword", value.name), f"kw_{mangle(value.name)}", lambda: self.build_constant(value))
        if isinstance(value, Symbol):
            return self.compiler.hoist(("symbol", value.name), f"sym_{mangle(value.name)}", lambda: self.build_constant(value))
        key = ("value", repr_key(value))
        return self.compiler.hoist(key, "const", lambda: self.build_constant(value))

    def build_constant(self, value) -> ast.expr:
        """Build an expression that creates ``value`` once, at module load."""
        if value is None or isinstance(value, (bool, str)):
            return ast.Constant(value)
        kind = type(value)
        if kind is int:
            return self.constant(value)
        if kind is float:
            if math.isfinite(value):
                return self.constant(value)
            return ast.Call(self.runtime("float_from_text"), [ast.Constant(repr(value))], [])
        if kind is Fraction:
            return ast.Call(self.runtime("Fraction"), [self.constant(value.numerator), ast.Constant(value.denominator)], [])
        if kind is Keyword:
            return ast.Call(self.runtime("Keyword"), [ast.Constant(value.name)], [])
        if isinstance(value, Symbol):
            return ast.Call(self.runtime("Symbol"), [ast.Constant(value.name)], [])
        if kind is Char:
            return ast.Call(self.runtime("Char"), [ast.Constant(value.char)], [])
        if isinstance(value, Vector):
            return ast.Call(self.runtime("Vector"), [ast.List([self.constant(v) for v in value], LOAD)], [])
        if isinstance(value, list):
            return ast.List([self.constant(v) for v in value], LOAD)
        if isinstance(value, dict):
            items = value.sorted_items() if isinstance(value, Map) else list(value.items())
            mapping = ast.Dict([self.constant(k) for k, _ in items], [self.constant(v) for _, v in items])
            return ast.Call(self.runtime("Map"), [mapping], [])
        raise TypeError(f"cannot emit a constant of type {type(value).__name__}")


#: The Python class behind each type name of :mod:`semac.types`, as the
#: module-level alias emitted code checks against.
CLASS_NAMES = {"int": "_semac_int", "list": "_semac_list", "str": "_semac_str", "map": "_semac_map"}


@dataclass(frozen=True)
class Guarded:
    """A builtin's fast path: the classes its arguments need, and the Python that replaces the call."""

    arities: tuple  # argument counts the fast path handles; empty for any count of two or more
    classes: object  # (args, types) -> a type name or None per argument, or None to keep the call
    build: object  # operands -> ast.expr

    def __contains__(self, count: int) -> bool:
        return count in self.arities if self.arities else count >= 2


def map_key_class(key, types):
    """Return the class a ``get`` key must have for ``dict.get`` to agree with the builtin.

    A constant key that is not a float or bool needs no check. Other keys
    are checked to be ints, because ``get`` looks floats and bools up by
    their type as well as their value, which ``dict.get`` does not.
    """
    if isinstance(key, ir.Const) and type(key.value) not in (float, bool):
        return None
    if types.of(key) in ("int", "str"):
        return types.of(key)
    return "int"


GUARDED_BUILTINS = {
    "abs": Guarded((1,), lambda args, types: ["int"], lambda ops: ast.Call(ast.Name("_semac_abs", LOAD), ops, [])),
    "cons": Guarded((2,), lambda args, types: [None, "list"], lambda ops: ast.List([ops[0], ast.Starred(ops[1], LOAD)], LOAD)),
    "get": Guarded(
        (2, 3),
        lambda args, types: ["map", map_key_class(args[1], types)] + [None] * (len(args) - 2),
        lambda ops: ast.Call(ast.Attribute(ops[0], "get", LOAD), ops[1:], []),
    ),
    "number->string": Guarded(
        (1,), lambda args, types: ["int"], lambda ops: ast.JoinedStr([ast.FormattedValue(ops[0], -1, None)])
    ),
    "string-append": Guarded((), lambda args, types: ["str"] * len(args), lambda ops: joined_string(ops)),
    "length": Guarded((1,), lambda args, types: ["list"], lambda ops: ast.Call(ast.Name("_semac_len", LOAD), ops, [])),
    "string-length": Guarded(
        (1,), lambda args, types: ["str"], lambda ops: ast.Call(ast.Name("_semac_len", LOAD), ops, [])
    ),
}


#: Builtins an int hypothesis may compile as operators.
NUMERIC_OPERATIONS = frozenset({"+", "-", "*", "<", ">", "<=", ">=", "=", "modulo", "remainder", "quotient", "abs", "not", "zero?", "even?", "odd?"})
NUMERIC_KINDS = frozenset({"int", "float", "num"})


def names_in(tree: ast.AST) -> set:
    return {item.id for item in ast.walk(tree) if isinstance(item, ast.Name)}


def iterate_calls(node):
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ir.Call):
            yield item
        stack.extend(ir.children(item))


def is_list_access(call: ir.Call, var: ir.Var | None) -> bool:
    """True for ``(car var)``, ``(cdr var)`` or ``(null? var)``; for ``(null? x)`` of any local when ``var`` is None."""
    if not (isinstance(call.fn, ir.GlobalRef) and len(call.args) == 1 and isinstance(call.args[0], ir.LocalRef)):
        return False
    if var is None:
        return call.fn.name == "null?"
    return call.fn.name in ("car", "cdr", "null?") and call.args[0].var is var


def is_cdr_of(node, var: ir.Var | None) -> bool:
    """True for ``(cdr var)``, or ``(cdr x)`` of any local when ``var`` is None."""
    if not (isinstance(node, ir.Call) and node.fn.__class__ is ir.GlobalRef and node.fn.name == "cdr"):
        return False
    if len(node.args) != 1 or not isinstance(node.args[0], ir.LocalRef):
        return False
    return var is None or node.args[0].var is var


def count_references(node, var: ir.Var) -> int:
    """Count the references to ``var`` in ``node``, nested lambdas included."""
    count = 0
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (ir.LocalRef, ir.SetLocal)) and item.var is var:
            count += 1
        stack.extend(ir.children(item))
    return count


#: Builtins that read a map given as their first argument and keep no reference to it.
MAP_READERS = {"get", "contains?", "count", "length"}


def sole_owned(compiler, loop: ir.Lambda, start_args: list) -> set:
    """Return the loop parameters that always hold a map nothing else refers to.

    Such a parameter starts as a map literal (``start_args`` has the
    inits of variables read only there), and the loop body only reads
    it (``get``, ``count``, ...), passes it unchanged or as ``(assoc p k v)``
    to the next iteration, or returns it. ``(assoc p k v)`` then may update
    the map in place without the reference count check. No value stored in
    it can be the map itself, since the map never escapes.
    """
    candidates = {
        param
        for param, arg in zip(loop.params, start_args)
        if type(arg) is ir.MakeMap
        and not param.mutated
        and not param.captured
    }
    if not candidates or not compiler.is_builtin("assoc"):
        return set()
    escaped: set = set()
    stack = [(loop.body, True)]
    while stack:
        node, tail = stack.pop()
        kind = type(node)
        if kind is ir.LocalRef:
            if not tail:
                escaped.add(node.var)
            continue
        if kind is ir.If:
            stack += [(node.test, False), (node.then, tail), (node.otherwise, tail)]
        elif kind is ir.Seq and node.body:
            stack += [(item, False) for item in node.body[:-1]] + [(node.body[-1], tail)]
        elif kind is ir.Let and not node.recursive:
            stack += [(init, False) for init in node.inits] + [(node.body, tail)]
        elif kind is ir.Call and tail and type(node.fn) is ir.LocalRef and node.fn.var is loop.self_var:
            for param, arg in zip(loop.params, node.args):
                if type(arg) is ir.LocalRef and arg.var is param:
                    continue
                if _is_assoc_of(arg, param):
                    stack += [(item, False) for item in arg.args[1:]]
                    continue
                # Any other next value, even another parameter's map, may be shared.
                escaped.add(param)
                stack.append((arg, False))
        elif (
            kind is ir.Call
            and type(node.fn) is ir.GlobalRef
            and node.fn.name in MAP_READERS
            and node.args
            and type(node.args[0]) is ir.LocalRef
            and compiler.is_builtin(node.fn.name)
        ):
            stack += [(arg, False) for arg in node.args[1:]]
        else:
            stack += [(child, False) for child in ir.children(node)]
    return candidates - escaped


def reversed_accumulators(compiler, loop: ir.Lambda, start_args: list) -> set:
    """Return the loop parameters that only collect elements with ``cons`` and are returned at the end.

    Such a parameter starts as ``'()``. Every self call passes it on as
    itself or as ``(cons x p)`` with an ``x`` that does not read it. The
    body reads it nowhere else but as the loop's result, itself or as
    ``(reverse p)``. Consing onto a Python list copies it, so the list is
    kept in reverse and grows by ``append`` instead.
    """
    if not (compiler.is_builtin("cons") and compiler.is_builtin("reverse")):
        return set()
    candidates = {
        param
        for param, arg in zip(loop.params, start_args)
        if type(arg) is ir.Const and type(arg.value) is list and not arg.value and not param.mutated and not param.captured
    }
    if not candidates:
        return set()
    allowed: set = set()  # ids of the references that stay
    for call in tail_calls(loop.body):
        if type(call.fn) is ir.LocalRef and call.fn.var is loop.self_var and len(call.args) == len(loop.params):
            for param, arg in zip(loop.params, call.args):
                if type(arg) is ir.LocalRef and arg.var is param:
                    allowed.add(id(arg))
                elif is_cons_onto(arg, param):
                    allowed.add(id(arg.args[1]))
                else:
                    candidates.discard(param)
    for result in tail_values(loop.body):
        if type(result) is ir.LocalRef:
            allowed.add(id(result))
        elif first_local(result, "reverse", 1) is not None:
            allowed.add(id(result.args[0]))
    return {param for param in candidates if all(id(ref) in allowed for ref in references_to(loop.body, param))}


def is_increment(node, var: ir.Var) -> bool:
    """True for ``(+ var 1)`` or ``(+ 1 var)``."""
    if not (type(node) is ir.Call and type(node.fn) is ir.GlobalRef and node.fn.name == "+" and len(node.args) == 2):
        return False
    left, right = node.args
    is_var = lambda arg: type(arg) is ir.LocalRef and arg.var is var  # noqa: E731
    is_one = lambda arg: type(arg) is ir.Const and type(arg.value) is int and arg.value == 1  # noqa: E731
    return (is_var(left) and is_one(right)) or (is_one(left) and is_var(right))


def is_cons_onto(node, var: ir.Var) -> bool:
    """True for ``(cons x var)``."""
    if type(node) is not ir.Call or type(node.fn) is not ir.GlobalRef or node.fn.name != "cons" or len(node.args) != 2:
        return False
    rest = node.args[1]
    return type(rest) is ir.LocalRef and rest.var is var


def tail_values(node) -> list:
    """Return the expressions in tail position of ``node`` that are not calls, or are calls of ``reverse``."""
    return [item for item in tail_expressions(node) if type(item) is not ir.Call or first_local(item, "reverse", 1) is not None]


def references_to(node, var: ir.Var) -> list:
    """Return the LocalRef nodes of ``var`` in ``node``, nested lambdas included."""
    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        if type(item) is ir.LocalRef and item.var is var:
            found.append(item)
        stack.extend(ir.children(item))
    return found


def _is_assoc_of(node, var: ir.Var) -> bool:
    return first_local(node, "assoc", 3) is var


def first_local(node, name: str, arity: int) -> ir.Var | None:
    """Return ``v`` for a call ``(name v ...)`` with ``arity`` arguments whose first is a local variable, else None."""
    if type(node) is not ir.Call or type(node.fn) is not ir.GlobalRef or node.fn.name != name:
        return None
    if len(node.args) != arity or type(node.args[0]) is not ir.LocalRef:
        return None
    return node.args[0].var


def refers_to(node, var: ir.Var) -> bool:
    """True when ``var`` appears anywhere in ``node``, nested lambdas included."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (ir.LocalRef, ir.SetLocal)) and item.var is var:
            return True
        if isinstance(item, ir.Try) and item.var is var:
            return True
        stack.extend(ir.children(item))
    return False


def joined_string(parts: list) -> ast.expr:
    """Concatenate expressions that are all ``str`` as one f-string, which builds the result once.

    ``f"{s}"`` is ``s`` itself for a ``str``, and nested f-strings are spliced in.
    """
    values: list = []
    for part in parts:
        pieces = part.values if isinstance(part, ast.JoinedStr) else [part]
        for piece in pieces:
            if isinstance(piece, ast.Constant) and type(piece.value) is str:
                if piece.value:
                    values.append(piece)
            elif isinstance(piece, ast.FormattedValue):
                values.append(piece)
            else:
                values.append(ast.FormattedValue(piece, -1, None))
    if not values:
        return ast.Constant("")
    return ast.JoinedStr(values)


def is_nonzero_constant(value: ast.expr) -> bool:
    return isinstance(value, ast.Constant) and type(value.value) is int and value.value != 0


def is_pure(node) -> bool:
    """True when ``node`` lowers to a Python expression with no statements."""
    if isinstance(node, (ir.Const, ir.LocalRef, ir.GlobalRef, ir.RuntimeRef)):
        return True
    if isinstance(node, ir.Attribute):
        return is_pure(node.obj)
    if isinstance(node, ir.Call):
        return is_pure(node.fn) and all(is_pure(arg) for arg in node.args)
    if isinstance(node, ir.MakeList):
        return all(is_pure(item) for item in node.items)
    if isinstance(node, ir.MakeMap):
        return all(is_pure(part) for pair in node.pairs for part in pair)
    if isinstance(node, ir.If):
        return is_pure(node.test) and is_pure(node.then) and is_pure(node.otherwise)
    return False


def repr_key(value):
    """Return a hashable key that distinguishes constants (1, 1.0 and #t differ)."""
    if isinstance(value, Symbol):
        return ("symbol", value.name)
    if isinstance(value, Keyword):
        return ("keyword", value.name)
    if isinstance(value, Char):
        return ("char", value.char)
    if isinstance(value, Vector):
        return ("vector",) + tuple(repr_key(v) for v in value)
    if isinstance(value, list):
        return ("list",) + tuple(repr_key(v) for v in value)
    if isinstance(value, dict):
        return ("map",) + tuple((repr_key(k), repr_key(v)) for k, v in value.items())
    return (type(value).__name__, repr(value))
