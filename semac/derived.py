"""Derived forms: rewritten into core forms before expansion.

Each handler builds new source forms positioned at the original form, so
errors and tracebacks still point at the user's code, then expands them.
"""

from __future__ import annotations

from runtime.values import Keyword, Symbol, Vector

from . import ir
from .expander import form_handler, is_list, is_symbol, slist, sym
from .reader import MapLiteral


def rt(name: str, like) -> list:
    """A form naming the runtime helper ``name``."""
    return slist([sym("%runtime", like), sym(name, like)], like)


def quoted(value, like) -> list:
    return slist([sym("quote", like), value], like)


@form_handler("when")
def form_when(self, form, scope):
    self.check_arity(form, 2)
    body = self.expand_sequence(list(form[2:]), scope, form)
    return self.at(ir.If(self.expand(form[1], scope), body, self.at(ir.Const(None), form)), form)


@form_handler("unless")
def form_unless(self, form, scope):
    self.check_arity(form, 2)
    body = self.expand_sequence(list(form[2:]), scope, form)
    return self.at(ir.If(self.expand(form[1], scope), self.at(ir.Const(None), form), body), form)


@form_handler("cond")
def form_cond(self, form, scope):
    clauses = list(form[1:])
    for clause in clauses:
        if not is_list(clause) or not clause:
            raise self.error("cond: each clause must be a non-empty list (test body...)", form)
    return expand_cond_clauses(self, clauses, scope, form)


def expand_cond_clauses(self, clauses, scope, form):
    if not clauses:
        return self.at(ir.Const(None), form)
    clause = clauses[0]
    test_form = clause[0]
    if is_symbol(test_form, "else") and self.head_name(test_form, scope) == "else":
        return self.expand_sequence(list(clause[1:]), scope, clause)
    rest = expand_cond_clauses(self, clauses[1:], scope, form)
    if len(clause) == 1:
        # A test-only clause returns #t when the test holds.
        test = self.expand(test_form, scope)
        return self.at(ir.If(test, self.at(ir.Const(True), clause), rest), clause)
    if len(clause) == 3 and is_symbol(clause[1], "=>") and scope.lookup(clause[1]) is None:
        # (test => receiver): call receiver with the test's value when it is true.
        test = self.expand(test_form, scope)
        inner = self.new_scope(scope)
        var = self.declare(inner, self.gensym("test", clause))
        receiver = self.expand(clause[2], scope)
        call = self.at(ir.Call(receiver, [self.at(ir.LocalRef(var), clause)]), clause)
        choice = self.at(ir.If(self.at(ir.LocalRef(var), clause), call, rest), clause)
        return self.at(ir.Let([var], [test], choice), clause)
    test = self.expand(test_form, scope)
    body = self.expand_sequence(list(clause[1:]), scope, clause)
    return self.at(ir.If(test, body, rest), clause)


@form_handler("case")
def form_case(self, form, scope):
    self.check_arity(form, 1)
    key = self.gensym("key", form)
    clauses = []
    for clause in form[2:]:
        if not is_list(clause) or not clause:
            raise self.error("case: each clause must be a list ((datum...) body...)", form)
        selector = clause[0]
        if is_symbol(selector, "else"):
            if len(clause) == 3 and is_symbol(clause[1], "=>"):
                clauses.append(slist([sym("else", clause), slist([clause[2], key], clause)], clause))
            else:
                clauses.append(clause)
            continue
        data = list(selector) if is_list(selector) else [selector]
        test = slist([rt("case_member", clause), key, quoted(slist(data, clause), clause)], clause)
        if len(clause) == 3 and is_symbol(clause[1], "=>"):
            clauses.append(slist([test, slist([clause[2], key], clause)], clause))
        else:
            clauses.append(slist([test, *clause[1:]], clause))
    cond = slist([sym("cond", form), *clauses], form)
    return self.expand(slist([sym("let", form), slist([slist([key, form[1]], form)], form), cond], form), scope)


@form_handler("do")
def form_do(self, form, scope):
    # The reference keeps one binding per variable and updates it in place,
    # so closures made in the body all see the final values.
    # NOTE: a define inside the body still makes a new binding per iteration,
    # where the reference shares one.
    if len(form) < 3 or not is_list(form[1]) or not is_list(form[2]) or not form[2]:
        raise self.error("do: expected (do ((var init step)...) (test result...) body...)", form)
    loop = self.gensym("do-loop", form)
    bindings, updates = [], []
    for spec in form[1]:
        if not is_list(spec) or len(spec) not in (2, 3) or not isinstance(spec[0], Symbol):
            raise self.error("do: each variable spec must be (var init [step])", form)
        bindings.append(slist([spec[0], spec[1]], spec))
        if len(spec) == 3:
            updates.append((spec[0], spec[2]))
    test, *results = form[2]
    result = slist([sym("begin", form), *results], form) if results else None
    temps = [self.gensym("step", form) for _ in updates]
    step_values = slist([slist([t, value], form) for t, (_, value) in zip(temps, updates)], form)
    assignments = [slist([sym("set!", form), name, t], form) for t, (name, _) in zip(temps, updates)]
    step = slist([sym("let", form), step_values, *assignments, slist([loop], form)], form) if updates else slist([loop], form)
    again = slist([sym("begin", form), *form[3:], step], form)
    body = slist([sym("if", form), test, result, again], form)
    named = slist([sym("let", form), loop, slist([], form), body], form)
    return self.expand(slist([sym("let", form), slist(bindings, form), named], form), scope)


@form_handler("while")
def form_while(self, form, scope):
    self.check_arity(form, 1)
    loop = self.gensym("while-loop", form)
    body = slist([sym("when", form), form[1], *form[2:], slist([loop], form)], form)
    return self.expand(slist([sym("let", form), loop, slist([], form), body], form), scope)


@form_handler("dotimes")
def form_dotimes(self, form, scope):
    if len(form) < 2 or not is_list(form[1]) or len(form[1]) != 2:
        raise self.error("dotimes: expected (dotimes (var count) body...)", form)
    var, count = form[1][0], form[1][1]
    limit = self.gensym("limit", form)
    spec = slist([var, 0, slist([sym("+", form), var, 1], form)], form)
    test = slist([slist([sym(">=", form), var, limit], form)], form)
    loop = slist([sym("do", form), slist([spec], form), test, *form[2:]], form)
    return self.expand(slist([sym("let", form), slist([slist([limit, count], form)], form), loop], form), scope)


def thread(self, form, scope, last: bool):
    self.check_arity(form, 1)
    value = form[1]
    for step in form[2:]:
        if is_list(step) and step:
            items = list(step)
            value = slist(items + [value] if last else [items[0], value, *items[1:]], step)
        else:
            value = slist([step, value], form)
    return self.expand(value, scope)


@form_handler("->")
def form_thread_first(self, form, scope):
    return thread(self, form, scope, last=False)


@form_handler("->>")
def form_thread_last(self, form, scope):
    return thread(self, form, scope, last=True)


def thread_some(self, form, scope, last: bool):
    self.check_arity(form, 1)
    temp = self.gensym("value", form)
    result = temp
    for step in reversed(form[2:]):
        if is_list(step) and step:
            items = list(step)
            call = slist(items + [temp] if last else [items[0], temp, *items[1:]], step)
        else:
            call = slist([step, temp], form)
        result = slist(
            [
                sym("let", form),
                slist([slist([temp, call], form)], form),
                slist([sym("if", form), slist([sym("nil?", form), temp], form), None, result], form),
            ],
            form,
        )
    start = slist([sym("if", form), slist([sym("nil?", form), temp], form), None, result], form)
    return self.expand(slist([sym("let", form), slist([slist([temp, form[1]], form)], form), start], form), scope)


@form_handler("some->")
def form_some_first(self, form, scope):
    return thread_some(self, form, scope, last=False)


@form_handler("some->>")
def form_some_last(self, form, scope):
    return thread_some(self, form, scope, last=True)


@form_handler("as->")
def form_as_thread(self, form, scope):
    self.check_arity(form, 2)
    name = form[2]
    bindings = [slist([name, form[1]], form)] + [slist([name, step], form) for step in form[3:]]
    return self.expand(slist([sym("let*", form), slist(bindings, form), name], form), scope)


def binding_pair(self, form):
    spec = form[1]
    if not isinstance(spec, list) or isinstance(spec, MapLiteral) or len(spec) != 2:
        raise self.error(f"{form[0].name}: expected a binding (name expr)", form)
    return spec[0], spec[1]


def is_nil_test(name, form):
    return slist([rt("is_nil", form), name], form)


@form_handler("when-let")
def form_when_let(self, form, scope):
    # Only nil skips the body: (when-let (x #f) ...) runs it, as in the reference.
    self.check_arity(form, 2)
    name, value = binding_pair(self, form)
    body = slist([sym("if", form), is_nil_test(name, form), None, slist([sym("begin", form), *form[2:]], form)], form)
    return self.expand(slist([sym("let", form), slist([slist([name, value], form)], form), body], form), scope)


@form_handler("if-let")
def form_if_let(self, form, scope):
    self.check_arity(form, 3, 3)
    name, value = binding_pair(self, form)
    body = slist([sym("if", form), is_nil_test(name, form), form[3], form[2]], form)
    return self.expand(slist([sym("let", form), slist([slist([name, value], form)], form), body], form), scope)


@form_handler("for-range")
def form_for_range(self, form, scope):
    if len(form) < 2 or not is_list(form[1]) or len(form[1]) not in (3, 4):
        raise self.error("for-range: expected (for-range (var start end [step]) body...)", form)
    var, start, end = form[1][0], form[1][1], form[1][2]
    step = form[1][3] if len(form[1]) == 4 else 1
    spec = slist([var, start, slist([sym("+", form), var, step], form)], form)
    test = slist([slist([sym(">=", form), var, end], form)], form)
    return self.expand(slist([sym("do", form), slist([spec], form), test, *form[2:]], form), scope)


@form_handler("defun")
def form_defun(self, form, scope):
    self.check_arity(form, 3)
    if not isinstance(form[1], Symbol) or not is_list(form[2]):
        raise self.error("defun: expected (defun name (params...) body...)", form)
    signature = slist([form[1], *form[2]], form)
    return self.expand(slist([sym("define", form), signature, *form[3:]], form), scope)


@form_handler("module")
def form_module(self, form, scope):
    # (module name (export ...) body...): the body is defined in place.
    self.check_arity(form, 1)
    body = [item for item in form[2:] if not (is_list(item) and item and is_symbol(item[0], "export"))]
    return self.expand(slist([sym("begin", form), *body], form), scope)


@form_handler("export")
def form_export(self, form, scope):
    return self.at(ir.Const(None), form)


@form_handler("defmulti")
def form_defmulti(self, form, scope):
    self.check_arity(form, 2, 2)
    if not isinstance(form[1], Symbol):
        raise self.error("defmulti: the name must be a symbol", form)
    make = slist([rt("make_multimethod", form), form[1].name, form[2]], form)
    return self.expand(slist([sym("define", form), form[1], make], form), scope)


@form_handler("defmethod")
def form_defmethod(self, form, scope):
    self.check_arity(form, 3, 3)
    return self.expand(slist([rt("add_method", form), form[1], form[2], form[3]], form), scope)


@form_handler("assert")
def form_assert(self, form, scope):
    self.check_arity(form, 1, 2)
    failure = slist([rt("assertion_failed", form), quoted(form[1], form), *form[2:]], form)
    return self.expand(slist([sym("if", form), form[1], True, failure], form), scope)


@form_handler("define-record-type")
def form_define_record_type(self, form, scope):
    if len(form) < 4:
        raise self.error("define-record-type: expected (define-record-type name (constructor field...) predicate field-spec...)", form)
    type_name = form[1]
    if is_list(type_name) and type_name:
        type_name = type_name[0]
    if not isinstance(type_name, Symbol):
        raise self.error("define-record-type: the type name must be a symbol", form)
    field_specs = []
    for spec in form[4:]:
        if isinstance(spec, Symbol):
            spec = slist([spec], form)
        if not is_list(spec) or not spec or not isinstance(spec[0], Symbol):
            raise self.error("define-record-type: each field must be (name accessor [modifier])", form)
        field_specs.append(spec)
    fields = [spec[0] for spec in field_specs]
    field_names = slist([Symbol(f.name) for f in fields], form)
    steps = [
        slist([sym("define", form), type_name, slist([rt("make_record_type", form), type_name.name, quoted(field_names, form)], form)], form)
    ]
    constructor = form[2]
    if is_list(constructor) and constructor:
        name, *arguments = constructor
        missing = [a.name for a in arguments if a.name not in {f.name for f in fields}]
        if missing:
            raise self.error(f"define-record-type: constructor argument {missing[0]} is not a field", constructor)
        args = slist([Symbol(a.name) for a in arguments], form)
        steps.append(slist([sym("define", form), name, slist([rt("record_constructor", form), type_name, quoted(args, form), name.name], form)], form))
    elif isinstance(constructor, Symbol):
        steps.append(slist([sym("define", form), constructor, slist([rt("record_constructor", form), type_name, quoted(field_names, form), constructor.name], form)], form))
    predicate = form[3]
    if isinstance(predicate, Symbol):
        steps.append(slist([sym("define", form), predicate, slist([rt("record_predicate", form), type_name, predicate.name], form)], form))
    for index, spec in enumerate(field_specs):
        if len(spec) > 1:
            steps.append(slist([sym("define", form), spec[1], slist([rt("record_accessor", form), type_name, index, spec[1].name], form)], form))
        if len(spec) > 2:
            steps.append(slist([sym("define", form), spec[2], slist([rt("record_modifier", form), type_name, index, spec[2].name], form)], form))
    node = self.expand(slist([sym("begin", form), *steps], form), scope)
    if isinstance(node, ir.Seq):
        node.body.append(self.at(ir.Const(None), form))
    return node


@form_handler("define-values")
def form_define_values(self, form, scope):
    self.check_arity(form, 2, 2)
    names = form[1]
    if not is_list(names):
        raise self.error("define-values: expected a list of names", form)
    temp = self.gensym("values", form)
    steps = [slist([sym("define", form), temp, slist([rt("values_list", form), form[2]], form)], form)]
    for index, name in enumerate(names):
        steps.append(slist([sym("define", form), name, slist([rt("seq_nth", form), temp, index], form)], form))
    node = self.expand(slist([sym("begin", form), *steps, None], form), scope)
    return node


@form_handler("let-values", "let*-values")
def form_let_values(self, form, scope):
    self.check_arity(form, 2)
    result = slist([sym("let", form), slist([], form), *form[2:]], form)
    for spec in reversed(list(form[1])):
        if not is_list(spec) or len(spec) != 2:
            raise self.error("let-values: each binding must be ((names...) expr)", form)
        names, expr = spec
        temp = self.gensym("values", form)
        bindings = [slist([temp, slist([rt("values_list", form), expr], form)], form)]
        for index, name in enumerate(names):
            bindings.append(slist([name, slist([rt("seq_nth", form), temp, index], form)], form))
        result = slist([sym("let*", form), slist(bindings, form), result], form)
    return self.expand(result, scope)


__all__ = ["Keyword", "Vector"]
