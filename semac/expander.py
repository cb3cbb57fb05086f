"""Macro expansion: source forms to the core language of :mod:`semac.ir`.

The expander walks forms with a lexical :class:`~semac.scope.Scope`. A
head symbol bound in the scope is a variable, so a local ``list`` shadows
the builtin and a local ``if`` shadows the special form. Otherwise the
head may name a special form (a method ``form_<name>`` registered in
:data:`SPECIAL_FORMS`), a user macro, or a global.

Derived forms (``cond``, ``case``, ``do``, ``while``, threading macros,
``when-let``...) live in :mod:`semac.derived`; ``match`` in
:mod:`semac.match`; ``defmacro`` and ``syntax-rules`` in
:mod:`semac.macros`.
"""

from __future__ import annotations

from fractions import Fraction

from runtime.values import Char, Keyword, Map, Symbol, Vector, sort_key

from . import ir
from .errors import CompileError
from .reader import MapLiteral, SourceList, SourceSymbol, SourceVector, strip_source
from .scope import MarkedSymbol, Scope, binding_key

#: special form name -> Expander method name
SPECIAL_FORMS: dict[str, str] = {}


def special(*names: str):
    """Register the decorated Expander method as the handler of ``names``."""

    def register(method):
        for name in names:
            SPECIAL_FORMS[name] = method.__name__
        return method

    return register


def form_handler(*names: str):
    """Register a function defined outside the class as an Expander method.

    Derived forms in other modules use this to join the dispatch table.
    """

    def register(function):
        setattr(Expander, function.__name__, function)
        for name in names:
            SPECIAL_FORMS[name] = function.__name__
        return function

    return register


def sym(name: str, like=None) -> Symbol:
    """Make a symbol positioned like ``like`` (a form), for derived code."""
    line = getattr(like, "line", 0) or 0
    column = getattr(like, "column", 0) or 0
    return SourceSymbol(name, line, column)


def slist(items, like=None) -> SourceList:
    """Make a positioned list form for derived code."""
    result = SourceList(items)
    result.line = getattr(like, "line", 0) or 0
    result.column = getattr(like, "column", 0) or 0
    return result


def is_symbol(form, name: str | None = None) -> bool:
    return isinstance(form, Symbol) and (name is None or form.name == name)


def is_list(form) -> bool:
    return type(form) is list or type(form) is SourceList


class Expander:
    """Expands the forms of one module (or one REPL input) into IR."""

    def __init__(self, compiler) -> None:
        self.compiler = compiler
        self.filename = compiler.filename
        self.source = compiler.source
        self.module_vars: list[ir.Var] = []
        self.gensym_counter = 0
        self.lambda_stack: list[ir.Lambda | None] = [None]
        self.gensym_tables: list[ir.Var] = []
        self.bound_variables: set[ir.Var] = set()

    # -- errors and positions ---------------------------------------------

    def error(self, message: str, form) -> CompileError:
        line = getattr(form, "line", 0) or self.compiler.current_line
        column = getattr(form, "column", 0) or self.compiler.current_column
        return CompileError(message, self.filename, line or None, column or None, self.source)

    def at(self, node: ir.Node, form) -> ir.Node:
        line = getattr(form, "line", 0)
        if line:
            node.line = line
            node.column = getattr(form, "column", 0)
        else:
            node.line = self.compiler.current_line
            node.column = self.compiler.current_column
        return node

    def gensym(self, base: str, like=None) -> Symbol:
        self.gensym_counter += 1
        return MarkedSymbol(base, -self.gensym_counter, getattr(like, "line", 0), getattr(like, "column", 0))

    # -- scopes -----------------------------------------------------------

    @property
    def current_lambda(self) -> ir.Lambda | None:
        return self.lambda_stack[-1]

    def new_scope(self, scope: Scope) -> Scope:
        return Scope(scope, self.current_lambda)

    def declare(self, scope: Scope, symbol: Symbol) -> ir.Var:
        var = scope.declare(symbol)
        if scope.owner is None:
            self.module_vars.append(var)
        return var

    # -- the main dispatch ------------------------------------------------

    def expand(self, form, scope: Scope) -> ir.Node:
        kind = type(form)
        if kind is SourceList or kind is list:
            if not form:
                return self.at(ir.Const(None), form)
            return self.expand_list(form, scope)
        if isinstance(form, Symbol):
            return self.expand_symbol(form, scope)
        if isinstance(form, MapLiteral):
            entries = list(zip(form[0::2], form[1::2]))
            if all(is_constant_key(key) for key, _ in entries):
                # The reference evaluates a map literal's values in key order.
                entries.sort(key=lambda entry: sort_key(strip_source(entry[0])))
            pairs = [(self.expand(key, scope), self.expand(value, scope)) for key, value in entries]
            return self.at(ir.MakeMap(pairs), form)
        if isinstance(form, Vector):
            items = [self.expand(item, scope) for item in form]
            return self.at(ir.MakeList(items, [False] * len(items), vector=True), form)
        if isinstance(form, dict):
            return self.at(ir.Const(strip_source(form)), form)
        if form is None or isinstance(form, (bool, int, float, Fraction, str, Char, Keyword)):
            return self.at(ir.Const(form), form)
        return self.at(ir.Const(form), form)

    def expand_symbol(self, form: Symbol, scope: Scope) -> ir.Node:
        var = scope.lookup(form)
        if var is not None:
            return self.at(ir.LocalRef(var), form)
        name = form.name
        if "." in name and not name.startswith(".") and not name.endswith("."):
            head, *attributes = name.split(".")
            base = scope.lookup(Symbol(head))
            if base is not None or head in self.compiler.python_imports:
                node = ir.LocalRef(base) if base is not None else ir.GlobalRef(head)
                self.at(node, form)
                for attribute in attributes:
                    node = self.at(ir.Attribute(node, python_attribute(attribute)), form)
                return node
        if name in ("eval", "read"):
            # Used as a value: wrap the special form in a function.
            parameter = self.gensym("argument", form)
            wrapper = slist([sym("lambda", form), slist([parameter], form), slist([form, parameter], form)], form)
            return self.expand(wrapper, scope)
        if (name in self.compiler.macros or name in SPECIAL_FORMS) and not self.compiler.is_known_global(name):
            raise self.error(f"{name} is a special form or macro, not a value", form)
        self.compiler.note_global_reference(name)
        return self.at(ir.GlobalRef(name), form)

    def head_name(self, head, scope: Scope) -> str | None:
        """Return the special form or macro ``head`` names, if it is not a variable."""
        if not isinstance(head, Symbol):
            return None
        name = head.name
        if name in SPECIAL_FORMS:
            # As in the reference, a local variable does not shadow a special
            # form, except one that the same macro expansion bound.
            mark = getattr(head, "mark", None)
            if mark is not None and scope.find((name, mark)) is not None:
                return None
            return name
        if scope.lookup(head) is not None:
            return None
        return name

    def expand_list(self, form: list, scope: Scope) -> ir.Node:
        head = form[0]
        name = self.head_name(head, scope)
        if name is not None:
            macro = self.compiler.macros.get(name)
            if macro is not None:
                expanded = self.compiler.apply_macro(macro, form, scope)
                return self.expand(expanded, scope)
            method = SPECIAL_FORMS.get(name)
            if method is not None:
                try:
                    return getattr(self, method)(form, scope)
                except (IndexError, TypeError, AttributeError, ValueError, KeyError) as exc:
                    # A handler met a shape it does not expect: the form is malformed.
                    raise self.error(f"{name}: invalid form ({exc})", form) from exc
            if name.startswith(".") and len(name) > 1 and name != "...":
                return self.expand_method_call(form, scope)
        return self.expand_call(form, scope)

    def expand_call(self, form: list, scope: Scope) -> ir.Node:
        fn = self.expand(form[0], scope)
        args = [self.expand(arg, scope) for arg in form[1:]]
        return self.at(ir.Call(fn, args), form)

    def expand_method_call(self, form: list, scope: Scope) -> ir.Node:
        if len(form) < 2:
            raise self.error(f"({form[0].name} obj args...) needs an object", form)
        obj = self.expand(form[1], scope)
        method = self.at(ir.Attribute(obj, python_attribute(form[0].name[1:])), form)
        args = [self.expand(arg, scope) for arg in form[2:]]
        return self.at(ir.Call(method, args), form)

    def expand_sequence(self, forms: list, scope: Scope, like) -> ir.Node:
        if not forms:
            return self.at(ir.Const(None), like)
        nodes = [self.expand(item, scope) for item in forms]
        if len(nodes) == 1:
            return nodes[0]
        return self.at(ir.Seq(nodes), like)

    def expand_body(self, forms: list, scope: Scope, like) -> ir.Node:
        """Expand a lambda or let body; its internal defines become local variables."""
        for name_symbol in self.defined_names(forms, scope):
            if binding_missing(scope, name_symbol):
                self.declare(scope, name_symbol)
        return self.expand_sequence(forms, scope, like)

    def defined_names(self, forms: list, scope: Scope) -> list:
        names = []
        for item in forms:
            if not is_list(item) or not item or not isinstance(item[0], Symbol):
                continue
            head = self.head_name(item[0], scope)
            if head == "define" and len(item) >= 2:
                target = item[1]
                while is_list(target) and target:
                    target = target[0]
                if isinstance(target, Symbol):
                    names.append(target)
                else:
                    names.extend(pattern_symbols(target))
            elif head == "begin":
                names.extend(self.defined_names(list(item[1:]), scope))
            elif head == "define-record-type" and len(item) >= 3:
                names.extend(record_names(item))
        return names

    # -- quote ------------------------------------------------------------

    @special("quote")
    def form_quote(self, form, scope):
        self.check_arity(form, 1, 1)
        return self.at(ir.Const(strip_source(form[1])), form)

    @special("quasiquote")
    def form_quasiquote(self, form, scope):
        self.check_arity(form, 1, 1)
        if not has_auto_gensym(form[1]):
            return self.quasi(form[1], 1, scope, form)
        # Symbols ending in # become one fresh symbol each per evaluation.
        inner = self.new_scope(scope)
        table = self.declare(inner, self.gensym("gensyms", form))
        self.gensym_tables.append(table)
        try:
            body = self.quasi(form[1], 1, scope, form)
        finally:
            self.gensym_tables.pop()
        make = self.at(ir.Call(self.at(ir.RuntimeRef("GensymTable"), form), []), form)
        return self.at(ir.Let([table], [make], body), form)

    @special("unquote", "unquote-splicing")
    def form_unquote(self, form, scope):
        raise self.error(f"{form[0].name} is only valid inside a quasiquote", form)

    def quasi(self, template, depth: int, scope: Scope, like) -> ir.Node:
        if type(template) in (list, SourceList) and template:
            head = template[0]
            if is_symbol(head, "unquote") and len(template) == 2:
                if depth == 1:
                    return self.expand(template[1], scope)
                inner = self.quasi(template[1], depth - 1, scope, like)
                return self.quasi_list([ir.Const(Symbol("unquote")), inner], [False, False], like)
            if is_symbol(head, "quasiquote") and len(template) == 2:
                inner = self.quasi(template[1], depth + 1, scope, like)
                return self.quasi_list([ir.Const(Symbol("quasiquote")), inner], [False, False], like)
        if isinstance(template, (list, MapLiteral)) and not isinstance(template, MapLiteral):
            items, spliced = [], []
            for item in template:
                if (
                    type(item) in (list, SourceList)
                    and len(item) == 2
                    and is_symbol(item[0], "unquote-splicing")
                ):
                    if depth == 1:
                        items.append(self.expand(item[1], scope))
                        spliced.append(True)
                        continue
                    inner = self.quasi(item[1], depth - 1, scope, like)
                    items.append(
                        self.quasi_list([ir.Const(Symbol("unquote-splicing")), inner], [False, False], like)
                    )
                    spliced.append(False)
                    continue
                items.append(self.quasi(item, depth, scope, like))
                spliced.append(False)
            if all(isinstance(node, ir.Const) for node in items) and not any(spliced) and not (
                self.gensym_tables and has_auto_gensym(template)
            ):
                return self.at(ir.Const(strip_source(template)), like)
            return self.at(ir.MakeList(items, spliced, vector=isinstance(template, Vector)), like)
        if isinstance(template, MapLiteral):
            pairs = [
                (self.quasi(key, depth, scope, like), self.quasi(value, depth, scope, like))
                for key, value in zip(template[0::2], template[1::2])
            ]
            return self.at(ir.MakeMap(pairs), like)
        if isinstance(template, Symbol) and self.gensym_tables and is_auto_gensym(template):
            lookup = ir.Attribute(ir.LocalRef(self.gensym_tables[-1]), "symbol")
            return self.at(ir.Call(self.at(lookup, like), [ir.Const(template.name)]), like)
        return self.at(ir.Const(strip_source(template)), like)

    def quasi_list(self, items, spliced, like):
        return self.at(ir.MakeList(items, spliced), like)

    # -- checks -----------------------------------------------------------

    def check_arity(self, form, low: int, high: int | None = None) -> None:
        count = len(form) - 1
        if count < low or (high is not None and count > high):
            name = form[0].name
            if high is None:
                expected = f"{low} or more arguments"
            elif low == high:
                expected = f"{low} argument" + ("" if low == 1 else "s")
            else:
                expected = f"{low} to {high} arguments"
            raise self.error(f"{name} expects {expected}, got {count}", form)

    # -- core special forms ---------------------------------------------

    @special("if")
    def form_if(self, form, scope):
        self.check_arity(form, 2, 3)
        test = self.expand(form[1], scope)
        then = self.expand(form[2], scope)
        otherwise = self.expand(form[3], scope) if len(form) > 3 else self.at(ir.Const(None), form)
        return self.at(ir.If(test, then, otherwise), form)

    @special("begin")
    def form_begin(self, form, scope):
        return self.expand_sequence(list(form[1:]), scope, form)

    @special("and")
    def form_and(self, form, scope):
        if len(form) == 1:
            return self.at(ir.Const(True), form)
        items = [self.expand(item, scope) for item in form[1:]]
        return items[0] if len(items) == 1 else self.at(ir.And(items), form)

    @special("or")
    def form_or(self, form, scope):
        if len(form) == 1:
            return self.at(ir.Const(False), form)
        items = [self.expand(item, scope) for item in form[1:]]
        return items[0] if len(items) == 1 else self.at(ir.Or(items), form)

    @special("set!")
    def form_set(self, form, scope):
        self.check_arity(form, 2, 2)
        target = form[1]
        if not isinstance(target, Symbol):
            raise self.error("set!: expected a variable name", form)
        value = self.expand(form[2], scope)
        var = scope.lookup(target)
        if var is not None:
            var.mutated = True
            return self.at(ir.SetLocal(var, value), form)
        if not self.compiler.is_known_global(target.name):
            # set! of a name with no definition anywhere is an error, as the language spec requires.
            from runtime.names import mangle

            check = ir.Call(
                self.at(ir.RuntimeRef("check_bound"), form),
                [self.at(ir.RuntimeRef("%env"), form), ir.Const(mangle(target.name)), ir.Const(target.name)],
            )
            self.compiler.note_global_assignment(target.name)
            return self.at(ir.Seq([self.at(check, form), self.at(ir.SetGlobal(target.name, value), form)]), form)
        self.compiler.note_global_assignment(target.name)
        return self.at(ir.SetGlobal(target.name, value), form)

    @special("define")
    def form_define(self, form, scope):
        if len(form) < 3:
            raise self.error(f"define expects 2 arguments, got {len(form) - 1}", form)
        target = form[1]
        if is_list(target):
            if not target:
                raise self.error("define: expected a name or (name params...)", form)
            # (define (name . params) body...) and curried (define ((f a) b) ...)
            name, params = target[0], slist(list(target[1:]), target)
            lambda_form = slist([sym("lambda", form), params, *form[2:]], form)
            if is_list(name):
                return self.form_define(slist([form[0], name, lambda_form], form), scope)
            if not isinstance(name, Symbol):
                raise self.error("define: expected a symbol", form)
            return self.define_value(name, lambda_form, scope, form, function_name=name.name)
        if isinstance(target, Symbol):
            if len(form) != 3:
                raise self.error(f"define expects 2 arguments, got {len(form) - 1}", form)
            return self.define_value(target, form[2], scope, form)
        if isinstance(target, (Vector, MapLiteral)):
            if len(form) != 3:
                raise self.error(f"define expects 2 arguments, got {len(form) - 1}", form)
            return self.define_pattern(target, form[2], scope, form)
        raise self.error("define: expected a symbol", form)

    def define_value(self, name: Symbol, value_form, scope: Scope, form, function_name=None):
        is_gensym = getattr(name, "mark", 0) < 0
        is_module_level = scope.owner is None and self.is_top_scope(scope) and not is_gensym
        if is_module_level:
            value = self.expand_named(value_form, scope, name.name)
            self.compiler.note_global_definition(name.name, value)
            return self.at(ir.SetGlobal(name.name, value, is_definition=True), form)
        var = scope.table.get(binding_key_of(name))
        if var is None:
            var = self.declare(scope, name)
        elif var.defined or var in self.bound_variables:
            # A second define, or a define of a parameter or let variable, assigns.
            var.mutated = True
        var.defined = True
        value = self.expand_named(value_form, scope, name.name)
        if isinstance(value, ir.Lambda):
            value.name = name.name
        return self.at(ir.SetLocal(var, value, is_definition=True), form)

    def is_top_scope(self, scope: Scope) -> bool:
        return scope.parent is None

    def expand_named(self, form, scope: Scope, name: str) -> ir.Node:
        node = self.expand(form, scope)
        if isinstance(node, ir.Lambda) and node.name is None:
            node.name = name
        return node

    def define_pattern(self, pattern, value_form, scope: Scope, form) -> ir.Node:
        from .match import destructure

        temp = self.gensym("value", form)
        bindings = destructure(self, pattern, temp, form)
        body = [slist([sym("define", form), name, expr], form) for name, expr in bindings]
        # Evaluate the value once, then define each name in the current scope.
        steps = [slist([sym("define", form), temp, value_form], form)] + body
        if scope.owner is None and self.is_top_scope(scope):
            nodes = [self.expand(step, scope) for step in steps]
        else:
            for name, _ in bindings:
                if binding_missing(scope, name):
                    self.declare(scope, name)
            if binding_missing(scope, temp):
                self.declare(scope, temp)
            nodes = [self.expand(step, scope) for step in steps]
        nodes.append(self.at(ir.Const(None), form))
        return self.at(ir.Seq(nodes), form)

    @special("lambda", "fn")
    def form_lambda(self, form, scope, name: str | None = None):
        if len(form) < 3:
            raise self.error(f"{form[0].name} expects 2 or more arguments, got {len(form) - 1}", form)
        params_form = form[1]
        if not isinstance(params_form, list) or isinstance(params_form, MapLiteral):
            raise self.error(
                f"{form[0].name}: expected a parameter list or vector, got {type_label(params_form)}", form
            )
        params, rest, patterns = self.parse_params(params_form, form)
        node = ir.Lambda([], None, None, name=name, parent=self.current_lambda)
        self.at(node, form)
        inner = Scope(scope, node)
        self.lambda_stack.append(node)
        try:
            node.params = [inner.declare(param) for param in params]
            node.rest = inner.declare(rest) if rest is not None else None
            self.bound_variables.update(node.params)
            if node.rest is not None:
                self.bound_variables.add(node.rest)
            body_forms = list(form[2:])
            if patterns:
                # Destructuring parameters: bind each pattern from its hidden parameter.
                prelude = []
                for hidden, pattern in patterns:
                    prelude.append(slist([sym("define", form), pattern, hidden], form))
                body_forms = prelude + body_forms
            node.body = self.expand_body(body_forms, inner, form)
        finally:
            self.lambda_stack.pop()
        return node

    def parse_params(self, params_form, form):
        params: list[Symbol] = []
        rest = None
        patterns = []
        items = list(params_form)
        index = 0
        while index < len(items):
            item = items[index]
            if is_symbol(item, "."):
                if index != len(items) - 2 or not isinstance(items[index + 1], Symbol):
                    raise self.error("lambda: '.' must be followed by exactly one rest parameter", form)
                rest = items[index + 1]
                break
            if isinstance(item, Symbol):
                params.append(item)
            elif isinstance(item, (Vector, MapLiteral)):
                hidden = self.gensym("arg", form)
                params.append(hidden)
                patterns.append((hidden, item))
            else:
                raise self.error(f"lambda: invalid parameter {strip_source(item)!r}", form)
            index += 1
        seen = set()
        for param in params + ([rest] if rest is not None else []):
            key = binding_key_of(param)
            if key in seen:
                raise self.error(f"lambda: duplicate parameter {param.name}", form)
            seen.add(key)
        return params, rest, patterns

    @special("let")
    def form_let(self, form, scope):
        if len(form) < 3:
            raise self.error(f"let expects 2 or more arguments, got {len(form) - 1}", form)
        if isinstance(form[1], Symbol):
            return self.named_let(form, scope)
        bindings = self.parse_bindings(form[1], form, "let")
        simple = [(name, value) for name, value in bindings if isinstance(name, Symbol)]
        if len(simple) != len(bindings):
            return self.let_with_patterns(form, bindings, scope)
        inits = [self.expand(value, scope) for _, value in bindings]
        inner = self.new_scope(scope)
        variables = [self.declare(inner, name) for name, _ in bindings]
        self.bound_variables.update(variables)
        for var, init in zip(variables, inits):
            if isinstance(init, ir.Lambda) and init.name is None:
                init.name = var.name
        body = self.expand_body(list(form[2:]), inner, form)
        return self.at(ir.Let(variables, inits, body), form)

    def let_with_patterns(self, form, bindings, scope):
        # (let (([a b] expr)) body) -> (let ((tmp expr)) (let* ((a ..) (b ..)) body))
        from .match import destructure

        outer, inner_bindings = [], []
        for name, value in bindings:
            if isinstance(name, Symbol):
                outer.append(slist([name, value], form))
                continue
            temp = self.gensym("value", form)
            outer.append(slist([temp, value], form))
            for bound, expr in destructure(self, name, temp, form):
                inner_bindings.append(slist([bound, expr], form))
        body = slist([sym("let*", form), slist(inner_bindings, form), *form[2:]], form)
        return self.expand(slist([sym("let", form), slist(outer, form), body], form), scope)

    def parse_bindings(self, bindings_form, form, who: str):
        if not is_list(bindings_form):
            raise self.error(f"{who}: expected a list of bindings", form)
        result = []
        for binding in bindings_form:
            if not is_list(binding) or len(binding) != 2:
                raise self.error(f"{who}: each binding must have 2 elements", binding if is_list(binding) else form)
            name = binding[0]
            if not isinstance(name, (Symbol, Vector, MapLiteral)):
                raise self.error(f"{who}: binding name must be a symbol", binding)
            result.append((name, binding[1]))
        return result

    def named_let(self, form, scope):
        name = form[1]
        if len(form) < 4:
            raise self.error(f"let expects 3 or more arguments for a named let, got {len(form) - 1}", form)
        bindings = self.parse_bindings(form[2], form, "let")
        params = slist([binding_name for binding_name, _ in bindings], form[2])
        lambda_form = slist([sym("lambda", form), params, *form[3:]], form)
        inits = [value for _, value in bindings]
        # ((letrec ((name (lambda params body))) name) inits...), but evaluate
        # the inits outside the scope of name.
        temps = [self.gensym("init", form) for _ in inits]
        letrec = slist(
            [
                sym("letrec", form),
                slist([slist([name, lambda_form], form)], form),
                slist([name, *temps], form),
            ],
            form,
        )
        outer = slist(
            [sym("let", form), slist([slist([t, v], form) for t, v in zip(temps, inits)], form), letrec],
            form,
        )
        return self.expand(outer, scope)

    @special("let*")
    def form_let_star(self, form, scope):
        if len(form) < 3:
            raise self.error(f"let* expects 2 or more arguments, got {len(form) - 1}", form)
        bindings = self.parse_bindings(form[1], form, "let*")
        if len(bindings) <= 1:
            return self.form_let(slist([sym("let", form), form[1], *form[2:]], form), scope)
        first = slist([bindings[0][0], bindings[0][1]], form)
        rest = slist([slist([n, v], form) for n, v in bindings[1:]], form)
        inner = slist([sym("let*", form), rest, *form[2:]], form)
        return self.expand(slist([sym("let", form), slist([first], form), inner], form), scope)

    @special("letrec", "letrec*")
    def form_letrec(self, form, scope):
        if form[0].name == "letrec*":
            return self.expand_call(form, scope)  # absent in the reference: an unbound name
        if len(form) < 3:
            raise self.error(f"letrec expects 2 or more arguments, got {len(form) - 1}", form)
        bindings = self.parse_bindings(form[1], form, "letrec")
        inner = self.new_scope(scope)
        variables = [self.declare(inner, name) for name, _ in bindings]
        inits = []
        for var, (_, value) in zip(variables, bindings):
            init = self.expand(value, inner)
            if isinstance(init, ir.Lambda) and init.name is None:
                init.name = var.name
            inits.append(init)
        body = self.expand_body(list(form[2:]), inner, form)
        return self.at(ir.Let(variables, inits, body, recursive=True), form)

    @special("try")
    def form_try(self, form, scope):
        if len(form) < 2:
            raise self.error("try: expected a body and (catch var handler...)", form)
        last = form[-1]
        if not (is_list(last) and last and is_symbol(last[0], "catch")):
            raise self.error("try: last argument must be (catch var handler...)", form)
        if len(last) < 3 or not isinstance(last[1], Symbol):
            raise self.error("try: catch needs (catch var handler...)", last)
        body = self.expand_sequence(list(form[1:-1]), self.new_scope(scope), form)
        handler_scope = self.new_scope(scope)
        var = self.declare(handler_scope, last[1])
        handler = self.expand_body(list(last[2:]), handler_scope, last)
        return self.at(ir.Try(body, var, handler), form)

    @special("delay", "make-promise-lazy")
    def form_delay(self, form, scope):
        self.check_arity(form, 1, 1)
        thunk = self.expand(slist([sym("lambda", form), slist([], form), form[1]], form), scope)
        return self.at(ir.Call(self.at(ir.RuntimeRef("Promise"), form), [thunk]), form)

    @special("delay-force")
    def form_delay_force(self, form, scope):
        return self.form_delay(form, scope)

    @special("cons-stream")
    def form_cons_stream(self, form, scope):
        self.check_arity(form, 2, 2)
        head = self.expand(form[1], scope)
        tail = self.form_delay(slist([form[0], form[2]], form), scope)
        return self.at(ir.MakeList([head, tail], [False, False]), form)

    @special("import")
    def form_import(self, form, scope):
        return self.compiler.expand_import(self, form, scope)

    @special("%runtime")
    def form_runtime(self, form, scope):
        """``(%runtime name)`` refers to a helper of runtime.support; derived forms use it."""
        return self.at(ir.RuntimeRef(form[1].name), form)

    @special("eval")
    def form_eval(self, form, scope):
        self.check_arity(form, 1, 2)
        args = [self.expand(arg, scope) for arg in form[1:]]
        self.compiler.uses_eval = True
        self.compiler.defines_at_run_time = True
        env = self.at(ir.RuntimeRef("%env"), form)
        return self.at(ir.Call(self.at(ir.RuntimeRef("%eval"), form), [env] + args), form)

    @special("macroexpand", "macroexpand-1")
    def form_macroexpand(self, form, scope):
        self.check_arity(form, 1, 1)
        self.compiler.uses_eval = True
        env = self.at(ir.RuntimeRef("%env"), form)
        argument = self.expand(form[1], scope)
        return self.at(ir.Call(self.at(ir.RuntimeRef("%macroexpand"), form), [env, argument]), form)

    @special("read")
    def form_read(self, form, scope):
        self.check_arity(form, 0, 1)
        args = [self.expand(arg, scope) for arg in form[1:]]
        self.compiler.uses_eval = True
        return self.at(ir.Call(self.at(ir.RuntimeRef("%read"), form), args), form)


def is_constant_key(form) -> bool:
    return form is None or isinstance(form, (bool, int, float, Fraction, str, Char, Keyword))


def python_attribute(name: str) -> str:
    """Attribute names that are Python identifiers stay; Sema names are mangled."""
    if name.isidentifier():
        return name
    from runtime.names import mangle

    return mangle(name)


def is_auto_gensym(symbol) -> bool:
    return symbol.name.endswith("#") and len(symbol.name) > 1


def has_auto_gensym(template) -> bool:
    stack = [template]
    while stack:
        item = stack.pop()
        if isinstance(item, Symbol) and is_auto_gensym(item):
            return True
        if isinstance(item, list):
            if len(item) == 2 and is_symbol(item[0]) and item[0].name in ("unquote", "unquote-splicing"):
                continue
            stack.extend(item)
    return False


def binding_key_of(symbol: Symbol):
    return binding_key(symbol)


def binding_missing(scope: Scope, symbol: Symbol) -> bool:
    return binding_key_of(symbol) not in scope.table


def type_label(form) -> str:
    if isinstance(form, Symbol):
        return "symbol"
    if isinstance(form, Keyword):
        return "keyword"
    if isinstance(form, str):
        return "string"
    if isinstance(form, bool):
        return "bool"
    if isinstance(form, int):
        return "int"
    if form is None:
        return "nil"
    return type(form).__name__


def pattern_symbols(pattern) -> list:
    """Return the symbols a destructuring pattern binds."""
    from .match import pattern_variables

    return pattern_variables(pattern)


def record_names(form) -> list:
    names = []
    if len(form) > 2 and is_list(form[2]) and form[2] and isinstance(form[2][0], Symbol):
        names.append(form[2][0])
    elif len(form) > 2 and isinstance(form[2], Symbol):
        names.append(form[2])
    if len(form) > 3 and isinstance(form[3], Symbol):
        names.append(form[3])
    for field_spec in form[4:]:
        if is_list(field_spec):
            names.extend(item for item in field_spec[1:] if isinstance(item, Symbol))
    if isinstance(form[1], Symbol):
        names.append(form[1])
    return names
