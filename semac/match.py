"""Pattern matching (``match``) and destructuring (``define``/``let``/params).

Patterns, as the reference accepts them:

* ``_`` matches anything; a symbol matches anything and binds it;
* numbers, strings, characters, keywords, booleans and nil match equal
  values; ``'datum`` matches a quoted datum;
* ``[p ... & rest]`` matches a list or vector element-wise, with an
  optional rest;
* ``{:key p ...}`` matches a map that has every key, and ``{:keys [a b]}``
  binds keys by name (destructuring only);
* a clause may carry a guard: ``(pattern :when test body...)``.

Other list patterns never match, as in the reference.
"""

from __future__ import annotations

from fractions import Fraction

from runtime.values import Char, Keyword, Symbol, Vector

from . import ir
from .expander import form_handler, is_list, is_symbol, slist, sym
from .reader import MapLiteral
from .derived import quoted, rt


def pattern_variables(pattern) -> list:
    """Return the symbols bound by a destructuring or match pattern."""
    if isinstance(pattern, Symbol):
        if pattern.name in ("_", "&"):
            return []
        return [pattern]
    if isinstance(pattern, Vector):
        return [v for item in pattern for v in pattern_variables(item)]
    if isinstance(pattern, MapLiteral):
        result = []
        for key, value in zip(pattern[0::2], pattern[1::2]):
            if isinstance(key, Keyword) and key.name in ("keys", "strs", "syms") and isinstance(value, list):
                result.extend(item for item in value if isinstance(item, Symbol))
            elif isinstance(key, Keyword) and key.name == "as" and isinstance(value, Symbol):
                result.append(value)
            elif isinstance(key, Keyword) and key.name == "or":
                continue
            elif isinstance(key, Symbol):
                result.append(key)
            else:
                result.extend(pattern_variables(value))
        return result
    return []


def destructure(expander, pattern, source, form) -> list:
    """Return ``(symbol, expression form)`` pairs that bind ``pattern`` from ``source``."""
    if isinstance(pattern, Symbol):
        if pattern.name == "_":
            return []
        return [(pattern, source)]
    if isinstance(pattern, Vector):
        items = list(pattern)
        rest_at = next((i for i, item in enumerate(items) if is_symbol(item, "&")), None)
        fixed = len(items) if rest_at is None else rest_at
        checked = expander.gensym("checked", form)
        check = slist([rt("destructure_sequence", form), source, fixed, rest_at is not None], form)
        result = [(checked, check)]
        source = checked
        for index, item in enumerate(items):
            if is_symbol(item, "&"):
                if index + 1 < len(items):
                    rest_source = slist([rt("seq_rest", form), source, index], form)
                    result.extend(nested(expander, items[index + 1], rest_source, form))
                break
            element = slist([rt("seq_nth", form), source, index], form)
            result.extend(nested(expander, item, element, form))
        return result
    if isinstance(pattern, MapLiteral):
        result = []
        defaults = {}
        for key, value in zip(pattern[0::2], pattern[1::2]):
            if isinstance(key, Keyword) and key.name == "or" and isinstance(value, MapLiteral):
                defaults = {k.name: v for k, v in zip(value[0::2], value[1::2]) if isinstance(k, Symbol)}
        for key, value in zip(pattern[0::2], pattern[1::2]):
            if isinstance(key, Keyword) and key.name in ("keys", "strs", "syms"):
                for name in value:
                    if not isinstance(name, Symbol):
                        raise expander.error("destructuring: :keys names must be symbols", form)
                    if key.name == "keys":
                        lookup = Keyword(name.name)
                    elif key.name == "strs":
                        lookup = name.name
                    else:
                        lookup = quoted(Symbol(name.name), form)
                    result.append((name, map_get(source, lookup, defaults.get(name.name), form)))
            elif isinstance(key, Keyword) and key.name == "as":
                result.append((value, source))
            elif isinstance(key, Keyword) and key.name == "or":
                continue
            elif isinstance(key, Symbol):
                result.append((key, map_get(source, value, defaults.get(key.name), form)))
            else:
                result.extend(nested(expander, value, map_get(source, key, None, form), form))
        return result
    raise expander.error("destructuring: expected a symbol, vector or map pattern", form)


def map_get(source, key, default, form):
    items = [rt("map_lookup", form), source, key]
    if default is not None:
        items.append(default)
    return slist(items, form)


def nested(expander, pattern, source, form) -> list:
    if isinstance(pattern, Symbol):
        return destructure(expander, pattern, source, form)
    temp = expander.gensym("part", form)
    return [(temp, source)] + destructure(expander, pattern, temp, form)


# -- match ----------------------------------------------------------------


@form_handler("match")
def form_match(self, form, scope):
    self.check_arity(form, 1)
    subject = self.gensym("subject", form)
    clauses = list(form[2:])
    for clause in clauses:
        if not is_list(clause) or len(clause) < 1:
            raise self.error("match: each clause must be (pattern body...)", form)
    failure = slist([rt("match_failed", form), subject], form)
    body = failure
    for clause in reversed(clauses):
        body = match_clause(self, clause, subject, body, form)
    return self.expand(slist([sym("let", form), slist([slist([subject, form[1]], form)], form), body], form), scope)


def match_clause(expander, clause, subject, otherwise, form):
    pattern = clause[0]
    rest = list(clause[1:])
    guard = None
    if len(rest) >= 2 and isinstance(rest[0], Keyword) and rest[0].name == "when":
        guard = rest[1]
        rest = rest[2:]
    tests: list = []
    bindings: list = []
    compile_pattern(expander, pattern, subject, tests, bindings, form)
    body = slist([sym("begin", clause), *rest], clause) if rest else None
    if guard is not None:
        # The guard can use the bindings. When it fails, later clauses are tried.
        no_match = expander.gensym("no-match", clause)
        attempt = slist([sym("let*", clause), slist([slist([n, e], clause) for n, e in bindings], clause),
                         slist([sym("if", clause), guard, body, no_match], clause)], clause)
        result = expander.gensym("result", clause)
        guarded = slist([sym("if", clause), slist([sym("and", clause), *tests], clause) if tests else True,
                         attempt, no_match], clause)
        return slist([sym("let", clause),
                      slist([slist([no_match, rt("NO_MATCH", clause)], clause)], clause),
                      slist([sym("let", clause), slist([slist([result, guarded], clause)], clause),
                             slist([sym("if", clause), slist([rt("is_no_match", clause), result], clause),
                                    otherwise, result], clause)], clause)], clause)
    bound = slist([sym("let*", clause), slist([slist([n, e], clause) for n, e in bindings], clause), body], clause)
    if not tests:
        return bound
    test = tests[0] if len(tests) == 1 else slist([sym("and", clause), *tests], clause)
    return slist([sym("if", clause), test, bound, otherwise], clause)


def compile_pattern(expander, pattern, source, tests: list, bindings: list, form) -> None:
    if isinstance(pattern, Symbol):
        if pattern.name == "_":
            return
        bindings.append((pattern, source))
        return
    if pattern is None or isinstance(pattern, (bool, int, float, Fraction, str, Char, Keyword)):
        tests.append(slist([rt("match_equal", form), source, pattern], form))
        return
    if is_list(pattern) and not pattern:
        tests.append(slist([rt("match_equal", form), source, quoted(slist([], form), form)], form))
        return
    if is_list(pattern) and len(pattern) == 2 and is_symbol(pattern[0], "quote"):
        tests.append(slist([rt("match_equal", form), source, pattern], form))
        return
    if isinstance(pattern, Vector):
        items = list(pattern)
        rest_at = next((i for i, item in enumerate(items) if is_symbol(item, "&")), None)
        fixed = items if rest_at is None else items[:rest_at]
        tests.append(slist([rt("match_sequence", form), source, len(fixed), rest_at is not None], form))
        for index, item in enumerate(fixed):
            element = slist([rt("seq_nth", form), source, index], form)
            compile_subpattern(expander, item, element, tests, bindings, form)
        if rest_at is not None and rest_at + 1 < len(items):
            rest_source = slist([rt("seq_rest", form), source, rest_at], form)
            compile_subpattern(expander, items[rest_at + 1], rest_source, tests, bindings, form)
        return
    if isinstance(pattern, MapLiteral):
        tests.append(slist([rt("match_map", form), source], form))
        for key, value in zip(pattern[0::2], pattern[1::2]):
            if isinstance(key, Keyword) and key.name in ("keys", "strs", "syms", "as", "or"):
                for name, expr in destructure(expander, slist_map([key, value], form), source, form):
                    bindings.append((name, expr))
                continue
            tests.append(slist([rt("map_has", form), source, key], form))
            compile_subpattern(expander, value, slist([rt("map_lookup", form), source, key], form), tests, bindings, form)
        return
    # Any other list pattern never matches, as in the reference.
    tests.append(False)


def compile_subpattern(expander, pattern, source, tests, bindings, form):
    if isinstance(pattern, (Symbol, Vector, MapLiteral)) and not isinstance(pattern, Symbol):
        # Bind the part to a name first so that later tests can see earlier bindings.
        temp = expander.gensym("part", form)
        inner_tests: list = []
        inner_bindings: list = []
        compile_pattern(expander, pattern, temp, inner_tests, inner_bindings, form)
        wrapped = [
            slist([sym("let", form), slist([slist([temp, source], form)], form), test], form) for test in inner_tests
        ]
        tests.extend(wrapped)
        bindings.append((temp, source))
        bindings.extend(inner_bindings)
        return
    compile_pattern(expander, pattern, source, tests, bindings, form)


def slist_map(items, form) -> MapLiteral:
    result = MapLiteral(items)
    result.line = getattr(form, "line", 0)
    result.column = getattr(form, "column", 0)
    return result


__all__ = ["destructure", "pattern_variables", "form_match", "ir"]
