"""The reader and the compiler fail only with located user errors.

Any text given to :func:`semac.reader.read_string`, and any form given to
the compiler, must either succeed or raise a :class:`~semac.errors.SemacError`
(``ReadError`` or ``CompileError``) that names the file, line and column.
Anything else (``AttributeError``, ``RecursionError``, an ``InternalError``,
an ``ast`` that Python's ``compile()`` rejects) is a bug in semac.

Forms are built from every special form and core macro name with random
arguments, so most of them misuse a form in some way. ``defmacro`` bodies
run at compile time, so the vocabulary leaves out every builtin that
touches files, the network or the process; a compile that runs longer than
:data:`COMPILE_SECONDS` (a macro that loops forever) is discarded.
"""

from __future__ import annotations

import os
import re
import signal
import traceback
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reference_runs import fuzz_examples
from semac.compiler import compile_to_code
from semac.errors import InternalError, SemacError
from semac.expander import SPECIAL_FORMS
from semac.reader import read_string
from sema_programs import programs

# Python's compile() warns about calls such as (1 2) in the emitted code;
# test_regressions.py covers that, so the warnings are not repeated here.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

EXAMPLES = fuzz_examples(300)
FILENAME = "fuzz.scm"
COMPILE_SECONDS = 5

#: Pieces of Sema syntax, valid and broken, that random text is made of.
TOKENS = (
    "(", ")", "[", "]", "{", "}", "'", "`", ",", ",@", "#(", "#;", "#|", "|#", "#!", ";", "\n", " ",
    '"', '\\"', "\\x41;", "\\x", "\\u00e9", "\\u12", "\\q", 'f"', "${", "}", "#\\", "#\\a", "#\\space",
    "#\\x41", "#\\bogus", "#t", "#f", "#true", "#x1F", "#b102", "#o7", "#z", "1/0", "1/2", "-3/6", "1e5",
    "1.5e", ".5", "1.", "-", "+", ".", "...", ":k", ":", "::", "nil", "x", "a.b", ".upper", "%", "%1",
    "%&", "%2", "define", "lambda", "let", "quote", "quasiquote", "unquote", "1", "-0", "99999999999999999999",
)

SAFE_FUNCTIONS = ("car", "cdr", "cons", "list", "+", "-", "*", "/", "=", "<", "str", "length", "append", "error", "throw", "not")
SYMBOLS = (
    "x", "y", "f", "...", "_", ".", "else", "=>", "&", "%", "%1", "a.b", ".upper", "catch", "syntax-rules",
    "unquote", "unquote-splicing", "quasiquote", "->", "it", "math", "no_such_module", ":keys", ":as", ":or",
    ":strs", "?",
) + SAFE_FUNCTIONS
HEADS = tuple(sorted(SPECIAL_FORMS)) + SAFE_FUNCTIONS + ("syntax-rules", "catch", "else", "x", "f", "m")


@contextmanager
def time_limit(seconds: int):
    """Raise :class:`CompileTimeout` in the main thread after ``seconds``."""

    def expire(signum, frame):
        raise CompileTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class CompileTimeout(BaseException):
    """A compile ran too long; a BaseException so that no ``except Exception`` wraps it."""


#: Internal errors already reported, by the semac function that raised
#: them. Each has an xfail regression test in test_regressions.py; remove
#: the entry when that test starts to pass, so the property checks it again.
KNOWN_INTERNAL_ERRORS = {
    ("reader.py", "strip_source"): "'{[1] 2}: a quoted map with a list or vector key",
}


def is_known_bug(error: BaseException) -> bool:
    """Tell whether ``error`` was raised where a bug in KNOWN_INTERNAL_ERRORS is."""
    cause = error.__cause__ if isinstance(error, InternalError) and error.__cause__ else error
    frames = traceback.extract_tb(cause.__traceback__)
    return any((os.path.basename(frame.filename), frame.name) in KNOWN_INTERNAL_ERRORS for frame in frames)


def check_located(error: SemacError, text: str) -> None:
    assert error.filename == FILENAME, f"{error!r} names file {error.filename!r}"
    assert isinstance(error.line, int) and error.line >= 1, f"{error} has line {error.line!r}"
    assert isinstance(error.column, int) and error.column >= 1, f"{error} has column {error.column!r}"
    assert error.line <= text.count("\n") + 1, f"{error} points past the last line"


atoms = st.one_of(
    st.sampled_from(SYMBOLS),
    st.integers(-5, 5).map(str),
    st.sampled_from(('"s"', ":k", ":as", "nil", "#t", "#\\a", "1.5", "1/2", "'q", "[]", "{}", "()")),
)


def _compound(children):
    lists = st.tuples(st.sampled_from(HEADS), st.lists(children, max_size=4)).map(
        lambda pair: "(" + " ".join([pair[0], *pair[1]]) + ")"
    )
    plain_lists = st.lists(children, max_size=4).map(lambda items: "(" + " ".join(items) + ")")
    vectors = st.lists(children, max_size=3).map(lambda items: "[" + " ".join(items) + "]")
    maps = st.lists(st.tuples(children, children), max_size=2).map(
        lambda pairs: "{" + " ".join(f"{key} {value}" for key, value in pairs) + "}"
    )
    quoted = st.tuples(st.sampled_from(("'", "`", ",", ",@")), children).map("".join)
    return st.one_of(lists, plain_lists, vectors, maps, quoted)


forms = st.recursive(atoms, _compound, max_leaves=25)
form_programs = st.lists(forms, min_size=1, max_size=4).map("\n".join)

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|#\\.[^\s()\[\]{}]*|,@|[()\[\]{}\'`,]|[^\s()\[\]{}\'`,"]+')


@st.composite
def mutated_programs(draw):
    """A well-formed generated program with a few tokens deleted, repeated or replaced.

    Most mutations touch atoms only, so brackets stay balanced and the
    mutated program reaches the expander instead of failing in the reader.
    """
    tokens = _TOKEN.findall(draw(programs(max_depth=2)).source())
    atom_indexes = [i for i, token in enumerate(tokens) if token not in _BRACKETS]
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(("replace", "replace", "replace", "delete", "repeat", "any")))
        if not atom_indexes or action == "any":
            index = draw(st.integers(0, len(tokens) - 1))
            tokens.insert(index, draw(st.sampled_from(TOKENS)))
            atom_indexes = [i for i, token in enumerate(tokens) if token not in _BRACKETS]
            continue
        index = draw(st.sampled_from(atom_indexes))
        if action == "replace":
            tokens[index] = draw(st.sampled_from(HEADS + SYMBOLS))
        elif action == "delete":
            tokens[index] = ""
        else:
            tokens[index] = tokens[index] + " " + tokens[index]
    return " ".join(token for token in tokens if token)


_BRACKETS = frozenset("()[]{}")


class _Pattern:
    """Builds a syntax-rules pattern, a template over its variables, and uses that match it."""

    def __init__(self, draw) -> None:
        self.draw = draw
        self.variables: list[tuple[str, int]] = []  # name and ellipsis depth

    def pattern(self, depth: int, ellipsis_depth: int = 0) -> str:
        option = self.draw(st.integers(0, 4)) if depth > 0 else self.draw(st.integers(0, 1))
        if option == 0:
            name = f"v{len(self.variables)}"
            self.variables.append((name, ellipsis_depth))
            return name
        if option == 1:
            return self.draw(st.sampled_from(("1", ":k", "else", '"s"', "_")))
        opener, closer = ("[", "]") if option == 4 else ("(", ")")
        items = [self.pattern(depth - 1, ellipsis_depth) for _ in range(self.draw(st.integers(0, 2)))]
        if option == 3:
            items.append(self.pattern(depth - 1, ellipsis_depth + 1))
            items.append("...")
        return opener + " ".join(items) + closer

    def template(self, depth: int) -> str:
        option = self.draw(st.integers(0, 3)) if depth > 0 else 0
        if option == 0 and self.variables:
            name, ellipsis_depth = self.draw(st.sampled_from(self.variables))
            return name + " ..." * self.draw(st.integers(max(0, ellipsis_depth - 1), ellipsis_depth + 1))
        if option <= 1:
            return self.draw(st.sampled_from(("list", "1", "tmp", "'q", "...")))
        items = [self.template(depth - 1) for _ in range(self.draw(st.integers(0, 3)))]
        head = self.draw(st.sampled_from(("list", "let", "begin", "if", "quote", "")))
        return "(" + " ".join([head, *items]).strip() + ")"

    def use(self, pattern: str) -> str:
        """Turn a pattern into a form it matches, repeating each ellipsis 0 to 2 times."""
        tokens = re.findall(r"\.\.\.|[()\[\]]|[^\s()\[\]]+", pattern)
        return self.fill(tokens)

    def fill(self, tokens: list[str]) -> str:
        output: list[str] = []
        index = 0
        while index < len(tokens):
            end = _form_end(tokens, index)
            piece = tokens[index:end]
            repeat = end < len(tokens) and tokens[end] == "..."
            copies = self.draw(st.integers(0, 2)) if repeat else 1
            for _ in range(copies):
                output.append(self.instantiate(piece))
            index = end + (1 if repeat else 0)
        return " ".join(output)

    def instantiate(self, piece: list[str]) -> str:
        if len(piece) == 1:
            token = piece[0]
            if token.startswith("v"):
                return self.draw(st.sampled_from(("1", "x", "(+ 1 2)", '"s"', "[]", "(list 1)")))
            return token
        return piece[0] + self.fill(piece[1:-1]) + piece[-1]


def _form_end(tokens: list[str], start: int) -> int:
    """Return the index just past the form that starts at ``tokens[start]``."""
    if tokens[start] not in ("(", "["):
        return start + 1
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index] in ("(", "["):
            depth += 1
        elif tokens[index] in (")", "]"):
            depth -= 1
            if depth == 0:
                return index + 1
    return len(tokens)


_PATTERN_ATOMS = ("a", "b", "c", "...", "_", "else", "1", ":k", '"s"')


def _pattern_compound(children):
    return st.one_of(
        st.lists(children, max_size=4).map(lambda items: "(" + " ".join(items) + ")"),
        st.lists(children, max_size=3).map(lambda items: "[" + " ".join(items) + "]"),
    )


#: Random data for defmacro bodies and arguments.
macro_pieces = st.recursive(st.sampled_from(_PATTERN_ATOMS), _pattern_compound, max_leaves=8)


@st.composite
def macro_programs(draw):
    """A syntax-rules or defmacro definition, then uses of it (mostly ones that match)."""
    if draw(st.booleans()):
        builder = _Pattern(draw)
        pattern = builder.pattern(3)
        template = builder.template(3)
        literals = " ".join(draw(st.lists(st.sampled_from(("else", "=>")), max_size=2)))
        definition = f"(define-syntax m (syntax-rules ({literals}) ((_ {pattern}) {template})))"
        uses = [f"(m {builder.use(pattern)})" for _ in range(draw(st.integers(1, 3)))]
    else:
        params = draw(st.sampled_from(("()", "(a)", "(a b)", "(a . rest)")))
        body = draw(macro_pieces).replace("...", ",@rest").replace("_", ",a")
        definition = f"(defmacro m {params} `{body})"
        uses = [f"(m {draw(macro_pieces)})" for _ in range(draw(st.integers(1, 3)))]
    return "\n".join([definition, *uses])


def compile_checked(text: str) -> None:
    """Compile ``text`` to a code object; fail unless it succeeds or raises a located SemacError."""
    try:
        with time_limit(COMPILE_SECONDS):
            compile_to_code(text, FILENAME)
    except SemacError as error:
        if error.line is None:
            assume(not is_known_bug(error))
        check_located(error, text)
    except CompileTimeout:
        assume(False)
    except InternalError as error:
        assume(not is_known_bug(error))
        raise


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=80))
def test_reader_on_any_text(text):
    try:
        read_string(text, FILENAME)
    except SemacError as error:
        check_located(error, text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_reader_on_token_soup(text):
    try:
        read_string(text, FILENAME)
    except SemacError as error:
        check_located(error, text)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(form_programs)
def test_compiler_on_random_forms(text):
    compile_checked(text)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_compiler_on_token_soup(text):
    compile_checked(text)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(mutated_programs())
def test_compiler_on_mutated_programs(text):
    compile_checked(text)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(macro_programs())
def test_compiler_on_random_macros(text):
    compile_checked(text)


@pytest.mark.parametrize("depth", [10, 100, 1000, 5000])
def test_deep_nesting_reads(depth):
    read_string("(" * depth + ")" * depth, FILENAME)
    read_string("'" * depth + "x", FILENAME)
