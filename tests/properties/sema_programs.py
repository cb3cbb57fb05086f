"""Hypothesis strategies that build well-formed, terminating Sema programs.

Generation is type-directed: :class:`ProgramBuilder` builds an expression of
a requested type (``"int"``, ``"str"``, ``"map"``...) from the typed
variables and functions in scope, so nearly every program runs without error.
A few productions fail on purpose (``(car 5)``, ``(/ n 0)``, an unbound
name) so that error reporting is compared too.

The programs stay inside what the reference interpreter and semac are
meant to agree on:

* recursion is at most 12 calls deep, far below the reference's call depth
  limit, and every loop runs at most 12 times;
* ``set!`` only assigns names that are already defined (the reference
  accepts ``set!`` of an unbound name, which semac rejects on purpose);
* no dotted pairs, no ``sqrt`` of negative numbers (complex results), no
  transcendental functions whose last digit depends on the C library;
* rationals have small numerators and denominators, so converting one to a
  float is exact in both implementations;
* keys in a map literal are distinct, because Sema 1.36 does not evaluate
  the value of a key that a later duplicate replaces;
* ``try`` runs inside a function called at once (see
  :meth:`ProgramBuilder.guarded`);
* negative zero is computed as ``(- 0.0)``, never written as a literal
  (see :meth:`ProgramBuilder.float_literal`).

Every strategy shrinks toward its first alternative, which is always a
literal, so a failing program shrinks to a short one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction

from hypothesis import strategies as st

from runtime.values import Char, Keyword, Map, Symbol, Vector

#: Types an expression can have, each built by a ``make_<type>`` method.
#: "exact" is an integer or a rational, "num" any number, "fn" a
#: one-argument function from int to int, "pred" a one-argument predicate
#: on ints, "any" a printable value of any type.
TYPES = ("int", "exact", "float", "num", "str", "bool", "kw", "sym", "char", "list", "vec", "map", "fn", "pred", "any")

#: Bases for variable names, chosen to exercise name mangling: Python
#: keywords, punctuation, underscores and names of builtins.
NAME_BASES = ("x", "acc", "my-val", "ok?", "total*", "class", "item_count", "->out", "set-it!", "list", "str", "max")

KEYWORDS = (":a", ":b", ":name", ":x-y", ":ok?", ":k2")
SYMBOLS = ("foo", "bar-baz", "ok?", "set!", "->", "a1", "string/upper")
CHARACTERS = ("#\\a", "#\\Z", "#\\space", "#\\newline", "#\\tab", "#\\(", "#\\;", "#\\é")
STRING_ALPHABET = "ab xyzé中😀\"\\\n\t\0-,:;()"
BIG_INTEGERS = (2**31, 2**53 + 1, -(2**62), 10**20, 2**64 - 1)

MAX_LOOP = 12
MAX_FUNCTIONS = 3

#: Productions that reach a bug already reported, switched off so that the
#: property checks everything else. Each has an xfail regression test in
#: test_regressions.py; delete the entry when that test passes. Setting
#: SEMAC_FUZZ_KNOWN_BUGS=1 switches them all back on.
KNOWN_BUGS = {
    # {1 :a 1.0 :b #t :c} keeps one key, because Map is a dict and 1 == 1.0 == True.
    "equal-number-keys",
    # {[1] 2} raises "unhashable type": lists, vectors and maps cannot be map keys.
    "collection-keys",
    # (* 1.0 (expt 10 400)) raises OverflowError; the reference gives inf.
    "huge-int-float",
}
if os.environ.get("SEMAC_FUZZ_KNOWN_BUGS"):
    KNOWN_BUGS = set()

#: Map keys of many types that never compare equal across types in Python.
SAFE_KEYS = ("2", "-3", "2.5", "1/3", "#t", "#f", "nil", '"a"', '"B"', "'q", "'r", ":a", ":b", "#\\c")
#: Keys that Python's dict merges although Sema keeps them apart.
EQUAL_NUMBER_KEYS = ("0", "1", "1.0", "0.0", "2.0", "(- 0.0)")
COLLECTION_KEYS = ("[1]", "'(2)", "{}", "[]")
#: Macros a program may define at top level, then use.
MACROS = {
    "my-or": "(define-syntax my-or (syntax-rules () ((_) #f) ((_ e) e) ((_ e r ...) (let ((t e)) (if t t (my-or r ...))))))",
    "twice": "(defmacro twice (form) `(begin ,form ,form))",
    "swap-list": "(define-syntax swap-list (syntax-rules () ((_ a b) (list b a))))",
}
#: Builtin names the generator never calls, so locals may shadow them.
SHADOWABLE = ("first", "second", "rest", "inc", "square", "identity")


@dataclass
class Program:
    """A generated program: top-level forms, then the expression whose value is compared."""

    forms: list[str]
    result: str

    def source(self) -> str:
        return "\n".join([*self.forms, self.result]) + "\n"

    def __repr__(self) -> str:
        return f"Program(\n{self.source()})"


@dataclass
class Env:
    """Names in scope: variables with their types, and functions with their kinds."""

    variables: list[tuple[str, str]] = field(default_factory=list)
    functions: list[tuple[str, str, int]] = field(default_factory=list)
    macros: tuple[str, ...] = ()

    def with_variables(self, *pairs: tuple[str, str]) -> "Env":
        shadowed = {name for name, _ in pairs}
        kept = [(name, ty) for name, ty in self.variables if name not in shadowed]
        functions = [f for f in self.functions if f[0] not in shadowed]
        return Env(kept + list(pairs), functions, self.macros)

    def names_of(self, ty: str) -> list[str]:
        if ty == "any":
            return [name for name, kind in self.variables if kind != "fn"]
        if ty == "num":
            return [name for name, kind in self.variables if kind in ("int", "exact", "float", "num")]
        if ty == "exact":
            return [name for name, kind in self.variables if kind in ("int", "exact")]
        return [name for name, kind in self.variables if kind == ty]

    def bound(self) -> set[str]:
        return {name for name, _ in self.variables} | {f[0] for f in self.functions} | set(self.macros)


def string_literal(text: str) -> str:
    """Write ``text`` as a Sema string literal using only the common escapes."""
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\0": "\\0"}
    return '"' + "".join(escapes.get(char, char) for char in text) + '"'


def float_literal(value: float) -> str:
    text = repr(value)
    return text if any(ch in text for ch in ".en") else text + ".0"


class ProgramBuilder:
    """Draws one program; each method returns Sema source text."""

    def __init__(self, draw) -> None:
        self.draw = draw
        self.counter = 0

    # -- drawing helpers ---------------------------------------------------

    def choice(self, count: int) -> int:
        return self.draw(st.integers(0, count - 1))

    def pick(self, options):
        return options[self.choice(len(options))]

    def fresh(self, env: Env, base: str | None = None) -> str:
        self.counter += 1
        base = base or self.pick(NAME_BASES)
        return f"{base}{self.counter}"

    def small(self, low: int = 0, high: int = MAX_LOOP) -> int:
        return self.draw(st.integers(low, high))

    # -- literals ------------------------------------------------------------

    def int_literal(self) -> str:
        if self.choice(8) == 7:
            big = BIG_INTEGERS if "huge-int-float" in KNOWN_BUGS else BIG_INTEGERS + (10**400,)
            return str(self.pick(big) * self.pick((1, -1)))
        return str(self.draw(st.integers(-30, 30)))

    def map_key(self) -> str:
        keys = SAFE_KEYS
        if "equal-number-keys" not in KNOWN_BUGS:
            keys += EQUAL_NUMBER_KEYS
        if "collection-keys" not in KNOWN_BUGS:
            keys += COLLECTION_KEYS
        return self.pick(keys)

    def exact_literal(self) -> str:
        numerator = self.draw(st.integers(-40, 40))
        denominator = self.draw(st.integers(1, 12))
        return f"{numerator}/{denominator}"

    def float_literal(self) -> str:
        if self.choice(3) == 0:
            # Sema 1.36 merges the literals 0.0 and -0.0 of one program into
            # whichever comes first, so negative zero is computed instead.
            return self.pick(("0.5", "1.0", "-2.25", "0.1", "1e-7", "(- 0.0)", "3.0", "1e21", "100.5"))
        value = self.draw(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False))
        return float_literal(abs(value) if value == 0 else value)

    def str_literal(self) -> str:
        return string_literal(self.draw(st.text(alphabet=STRING_ALPHABET, max_size=6)))

    def literal(self, ty: str) -> str:
        if ty == "int":
            return self.int_literal()
        if ty == "exact":
            return self.exact_literal()
        if ty == "float":
            return self.float_literal()
        if ty == "num":
            return self.pick((self.int_literal, self.exact_literal, self.float_literal))()
        if ty == "str":
            return self.str_literal()
        if ty == "bool":
            return self.pick(("#t", "#f", "true", "false"))
        if ty == "kw":
            return self.pick(KEYWORDS)
        if ty == "sym":
            return "'" + self.pick(SYMBOLS)
        if ty == "char":
            return self.pick(CHARACTERS)
        if ty == "list":
            items = [self.int_literal() for _ in range(self.small(0, 4))]
            return "'(" + " ".join(items) + ")"
        if ty == "vec":
            items = [self.int_literal() for _ in range(self.small(0, 4))]
            return "[" + " ".join(items) + "]"
        if ty == "map":
            pairs = [f"{self.pick(KEYWORDS)} {self.int_literal()}" for _ in range(self.small(0, 3))]
            return "{" + " ".join(pairs) + "}"
        if ty == "any":
            return self.literal(self.pick(("int", "str", "nil", "kw", "float", "exact", "bool", "sym", "char", "list", "vec", "map")))
        if ty == "nil":
            return self.pick(("nil", "'()"))
        if ty == "fn":
            return self.pick(("abs", "-", "#(* % 2)"))
        if ty == "pred":
            return self.pick(("odd?", "even?", "zero?"))
        raise ValueError(f"no literal for type {ty!r}")

    # -- expressions ---------------------------------------------------------

    def expr(self, ty: str, env: Env, depth: int) -> str:
        """Return an expression of type ``ty`` that uses names from ``env``."""
        names = env.names_of(ty)
        if depth <= 0 or self.choice(4) == 0:
            if names and self.choice(2) == 0:
                return self.pick(names)
            return self.literal(ty)
        productions = getattr(self, f"make_{ty}")
        return productions(env, depth - 1)

    def shared(self, ty: str, env: Env, depth: int) -> str:
        """Control forms that work for every type: let, if, cond, begin..."""
        option = self.choice(12)
        if option == 8:
            return self.shadowing_let(ty, env, depth)
        if option == 9:
            name = self.fresh(env)
            first = self.expr("int", env, depth)
            second = self.expr(self.pick(("exact", "exact", "float", "bool")), env, depth)
            body = self.expr(ty, env.with_variables((name, "any")), depth)
            return f"(let (({name} {first})) (define {name} {second}) (display (+ {name} {name})) {body})"
        if option == 10:
            return f"(eval '{self.expr(ty, Env(), min(depth, 1))})"
        if option == 11 and env.macros:
            return self.macro_use(ty, env, depth)
        if option == 0:
            test = self.expr("bool", env, depth)
            return f"(if {test} {self.expr(ty, env, depth)} {self.expr(ty, env, depth)})"
        if option == 1:
            name = self.fresh(env)
            bound_type = self.pick(("int", "str", "list", "num", "map"))
            value = self.expr(bound_type, env, depth)
            body = self.expr(ty, env.with_variables((name, bound_type)), depth)
            return f"(let (({name} {value})) {body})"
        if option == 2:
            first, second = self.fresh(env), self.fresh(env)
            value = self.expr("int", env, depth)
            inner = env.with_variables((first, "int"))
            second_value = f"(+ {first} {self.expr('int', inner, depth)})"
            body = self.expr(ty, inner.with_variables((second, "int")), depth)
            return f"(let* (({first} {value}) ({second} {second_value})) {body})"
        if option == 3:
            clauses = [f"({self.expr('bool', env, depth)} {self.expr(ty, env, depth)})" for _ in range(self.small(1, 3))]
            return f"(cond {' '.join(clauses)} (else {self.expr(ty, env, depth)}))"
        if option == 4:
            key = self.expr("int", env, depth)
            first = " ".join(str(self.small(-3, 3)) for _ in range(self.small(1, 3)))
            second = str(self.small(4, 6))
            return (
                f"(case {key} (({first}) {self.expr(ty, env, depth)}) (({second}) {self.expr(ty, env, depth)})"
                f" (else {self.expr(ty, env, depth)}))"
            )
        if option == 5:
            effect = self.statement_expr(env, depth)
            return f"(begin {effect} {self.expr(ty, env, depth)})"
        if option == 6:
            name = self.fresh(env)
            value = self.expr("int", env, depth)
            body = self.expr(ty, env.with_variables((name, "int")), depth)
            return f"((lambda ({name}) {body}) {value})"
        name = self.fresh(env)
        value = self.expr(ty, env, depth)
        inner = env.with_variables((name, ty))
        return f"(let () (define {name} {value}) {self.expr(ty, inner, depth)})"

    def shadowing_let(self, ty: str, env: Env, depth: int) -> str:
        """Bind a builtin's name locally; the generator never calls these builtins."""
        name = self.pick(SHADOWABLE)
        if name in env.bound():
            return self.expr(ty, env, depth)
        value = self.expr("int", env, depth)
        body = self.expr(ty, env.with_variables((name, "int")), depth)
        return f"(let (({name} {value})) {body})"

    def macro_use(self, ty: str, env: Env, depth: int) -> str:
        macro = self.pick(env.macros)
        if macro == "my-or":
            return f"(my-or {self.expr('bool', env, depth)} {self.expr(ty, env, depth)})"
        if macro == "twice":
            return f"(begin (twice {self.statement_expr(env, depth)}) {self.expr(ty, env, depth)})"
        # (swap-list a b) is (list b a).
        return f"(car (swap-list {self.expr(ty, env, depth)} {self.expr(ty, env, depth)}))"

    def statement_expr(self, env: Env, depth: int) -> str:
        """An expression run for its effect: printing, or assigning a variable."""
        option = self.choice(5)
        if option == 0:
            args = " ".join(self.expr("any", env, depth) for _ in range(self.small(0, 3)))
            return f"(println {args})".replace(" )", ")")
        if option == 1:
            return f"(display {self.expr('any', env, depth)})"
        if option == 2:
            return f"(print {self.expr('any', env, depth)})"
        assignable = [(name, ty) for name, ty in env.variables if ty != "fn"]
        if option == 3 and assignable:
            name, ty = self.pick(assignable)
            return f"(set! {name} {self.expr(ty, env, depth)})"
        return "(newline)"

    def call_function(self, env: Env, depth: int) -> str | None:
        if not env.functions:
            return None
        name, kind, arity = self.pick(env.functions)
        args = [self.expr("int", env, depth) for _ in range(arity)]
        if kind == "recursive":
            # The first argument counts down to 0: keep it small.
            args[0] = f"(modulo {args[0]} {MAX_LOOP})"
        return f"({name} {' '.join(args)})".replace(" )", ")")

    def nonzero(self, ty: str, env: Env, depth: int) -> str:
        """An expression of type ``ty`` that is never zero, for divisors."""
        name = self.fresh(env, "d")
        return f"(let (({name} {self.expr(ty, env, depth)})) (if (zero? {name}) 1 {name}))"

    def make_int(self, env: Env, depth: int) -> str:
        e = lambda ty="int": self.expr(ty, env, depth)  # noqa: E731
        option = self.choice(24)
        if option == 0:
            return f"(+ {' '.join(e() for _ in range(self.small(0, 3)))})".replace(" )", ")")
        if option == 1:
            return f"(- {e()} {e()})"
        if option == 2:
            return f"(* {e()} {e()})"
        if option == 3:
            op = self.pick(("quotient", "remainder", "modulo"))
            return f"({op} {e()} {self.nonzero('int', env, depth)})"
        if option == 4:
            return f"(abs {e()})" if self.choice(3) == 0 else f"({self.pick(('min', 'max'))} {e()} {e()})"
        if option == 5:
            return f"({self.pick(('length', 'count'))} {e('list')})"
        if option == 6:
            return f"(string-length {e('str')})"
        if option == 7:
            return f"(car (cons {e()} {e('list')}))"
        if option == 8:
            return f"({self.pick(('floor', 'ceiling', 'round', 'truncate'))} {e('exact')})"
        if option == 9:
            return f"(foldl + {e()} {e('list')})"
        if option == 10:
            return f"(apply {self.pick(('+', '*', 'max', 'min'))} {e()} {e('list')})"
        if option == 11:
            return f"(get {e('map')} {e('kw')} {e()})"
        if option == 12:
            return self.loop_int(env, depth)
        if option == 13:
            call = self.call_function(env, depth)
            return call if call is not None else f"(- {e()})"
        if option == 14:
            return f"({e('fn')} {e()})"
        if option == 15:
            return f"(expt {e()} {self.small(0, 4)})"
        if option == 16:
            return f"(length {e('vec')})"
        if option == 17:
            return self.do_loop(env, depth)
        if option == 18:
            return f"(foldl (lambda (a b) (- a b)) {e()} {e('list')})"
        if option == 19:
            return f"(reduce {self.pick(('+', 'max', 'min'))} (cons {e()} {e('list')}))"
        if option == 20:
            return f"(string->number (number->string {e()}))"
        if option == 21:
            return f"(count {e('map')})"
        if option == 22:
            return self.error_expr(env, depth)
        return self.shared("int", env, depth)

    def loop_int(self, env: Env, depth: int) -> str:
        loop, index, total = self.fresh(env, "loop"), self.fresh(env, "i"), self.fresh(env, "acc")
        limit = self.small()
        start = self.expr("int", env, depth)
        inner = env.with_variables((index, "int"), (total, "int"))
        step = self.expr("int", inner, depth)
        op = self.pick(("+", "-", "max"))
        return (
            f"(let {loop} (({index} 0) ({total} {start})) "
            f"(if (>= {index} {limit}) {total} ({loop} (+ {index} 1) ({op} {total} {step}))))"
        )

    def do_loop(self, env: Env, depth: int) -> str:
        index, total = self.fresh(env, "i"), self.fresh(env, "acc")
        limit = self.small()
        inner = env.with_variables((index, "int"), (total, "int"))
        return (
            f"(do (({index} 0 (+ {index} 1)) ({total} {self.expr('int', env, depth)} (+ {total} {self.expr('int', inner, depth)})))"
            f" ((>= {index} {limit}) {total}))"
        )

    def error_expr(self, env: Env, depth: int) -> str:
        """An expression that raises, to compare error reporting."""
        return self.pick(
            (
                "(car 5)",
                f"(quotient {self.expr('int', env, depth)} 0)",
                '(+ 1 "a")',
                "(undefined-function 1)",
                f'(error "boom" {self.expr("int", env, depth)})',
                f"(throw {self.expr('int', env, depth)})",
                f"(nth {self.expr('list', env, depth)} 100)",
                "(string-ref \"\" 0)",
                "((lambda (a b) a) 1)",
            )
        )

    def make_exact(self, env: Env, depth: int) -> str:
        e = lambda ty="exact": self.expr(ty, env, depth)  # noqa: E731
        option = self.choice(8)
        if option == 0:
            return f"(/ {e()} {self.nonzero('exact', env, depth)})"
        if option == 1:
            return f"(+ {e()} {e()})"
        if option == 2:
            return f"(- {e()} {e()})"
        if option == 3:
            return f"(* {e()} {e()})"
        if option == 4:
            return f"({self.pick(('min', 'max'))} {e()} {e()})"
        if option == 5:
            return f"(expt {self.nonzero('exact', env, depth)} {self.small(-2, 3)})"
        if option == 6:
            return f"(abs {e()})"
        return self.shared("exact", env, depth)

    def make_float(self, env: Env, depth: int) -> str:
        e = lambda ty="float": self.expr(ty, env, depth)  # noqa: E731
        option = self.choice(9)
        if option == 0:
            return f"(+ {e()} {e('num')})"
        if option == 1:
            return f"(* {e('num')} {e()})"
        if option == 2:
            return f"(- {e()} {e('num')})"
        if option == 3:
            return f"(/ {e()} {self.nonzero('num', env, depth)})"
        if option == 4:
            return f"(exact->inexact {e('exact')})"
        if option == 5:
            return f"({self.pick(('floor', 'ceiling', 'round', 'truncate', 'abs'))} {e()})"
        if option == 6:
            return f"(sqrt (abs {e()}))"
        if option == 7:
            return f"({self.pick(('min', 'max'))} {e()} {e('num')})"
        return self.shared("float", env, depth)

    def make_num(self, env: Env, depth: int) -> str:
        e = lambda ty="num": self.expr(ty, env, depth)  # noqa: E731
        option = self.choice(8)
        if option == 0:
            return f"(+ {e()} {e()})"
        if option == 1:
            return f"(- {e()} {e()})"
        if option == 2:
            return f"(* {e()} {e()})"
        if option == 3:
            return f"({self.pick(('min', 'max'))} {e()} {e()} {e()})"
        if option == 4:
            return f"(/ {e()} {self.nonzero('num', env, depth)})"
        if option == 5:
            return f"(sqrt {self.pick(('16', '1/4', '2', '0', '9/4', '2.25'))})"
        if option == 6:
            return e(self.pick(("int", "exact", "float")))
        return self.shared("num", env, depth)

    def make_str(self, env: Env, depth: int) -> str:
        e = lambda ty="str": self.expr(ty, env, depth)  # noqa: E731
        option = self.choice(16)
        if option == 0:
            return f"(string-append {' '.join(e() for _ in range(self.small(0, 3)))})".replace(" )", ")")
        if option == 1:
            return f"(str {' '.join(e('any') for _ in range(self.small(0, 3)))})".replace(" )", ")")
        if option == 2:
            return f"(number->string {e('num')})"
        if option == 3:
            return f"({self.pick(('string-upcase', 'string-downcase', 'string/upper', 'string/lower'))} {e()})"
        if option == 4:
            name = self.fresh(env, "s")
            return f"(let (({name} {e()})) (substring {name} 0 (quotient (string-length {name}) 2)))"
        if option == 5:
            return f"(symbol->string {e('sym')})"
        if option == 6:
            return f'(format "~a and ~s~~" {e("any")} {e("any")})'
        if option == 7:
            return f"(string/join (list {e()} {e()}) {e()})"
        if option == 8:
            return f"(string/trim {e()})"
        if option == 9:
            variables = [name for name, ty in env.variables if ty in ("int", "str", "kw", "float", "list")]
            inner = self.pick(variables) if variables else self.int_literal()
            if self.choice(2) == 0 and variables:
                inner = f"(list {inner} 1)"
            return f'f"v=${{{inner}}} and ${{{self.int_literal()}}}!"'
        if option == 10:
            return f"(keyword->string {e('kw')})"
        if option == 11:
            return f"(list->string (list {e('char')} {e('char')}))"
        if option == 12:
            return f"(list->string (reverse (string->list {e()})))"
        if option == 13:
            return f"(apply string-append (map (lambda (s) (string-append s \"-\")) (list {e()} {e()})))"
        if option == 14:
            return self.guarded(e(), "(:message err)")
        return self.shared("str", env, depth)

    def make_bool(self, env: Env, depth: int) -> str:
        e = lambda ty="bool": self.expr(ty, env, depth)  # noqa: E731
        option = self.choice(16)
        if option == 0:
            op = self.pick(("=", "<", ">", "<=", ">="))
            return f"({op} {' '.join(e('num') for _ in range(self.small(1, 3)))})"
        if option == 1:
            return f"({self.pick(('equal?', 'eq?', '='))} {e('any')} {e('any')})"
        if option == 2:
            return f"(not {e('any')})"
        if option == 3:
            return f"({self.pick(('and', 'or'))} {' '.join(e() for _ in range(self.small(0, 3)))})".replace(" )", ")")
        if option == 4:
            predicate = self.pick(
                ("null?", "nil?", "list?", "vector?", "map?", "string?", "number?", "integer?", "symbol?", "keyword?", "boolean?", "char?", "empty?")
            )
            return f"({predicate} {e('any')})"
        if option == 5:
            return f"({self.pick(('even?', 'odd?'))} {e('int')})"
        if option == 6:
            return f"(zero? {e('num')})"
        if option == 7:
            return f"(contains? {e('map')} {e('kw')})"
        if option == 8:
            return f"({self.pick(('equal?', 'string/contains?', 'string/starts-with?'))} {e('str')} {e('str')})"
        if option == 9:
            return f"(procedure? {e('fn')})"
        if option == 10:
            return f"({e('pred')} {e('int')})"
        if option == 11:
            return f"(if (member {e('int')} {e('list')}) #t #f)"
        if option == 12:
            return f"(equal? {e('list')} {e('vec')})"
        if option == 13:
            return f"(= {e('any')} {e('any')})"
        return self.shared("bool", env, depth)

    def make_kw(self, env: Env, depth: int) -> str:
        option = self.choice(3)
        if option == 0:
            return f"(car (cons {self.literal('kw')} '()))"
        if option == 1:
            return f"(string->keyword {string_literal(self.pick(('a', 'b', 'q-r')))})"
        return self.shared("kw", env, depth)

    def make_sym(self, env: Env, depth: int) -> str:
        option = self.choice(3)
        if option == 0:
            return f"(string->symbol {string_literal(self.pick(('abc', 'x-y', 'ok?')))})"
        if option == 1:
            return f"(car '({self.pick(SYMBOLS)} {self.pick(SYMBOLS)}))"
        return self.shared("sym", env, depth)

    def make_char(self, env: Env, depth: int) -> str:
        option = self.choice(3)
        if option == 0:
            return f'(string-ref "héllo" {self.small(0, 4)})'
        if option == 1:
            return f"(car (string->list {string_literal('xyz')}))"
        return self.shared("char", env, depth)

    def make_list(self, env: Env, depth: int) -> str:
        e = lambda ty="list": self.expr(ty, env, depth)  # noqa: E731
        option = self.choice(20)
        if option == 0:
            return f"(list {' '.join(self.expr('int', env, depth) for _ in range(self.small(0, 4)))})".replace(" )", ")")
        if option == 1:
            return f"(cons {self.expr('int', env, depth)} {e()})"
        if option == 2:
            return f"(cdr {e()})"
        if option == 3:
            return f"(append {e()} {e()})"
        if option == 4:
            return f"(reverse {e()})"
        if option == 5:
            return f"(map {self.expr('fn', env, depth)} {e()})"
        if option == 6:
            return f"(filter {self.expr('pred', env, depth)} {e()})"
        if option == 7:
            return f"(range {self.small(0, 5)} {self.small(0, 10)})"
        if option == 8:
            return f"(sort {e()})"
        if option == 9:
            return f"({self.pick(('take', 'drop'))} {self.small(0, 5)} {e()})"
        if option == 10:
            return f"`({self.small()} ,{self.expr('int', env, depth)} ,@{e()})"
        if option == 11:
            return f"(vector->list {e('vec')})"
        if option == 12:
            return f"(vals {e('map')})"
        if option == 13:
            return self.loop_list(env, depth)
        if option == 14:
            return f"(foldr cons '() {e()})"
        if option == 15:
            return f"(sort {e()} >)"
        if option == 16:
            return f"(map + {e()} {e()})"
        if option == 17:
            return f"(let ((found (member {self.expr('int', env, depth)} {e()}))) (if found found '()))"
        if option == 18:
            return f"(map (lambda (k) (* k k)) {e()})"
        return self.shared("list", env, depth)

    def loop_list(self, env: Env, depth: int) -> str:
        loop, index, total = self.fresh(env, "loop"), self.fresh(env, "i"), self.fresh(env, "acc")
        inner = env.with_variables((index, "int"), (total, "list"))
        item = self.expr("int", inner, depth)
        return (
            f"(let {loop} (({index} 0) ({total} '())) "
            f"(if (= {index} {self.small()}) (reverse {total}) ({loop} (+ {index} 1) (cons {item} {total}))))"
        )

    def make_vec(self, env: Env, depth: int) -> str:
        option = self.choice(6)
        if option == 0:
            return "[" + " ".join(self.expr("int", env, depth) for _ in range(self.small(0, 4))) + "]"
        if option == 1:
            return f"(vector {' '.join(self.expr('any', env, depth) for _ in range(self.small(0, 3)))})".replace(" )", ")")
        if option == 2:
            return f"(list->vector {self.expr('list', env, depth)})"
        if option == 3:
            return f"`[{self.small()} ,{self.expr('int', env, depth)} ,@{self.expr('list', env, depth)}]"
        if option == 4:
            return f"(reverse {self.expr('vec', env, depth)})"
        return self.shared("vec", env, depth)

    def make_map(self, env: Env, depth: int) -> str:
        e = lambda ty="map": self.expr(ty, env, depth)  # noqa: E731
        option = self.choice(9)
        if option == 0:
            keys = dict.fromkeys(self.literal("kw") for _ in range(self.small(0, 3)))
            return "{" + " ".join(f"{key} {self.expr('int', env, depth)}" for key in keys) + "}"
        if option == 1:
            return f"(assoc {e()} {self.expr('kw', env, depth)} {self.expr('int', env, depth)})"
        if option == 2:
            return f"(dissoc {e()} {self.expr('kw', env, depth)})"
        if option == 3:
            return f"(merge {e()} {e()})"
        if option == 4:
            return f"(hash-map {self.literal('kw')} {self.expr('int', env, depth)})"
        if option == 5:
            return f"`{{{self.literal('kw')} ,{self.expr('int', env, depth)}}}"
        if option == 6:
            return f"{{{self.small()} {self.expr('int', env, depth)} {self.str_literal()} {self.expr('int', env, depth)} {self.literal('kw')} 0}}"
        if option == 7:
            return f"(update-in {e()} [{self.literal('kw')}] (lambda (v) (if v (+ v 1) 0)))"
        return self.shared("map", env, depth)

    def make_fn(self, env: Env, depth: int) -> str:
        option = self.choice(7)
        name = self.fresh(env, "n")
        body = self.expr("int", env.with_variables((name, "int")), depth)
        if option == 0:
            return f"(lambda ({name}) {body})"
        if option == 1:
            return f"(fn [{name}] {body})"
        if option == 2:
            return f"#(+ % {self.int_literal()})"
        if option == 3:
            captured = self.fresh(env, "k")
            return f"((lambda ({captured}) (lambda ({name}) (* {name} {captured}))) {self.expr('int', env, depth)})"
        if option == 4:
            state = self.fresh(env, "count")
            return f"(let (({state} {self.expr('int', env, depth)})) (lambda ({name}) (set! {state} (+ {state} {name})) {state}))"
        if option == 5:
            inner = self.fresh(env, "q")
            inner_env = env.with_variables((name, "int"))
            value = self.expr("int", inner_env, depth)
            result = self.expr("int", inner_env.with_variables((inner, "int")), depth)
            return f"(lambda ({name}) (define {inner} {value}) {result})"
        return self.pick(("abs", "-", "+"))

    def make_pred(self, env: Env, depth: int) -> str:
        option = self.choice(4)
        if option == 0:
            name = self.fresh(env, "n")
            return f"(lambda ({name}) {self.expr('bool', env.with_variables((name, 'int')), depth)})"
        if option == 1:
            return f"#({self.pick(('>', '<', '='))} % {self.int_literal()})"
        if option == 2:
            return self.pick(("odd?", "even?", "zero?", "positive?", "negative?"))
        return f"(fn [v] (not ({self.pick(('odd?', 'even?'))} v)))"

    def guarded(self, body: str, handler: str) -> str:
        """``(try body (catch err handler))`` inside a function called at once.

        Sema 1.36 loses the earlier elements of a quasiquote or map literal
        that contains a try which catches: `(a ,(try (throw 1) (catch e 2)))
        gives ({:message "1" ...} 2). The function call keeps the try out of
        such contexts.
        """
        return f"((fn [] (try {body} (catch err {handler}))))"

    def make_any(self, env: Env, depth: int) -> str:
        option = self.choice(21)
        if option == 12:
            return self.mixed_map(env, depth)
        if option == 13:
            operation = self.pick(("get", "contains?", "dissoc"))
            return f"({operation} {self.mixed_map(env, depth)} {self.map_key()})"
        if option == 14:
            return f"(assoc {self.mixed_map(env, depth)} {self.map_key()} {self.expr('any', env, depth)})"
        if option == 15:
            return self.case_on_datums(env, depth)
        if option == 16:
            return self.closures_in_loop(env, depth)
        if option == 17:
            return self.match_form(env, depth)
        if option == 18:
            name = self.fresh(env, "rest")
            return f"((fn (a . {name}) (list a {name})) {' '.join(self.expr('any', env, depth) for _ in range(self.small(1, 3)))})"
        if option == 19:
            return self.guarded(f"(throw {self.expr('any', env, depth)})", "(list (:type err) (:value err))")
        if option == 20:
            return self.guarded(self.error_expr(env, depth), "(:type err)")
        if option == 0:
            return f"(list {' '.join(self.expr('any', env, depth) for _ in range(self.small(0, 3)))})".replace(" )", ")")
        if option == 1:
            return f"({self.pick(('and', 'or'))} {self.expr('any', env, depth)} {self.expr('any', env, depth)})"
        if option == 2:
            return f"(cond (#f 1) ({self.expr('any', env, depth)}))"
        if option == 3:
            return f"({self.pick(('when', 'unless'))} {self.expr('bool', env, depth)} {self.expr('any', env, depth)})"
        if option == 4:
            return f"`(a ,{self.expr('any', env, depth)} (b ,@{self.expr('list', env, depth)}))"
        if option == 5:
            return f"({self.expr('kw', env, depth)} {self.expr('map', env, depth)})"
        if option == 6:
            return f"'({self.pick(SYMBOLS)} {self.str_literal()} [{self.int_literal()} :k] {{:z {self.exact_literal()}}})"
        if option == 7:
            return f"(member {self.expr('int', env, depth)} {self.expr('list', env, depth)})"
        if option == 8:
            return self.guarded(self.expr("any", env, depth), "(list :caught (:message err))")
        if option == 9:
            return f"(keys {self.expr('map', env, depth)})"
        if option == 10:
            return self.error_expr(env, depth)
        return self.expr(self.pick(("int", "str", "list", "vec", "map", "num", "bool", "char", "sym", "kw")), env, depth + 1)

    def mixed_map(self, env: Env, depth: int) -> str:
        keys = dict.fromkeys(self.map_key() for _ in range(self.small(0, 4)))
        return "{" + " ".join(f"{key} {self.expr('any', env, depth)}" for key in keys) + "}"

    def case_on_datums(self, env: Env, depth: int) -> str:
        datums = ["1", "2", "1.0", "2.0", "1/2", "0.5", "'a", "'b", '"s"', ":k", "#\\c", "#t", "nil"]
        key = self.pick(datums).lstrip("'")
        subject = self.pick(datums)
        clauses = []
        for _ in range(self.small(1, 3)):
            keys = " ".join(self.pick(datums).lstrip("'") for _ in range(self.small(1, 3)))
            clauses.append(f"(({keys}) {self.expr('any', env, depth)})")
        clauses.insert(self.small(0, len(clauses)), f"(({key}) {self.expr('any', env, depth)})")
        return f"(case {subject} {' '.join(clauses)} (else {self.expr('any', env, depth)}))"

    def closures_in_loop(self, env: Env, depth: int) -> str:
        """Closures made in each iteration must each see that iteration's variable."""
        loop, index, found = self.fresh(env, "loop"), self.fresh(env, "i"), self.fresh(env, "fs")
        limit = self.small(0, 5)
        inner = env.with_variables((index, "int"))
        body = self.expr("int", inner, depth)
        option = self.choice(3)
        if option == 0:
            return (
                f"(let {loop} (({index} 0) ({found} '())) (if (< {index} {limit}) "
                f"({loop} (+ {index} 1) (cons (lambda () {body}) {found})) (map (lambda (f) (f)) {found})))"
            )
        if option == 1:
            return (
                f"(let (({found} '())) (do (({index} 0 (+ {index} 1))) ((= {index} {limit})) "
                f"(set! {found} (cons (lambda () {body}) {found}))) (map (lambda (f) (f)) {found}))"
            )
        return (
            f"(let (({found} '()) ({index} 0)) (while (< {index} {limit}) "
            f"(set! {found} (cons (lambda () {body}) {found})) (set! {index} (+ {index} 1))) "
            f"(map (lambda (f) (f)) {found}))"
        )

    def match_form(self, env: Env, depth: int) -> str:
        first, second, rest = self.fresh(env, "a"), self.fresh(env, "b"), self.fresh(env, "more")
        subject = self.expr(self.pick(("list", "vec", "any")), env, depth)
        clauses = [
            f"(({first} {second}) (list {first} {second}))",
            f"([{first} & {rest}] (list {first} {rest}))",
            f"((? number? {first}) {first})",
            f"({{:a {first}}} {first})",
            "(() 'empty)",
        ]
        chosen = [self.pick(clauses) for _ in range(self.small(1, 3))]
        return f"(match {subject} {' '.join(chosen)} (_ {self.expr('any', env, depth)}))"

    # -- top-level forms -------------------------------------------------------

    def function_definition(self, env: Env, depth: int) -> tuple[str, tuple[str, str, int]]:
        name = self.fresh(env, self.pick(("f", "add-up", "step?", "go!", "class")))
        builtin_name = self.pick(SHADOWABLE)
        if self.choice(4) == 0 and builtin_name not in env.bound():
            name = builtin_name
        option = self.choice(3)
        if option == 0:
            params = [self.fresh(env, "p") for _ in range(self.small(0, 2))]
            body = self.expr("int", env.with_variables(*[(p, "int") for p in params]), depth)
            return f"(define ({name} {' '.join(params)}) {body})".replace(" )", ")"), (name, "plain", len(params))
        count, total = self.fresh(env, "n"), self.fresh(env, "acc")
        inner = env.with_variables((count, "int"), (total, "int"))
        if option == 1:
            step = self.expr("int", inner, depth)
            text = f"(define ({name} {count} {total}) (if (<= {count} 0) {total} ({name} (- {count} 1) (+ {total} {step}))))"
            return text, (name, "recursive", 2)
        base = self.expr("int", env, depth)
        op = self.pick(("+", "-", "max"))
        text = f"(define ({name} {count}) (if (<= {count} 0) {base} ({op} {count} ({name} (- {count} 1)))))"
        return text, (name, "recursive", 1)

    def program(self, max_depth: int = 3, max_forms: int = 4) -> Program:
        env = Env()
        forms: list[str] = []
        for _ in range(self.small(0, max_forms)):
            option = self.choice(5)
            depth = self.small(0, max_depth)
            if option == 0:
                ty = self.pick(("int", "str", "list", "map", "num", "vec", "fn", "bool"))
                name = self.fresh(env)
                forms.append(f"(define {name} {self.expr(ty, env, depth)})")
                env = env.with_variables((name, ty))
            elif option == 1 and len(env.functions) < MAX_FUNCTIONS:
                text, signature = self.function_definition(env, depth)
                forms.append(text)
                env = Env(env.variables, [*env.functions, signature], env.macros)
            elif option == 2 and self.choice(2) == 0:
                macro = self.pick(sorted(MACROS))
                if macro not in env.macros:
                    forms.append(MACROS[macro])
                    env = Env(env.variables, env.functions, (*env.macros, macro))
            else:
                forms.append(self.statement_expr(env, depth))
        return Program(forms, self.expr("any", env, self.small(0, max_depth)))


@st.composite
def programs(draw, max_depth: int = 3, max_forms: int = 4) -> Program:
    """A strategy for :class:`Program`."""
    return ProgramBuilder(draw).program(max_depth, max_forms)


# -- plain values, for the printer and reader -----------------------------

def _atoms():
    finite_floats = st.floats(allow_nan=False, allow_infinity=False)
    fractions = st.builds(
        Fraction, st.integers(-(10**30), 10**30), st.integers(2, 10**20)
    ).filter(lambda value: value.denominator != 1)
    return st.one_of(
        st.integers(),
        st.booleans(),
        st.none(),
        finite_floats,
        fractions,
        st.text(),
        st.sampled_from([Keyword(name[1:]) for name in KEYWORDS]),
        st.sampled_from([Symbol(name) for name in SYMBOLS]),
        st.characters().map(Char),
    )


def _collections(children):
    items = st.lists(children, max_size=5)
    map_keys = st.one_of(st.integers(), st.text(max_size=4), st.sampled_from([Keyword(name[1:]) for name in KEYWORDS]))
    return st.one_of(
        items,
        items.map(Vector),
        st.dictionaries(map_keys, children, max_size=4).map(Map),
    )


#: Every kind of value a program can build and print, nested.
values = st.recursive(_atoms(), _collections, max_leaves=20)
