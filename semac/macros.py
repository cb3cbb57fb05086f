"""User macros: ``defmacro`` procedures and ``syntax-rules`` transformers.

A ``defmacro`` body is compiled and run at compile time, in a namespace
holding the builtins and the module's earlier top-level functions. It
receives its arguments as plain data (positions stripped) and returns a
form, which is expanded in place of the call.

``syntax-rules`` transformers match patterns with ellipses and fill in
templates. Symbols that a template introduces (those that are not pattern
variables) are renamed with a :class:`~semac.scope.MarkedSymbol` carrying
a fresh mark per expansion, so a template's ``tmp`` never captures the
user's ``tmp``. A marked symbol that no template binding captures falls
back to its plain name: free identifiers keep their global meaning.
"""

from __future__ import annotations

import itertools

from runtime.values import Symbol, Vector

from .errors import CompileError
from .expander import form_handler, is_list, is_symbol, slist, sym
from .reader import MapLiteral, SourceList, SourceSymbol, SourceVector, strip_source
from .scope import MarkedSymbol

ELLIPSIS = "..."
_marks = itertools.count(1)


class ProcedureMacro:
    """A macro defined with ``defmacro``: a compiled Python function."""

    def __init__(self, name: str, function) -> None:
        self.name = name
        self.function = function

    def expand(self, form, expander):
        arguments = [strip_source(argument) for argument in form[1:]]
        try:
            result = self.function(*arguments)
        except CompileError:
            raise
        except Exception as exc:  # the macro's own code failed
            from runtime.errors import ArityError, error_message, to_sema_error

            error = to_sema_error(exc)
            if isinstance(error, ArityError) and "expected" in error.fields and "got" in error.fields:
                expected = error.fields["expected"]
                plural = "" if expected == "1" else "s"
                message = f"{self.name} expects {expected} argument{plural}, got {error.fields['got']}"
            else:
                message = f"error while expanding macro {self.name}: {error_message(exc)}"
            raise expander.error(message, form) from exc
        return reposition(result, form)


class SyntaxRules:
    """A ``syntax-rules`` transformer."""

    def __init__(self, name: str, literals: set[str], rules: list, ellipsis: str = ELLIPSIS) -> None:
        self.name = name
        self.literals = literals
        self.rules = rules
        self.ellipsis = ellipsis

    def expand(self, form, expander):
        for pattern, template in self.rules:
            bindings: dict = {}
            if self.match(list(pattern[1:]) if is_list(pattern) else [], list(form[1:]), bindings):
                mark = next(_marks)
                try:
                    return self.fill(template, bindings, mark, form)
                except CompileError as exc:
                    if exc.line:
                        raise
                    raise expander.error(exc.message, form) from exc
        raise expander.error(f"{self.name}: no syntax-rules pattern matches this use", form)

    # -- matching ---------------------------------------------------------

    def match(self, patterns: list, forms: list, bindings: dict) -> bool:
        index = 0
        for position, pattern in enumerate(patterns):
            following = patterns[position + 1] if position + 1 < len(patterns) else None
            if is_symbol(pattern, self.ellipsis):
                continue
            if following is not None and is_symbol(following, self.ellipsis):
                after = len(patterns) - position - 2
                count = len(forms) - index - after
                if count < 0:
                    return False
                matches = []
                for item in forms[index : index + count]:
                    inner: dict = {}
                    if not self.match_one(pattern, item, inner):
                        return False
                    matches.append(inner)
                for variable in self.pattern_variables(pattern):
                    bindings[variable] = EllipsisMatch([m.get(variable) for m in matches])
                index += count
                continue
            if index >= len(forms):
                return False
            if not self.match_one(pattern, forms[index], bindings):
                return False
            index += 1
        return index == len(forms)

    def match_one(self, pattern, form, bindings: dict) -> bool:
        if isinstance(pattern, Symbol):
            if pattern.name == "_":
                return True
            if pattern.name in self.literals:
                return isinstance(form, Symbol) and form.name == pattern.name
            bindings[pattern.name] = form
            return True
        if is_list(pattern):
            if not is_list(form):
                return False
            dot = next((i for i, p in enumerate(pattern) if is_symbol(p, ".")), None)
            if dot is not None:
                head, tail = list(pattern[:dot]), pattern[dot + 1]
                if len(form) < len(head):
                    return False
                if not self.match(head, list(form[: len(head)]), bindings):
                    return False
                return self.match_one(tail, slist(list(form[len(head) :]), form), bindings)
            return self.match(list(pattern), list(form), bindings)
        if isinstance(pattern, Vector):
            return isinstance(form, Vector) and self.match(list(pattern), list(form), bindings)
        return strip_source(pattern) == strip_source(form) and type(pattern) is type(form)

    def pattern_variables(self, pattern) -> list[str]:
        if isinstance(pattern, Symbol):
            if pattern.name in (self.ellipsis, "_", ".") or pattern.name in self.literals:
                return []
            return [pattern.name]
        if isinstance(pattern, list):
            return [name for item in pattern for name in self.pattern_variables(item)]
        return []

    # -- templates --------------------------------------------------------

    def fill(self, template, bindings: dict, mark: int, call):
        if isinstance(template, Symbol):
            if template.name in bindings:
                value = bindings[template.name]
                if isinstance(value, EllipsisMatch):
                    raise CompileError(
                        f"{self.name}: pattern variable {template.name} needs '...' after it in the template",
                        None,
                    )
                return value
            return MarkedSymbol(template.name, mark, getattr(call, "line", 0), getattr(call, "column", 0))
        if isinstance(template, list) and not isinstance(template, MapLiteral):
            items = list(template)
            if len(items) == 2 and is_symbol(items[0], self.ellipsis):
                return self.fill_escaped(items[1])
            result = []
            index = 0
            while index < len(items):
                item = items[index]
                depth = 0
                while index + depth + 1 < len(items) and is_symbol(items[index + depth + 1], self.ellipsis):
                    depth += 1
                if depth:
                    expansions = [item]
                    for _ in range(depth):
                        expansions = [
                            expanded
                            for element in expansions
                            for expanded in self.fill_ellipsis(element, bindings, mark, call)
                        ]
                    result.extend(expansions)
                    index += depth + 1
                    continue
                result.append(self.fill(item, bindings, mark, call))
                index += 1
            return rebuild(template, result, call)
        if isinstance(template, MapLiteral):
            return rebuild(template, [self.fill(item, bindings, mark, call) for item in template], call)
        return template

    def fill_ellipsis(self, template, bindings: dict, mark: int, call) -> list:
        names = [n for n in self.pattern_variables(template) if isinstance(bindings.get(n), EllipsisMatch)]
        if not names:
            raise CompileError(f"{self.name}: '...' follows a template without pattern variables", None)
        lengths = {len(bindings[n].items) for n in names}
        if len(lengths) > 1:
            raise CompileError(f"{self.name}: pattern variables under '...' matched different lengths", None)
        count = lengths.pop()
        results = []
        for index in range(count):
            local = dict(bindings)
            for name in names:
                local[name] = bindings[name].items[index]
            results.append(self.fill(template, local, mark, call))
        return results

    def fill_escaped(self, template):
        return template


class EllipsisMatch:
    """The forms a pattern variable matched under an ellipsis."""

    __slots__ = ("items",)

    def __init__(self, items: list) -> None:
        self.items = items


def rebuild(template, items: list, call):
    if isinstance(template, MapLiteral):
        result = MapLiteral(items)
    elif isinstance(template, Vector):
        result = SourceVector(items)
    else:
        result = SourceList(items)
    result.line = getattr(template, "line", 0) or getattr(call, "line", 0)
    result.column = getattr(template, "column", 0) or getattr(call, "column", 0)
    return result


def reposition(form, call):
    """Give positionless forms from a macro the position of the macro call."""
    line = getattr(call, "line", 0)
    column = getattr(call, "column", 0)
    if isinstance(form, Symbol) and not isinstance(form, (SourceSymbol, MarkedSymbol)):
        return SourceSymbol(form.name, line, column)
    if type(form) is list:
        result = SourceList(reposition(item, call) for item in form)
        result.line, result.column = line, column
        return result
    if type(form) is Vector:
        result = SourceVector(reposition(item, call) for item in form)
        result.line, result.column = line, column
        return result
    if isinstance(form, dict):
        items = []
        for key, value in form.items():
            items.extend([reposition(key, call), reposition(value, call)])
        result = MapLiteral(items)
        result.line, result.column = line, column
        return result
    return form


@form_handler("defmacro")
def form_defmacro(self, form, scope):
    if len(form) < 4:
        raise self.error(f"defmacro expects 3 or more arguments, got {len(form) - 1}", form)
    name, params = form[1], form[2]
    if not isinstance(name, Symbol):
        raise self.error("defmacro: the macro name must be a symbol", form)
    if not is_list(params):
        raise self.error("defmacro: params must be a list", form)
    lambda_form = slist([sym("lambda", form), params, *form[3:]], form)
    function = self.compiler.compile_time_function(lambda_form, name.name)
    self.compiler.define_macro(name.name, ProcedureMacro(name.name, function), form)
    return self.at(ir_const_none(), form)


@form_handler("define-syntax", "let-syntax-define")
def form_define_syntax(self, form, scope):
    self.check_arity(form, 2, 2)
    name, rules = form[1], form[2]
    if not isinstance(name, Symbol):
        raise self.error("define-syntax: the macro name must be a symbol", form)
    transformer = parse_syntax_rules(self, rules, name.name)
    self.compiler.define_macro(name.name, transformer, form)
    return self.at(ir_const_none(), form)


def parse_syntax_rules(expander, rules, name: str) -> SyntaxRules:
    if not (is_list(rules) and rules and is_symbol(rules[0], "syntax-rules")):
        raise expander.error("define-syntax: expected (syntax-rules (literal...) (pattern template)...)", rules)
    items = list(rules[1:])
    ellipsis = ELLIPSIS
    if items and isinstance(items[0], Symbol):
        ellipsis = items.pop(0).name
    if not items or not is_list(items[0]):
        raise expander.error("syntax-rules: expected a list of literals", rules)
    literals = {item.name for item in items[0] if isinstance(item, Symbol)}
    parsed = []
    for rule in items[1:]:
        if not is_list(rule) or len(rule) != 2 or not is_list(rule[0]):
            raise expander.error("syntax-rules: each rule must be ((_ pattern...) template)", rule if is_list(rule) else rules)
        parsed.append((rule[0], rule[1]))
    return SyntaxRules(name, literals, parsed, ellipsis)


def ir_const_none():
    from . import ir

    return ir.Const(None)
