"""Analysis of the core language before code generation.

One pass over the IR of a module fills in what code generation needs:

* which variables are mutated (``set!``) and captured by an inner lambda;
* which lambda is bound to which name, so a self tail call can become a
  loop (a lambda bound by ``define``, ``letrec`` or named ``let`` to a
  variable that is never reassigned);
* which lambdas make tail calls to other Sema functions, so they need the
  trampoline that keeps mutual recursion in constant stack;
* which looping lambdas have variables captured by closures, so each
  iteration needs a fresh Python scope;
* the Python name of every variable: its mangled name unless that is
  taken in an enclosing function or by a global, then ``name__N``.
"""

from __future__ import annotations

from runtime.names import mangle

from . import ir


class Analysis:
    def __init__(self, compiler) -> None:
        self.compiler = compiler

    def run(self, nodes: list, module_vars: list) -> list:
        """Analyse ``nodes`` and return their lambdas in the order of :func:`semac.types.all_lambdas`."""
        lambdas: list[ir.Lambda] = []
        calls: list[ir.Call] = []
        bindings: list = []
        # all_lambdas walks the last top-level node first.
        lambdas_by_node = []
        for node in nodes:
            found_before = len(lambdas)
            self.walk(node, None, lambdas, calls, bindings)
            lambdas_by_node.append(lambdas[found_before:])
        self.mark_inline_lambdas(nodes, lambdas_by_node, calls)
        self.bind_self_names(bindings)
        for function in lambdas:
            self.examine_tail_calls(function)
        self.clear_needless_trampolines(lambdas)
        for function in lambdas:
            function.loop_needs_fresh_scope = function.has_self_tail_call and any(
                var.captured for var in function.locals
            )
        taken_globals = self.compiler.global_python_names()
        for var in module_vars:
            if var.python_name is None:
                var.python_name = self.compiler.fresh_name(mangle(var.name))
        for function in lambdas:
            self.name_locals(function, taken_globals)
        return [function for found in reversed(lambdas_by_node) for function in found]

    # -- mutation and capture -------------------------------------------

    def walk(
        self,
        node,
        current: ir.Lambda | None,
        lambdas: list | None,
        calls: list | None = None,
        bindings: list | None = None,
    ) -> None:
        """Mark mutated and captured variables, and collect nodes when ``lambdas`` is a list.

        Collecting appends the lambdas to ``lambdas``, the calls to ``calls``
        and the nodes that may bind a lambda to a name to ``bindings``, in
        the order of a depth-first walk that visits children last first.

        A lambda that is inlined shares the Python scope of the function
        around it, so a reference from it is not a capture.
        """
        Lambda, LocalRef, SetLocal, SetGlobal = ir.Lambda, ir.LocalRef, ir.SetLocal, ir.SetGlobal
        Call, Let, Try = ir.Call, ir.Let, ir.Try
        children = ir.CHILDREN
        collect = lambdas is not None
        owner = current
        # A tuple on the stack restores the owner once a lambda's body is done.
        stack = [node]
        while stack:
            item = stack.pop()
            kind = type(item)
            if kind is tuple:
                owner = item[0]
                continue
            if kind is LocalRef or kind is SetLocal:
                var = item.var
                scope = var.owner
                while scope is not None and scope.inline:
                    scope = scope.parent
                if scope is not owner:
                    var.captured = True
                if kind is SetLocal:
                    if not item.is_definition:
                        var.mutated = True
                    elif collect and type(item.value) is Lambda:
                        bindings.append(item)
                    stack.append(item.value)
                continue
            if kind is Lambda:
                if collect:
                    lambdas.append(item)
                if not item.inline:
                    stack.append((owner,))
                    owner = item
                stack.append(item.body)
                continue
            if kind is Call:
                if collect:
                    calls.append(item)
                stack.append(item.fn)
                stack.extend(item.args)
                continue
            if collect:
                if kind is Let:
                    bindings.append(item)
                elif kind is SetGlobal and item.is_definition and type(item.value) is Lambda:
                    bindings.append(item)
            if kind is Try and item.var is not None and scope_of(item.var.owner) is not owner:
                item.var.captured = True
            stack.extend(children[kind](item))

    # -- inlined lambdas ------------------------------------------------

    def mark_inline_lambdas(self, nodes: list, lambdas_by_node: list, calls: list) -> None:
        """Mark the literal lambdas that ``map``, ``filter``, ``for-each`` and ``foldl`` run inline.

        Inlining one can clear the captures that kept another (around it)
        from being inlined, so this repeats until nothing changes, walking
        again each time to recompute captures. ``lambdas_by_node[i]`` lists
        the lambdas inside ``nodes[i]``. Only the top-level nodes that gained
        an inlined lambda are walked again, because a lambda's variables can
        only be referenced inside its own top-level node.
        """
        node_of = {function: index for index, found in enumerate(lambdas_by_node) for function in found}
        changed = True
        while changed:
            changed = set()
            for call in calls:
                function = self.inline_candidate(call)
                if function is not None and not function.inline:
                    function.inline = True
                    changed.add(node_of[function])
            for index in sorted(changed):
                for function in lambdas_by_node[index]:
                    for var in function.params:
                        var.captured = False
                    for var in function.locals:
                        var.captured = False
                self.walk(nodes[index], None, None)

    def inline_candidate(self, call: ir.Call) -> ir.Lambda | None:
        target = call.fn
        if not isinstance(target, ir.GlobalRef) or target.name not in INLINE_ITERATION:
            return None
        if len(call.args) != INLINE_ITERATION[target.name] or not self.compiler.is_builtin(target.name):
            return None
        function = call.args[0]
        if not isinstance(function, ir.Lambda) or function.rest is not None:
            return None
        if len(function.params) != (2 if target.name == "foldl" else 1):
            return None
        if target.name in ("for-each", "foldl") and function.parent is None:
            return None  # the loop's variables would be module globals
        variables = list(function.params) + list(function.locals)
        if any(var.captured or var.mutated for var in variables):
            return None
        return function

    # -- self names -----------------------------------------------------

    def bind_self_names(self, bindings: list) -> None:
        """Bind each lambda in ``bindings``, as collected by :meth:`walk`, to the name it is defined as."""
        for node in bindings:
            if type(node) is ir.SetLocal:
                if not node.var.mutated:
                    node.value.self_var = node.var
                    node.var.lambda_value = node.value
            elif type(node) is ir.Let:
                for var, init in zip(node.vars, node.inits):
                    if isinstance(init, ir.Lambda) and not var.mutated:
                        init.self_var = var
                        var.lambda_value = init
            elif self.compiler.global_is_stable(node.name):
                node.value.self_global = node.name

    # -- tail calls -----------------------------------------------------

    def examine_tail_calls(self, function: ir.Lambda) -> None:
        for call in tail_calls(function.body):
            if self.is_self_call(function, call):
                function.has_self_tail_call = True
            elif self.may_be_sema_function(self.tail_target(call)):
                function.needs_trampoline = True

    def tail_target(self, call: ir.Call):
        """Return what a tail call calls: the function ``(apply f ... xs)`` applies, else the callee."""
        if is_apply(self.compiler, call):
            return call.args[0]
        return call.fn

    def known_lambda(self, target) -> ir.Lambda | None:
        return known_lambda(self.compiler, target)

    def clear_needless_trampolines(self, lambdas: list) -> None:
        """Drop the trampoline where every non-self tail call goes to a lambda without one.

        Such a call adds one frame and cannot lead back into a chain of tail
        calls, so it may be a plain call. Starting from "every candidate
        needs one" and only clearing keeps cycles (f calls g calls f)
        trampolined.
        """
        changed = True
        while changed:
            changed = False
            for function in lambdas:
                if not function.needs_trampoline:
                    continue
                targets = []
                for call in tail_calls(function.body):
                    target = self.tail_target(call)
                    if self.is_self_call(function, call) or not self.may_be_sema_function(target):
                        continue
                    targets.append(self.known_lambda(target))
                if all(target is not None and not target.needs_trampoline for target in targets):
                    function.needs_trampoline = False
                    changed = True

    def is_self_call(self, function: ir.Lambda, call: ir.Call) -> bool:
        if function.rest is not None or len(call.args) != len(function.params):
            return False
        target = call.fn
        if isinstance(target, ir.LocalRef):
            return function.self_var is not None and target.var is function.self_var
        if isinstance(target, ir.GlobalRef):
            return function.self_global is not None and target.name == function.self_global
        return False

    def may_be_sema_function(self, target) -> bool:
        if isinstance(target, (ir.Const, ir.RuntimeRef, ir.Attribute)):
            return False
        if isinstance(target, ir.GlobalRef):
            return not self.compiler.is_builtin(target.name)
        return True

    # -- names ----------------------------------------------------------

    def name_locals(self, function: ir.Lambda, taken_globals: set) -> None:
        taken = set()
        parent = function.parent
        while parent is not None:
            taken.update(var.python_name for var in parent.locals if var.python_name)
            parent = parent.parent
        own: set[str] = set()
        for var in function.locals:
            if var.python_name:
                continue
            base = mangle(var.name)
            if base in taken_globals or base in taken or base in own:
                name = self.compiler.fresh_name(base)
            else:
                name = base
            var.python_name = name
            own.add(name)


#: Builtins whose literal lambda argument may run inline: name -> argument count.
INLINE_ITERATION = {"map": 2, "filter": 2, "for-each": 2, "foldl": 3}


def known_lambda(compiler, target) -> ir.Lambda | None:
    """Return the lambda a call target surely denotes, or None when the compiler cannot tell."""
    if isinstance(target, ir.LocalRef) and not target.var.mutated:
        return target.var.lambda_value
    if isinstance(target, ir.GlobalRef) and compiler.global_is_stable(target.name):
        return compiler.global_lambdas.get(target.name)
    return None


def is_apply(compiler, call: ir.Call) -> bool:
    """True for ``(apply f ... xs)`` with the builtin apply, a tail call to ``f`` in tail position."""
    target = call.fn
    return (
        isinstance(target, ir.GlobalRef)
        and target.name == "apply"
        and len(call.args) >= 2
        and compiler.is_builtin("apply")
    )


def scope_of(function: ir.Lambda | None) -> ir.Lambda | None:
    """Return the lambda whose Python function owns the variables of ``function``."""
    while function is not None and function.inline:
        function = function.parent
    return function


def tail_expressions(node, loops: set | None = None) -> list:
    """Return the expressions in tail position of ``node``: what remains below ``if``, ``begin`` and ``let``.

    With a ``loops`` set, the body of each named ``let`` in tail position
    is followed too, and its loop variable is added to ``loops``.
    """
    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is ir.If:
            stack += [item.then, item.otherwise]
        elif kind is ir.Seq and item.body:
            stack.append(item.body[-1])
        elif kind is ir.Let:
            if loops is not None and item.recursive and len(item.vars) == 1 and type(item.inits[0]) is ir.Lambda:
                loops.add(item.vars[0])
                stack.append(item.inits[0].body)
            stack.append(item.body)
        else:
            found.append(item)
    return found


def tail_calls(node) -> list:
    """Return the calls in tail position of ``node`` (not inside nested lambdas)."""
    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ir.Call):
            found.append(item)
        elif isinstance(item, ir.If):
            stack.append(item.then)
            stack.append(item.otherwise)
        elif isinstance(item, ir.Seq) and item.body:
            stack.append(item.body[-1])
        elif isinstance(item, ir.Let):
            stack.append(item.body)
        elif isinstance(item, (ir.And, ir.Or)) and item.items:
            stack.append(item.items[-1])
        elif isinstance(item, ir.Try) and item.handler is not None and item.finally_body is None:
            stack.append(item.handler)
    return found
